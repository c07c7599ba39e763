// What the service schemas hold, as catalog queries read it (sql/catalog.ts) and codegen records it.

/** The six FlatRender service schemas, in migration order. */
export const SERVICE_SCHEMAS = [
  'identity',
  'content',
  'studio',
  'render',
  'file_mgr',
  'notification',
] as const;

export interface ColumnInfo {
  readonly name: string;
  /** Built-in type name (`uuid`, `int8`, `timestamptz`…) or a schema-qualified enum (`identity.tenant_kind`). */
  readonly type: string;
  readonly array: boolean;
  readonly enum: boolean;
  readonly nullable: boolean;
  /** The DEFAULT expression, if any. */
  readonly default: string | null;
  /** GENERATED ALWAYS (identity or stored expression): never written by an INSERT. */
  readonly generated: boolean;
}

export interface TableInfo {
  /** `schema.table` */
  readonly name: string;
  readonly columns: readonly ColumnInfo[];
  readonly primaryKey: readonly string[];
  readonly partitioned: boolean;
}

/** A foreign key: `table(columns)` references `references(refColumns)`. */
export interface ForeignKeyInfo {
  readonly table: string;
  readonly columns: readonly string[];
  readonly references: string;
  readonly refColumns: readonly string[];
}

export interface SchemaInfo {
  readonly tables: readonly TableInfo[];
  readonly enums: Readonly<Record<string, readonly string[]>>;
  /** Foreign keys of the service schemas' tables (partitions' copies left out), in table order. */
  readonly foreignKeys: readonly ForeignKeyInfo[];
}
