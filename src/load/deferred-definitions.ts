/** An index or constraint dropped before the load, with what recreates it. */
export interface SavedDefinition {
  /** `schema.table`, quoted. */
  readonly table: string;
  /** The index (`schema.name`, quoted) or the constraint's bare name. */
  readonly name: string;
  /** pg_get_indexdef or pg_get_constraintdef. */
  readonly definition: string;
}

export interface SavedForeignKey extends SavedDefinition {
  /** Partitioned tables cannot take NOT VALID foreign keys: added and checked in one step. */
  readonly partitioned: boolean;
}

export interface DeferredIndexes {
  /** Tables whose indexes and constraints were deferred (they were empty). */
  readonly tables: readonly string[];
  /** PRIMARY KEY and UNIQUE constraints of those tables. */
  readonly keys: readonly SavedDefinition[];
  /** Their indexes that no constraint owns. */
  readonly indexes: readonly SavedDefinition[];
  /** Their foreign keys, and every foreign key (of any table) that references them. */
  readonly foreignKeys: readonly SavedForeignKey[];
  /** Those of `tables` whose autovacuum the load turned off until their keys are back (see autovacuum.ts). */
  readonly autovacuumOff?: readonly string[];
}
