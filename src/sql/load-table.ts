import { type TableName, tableInfo } from '../schema/generated/tables.js';
import { type ColumnKind, columnKind } from './copy-text.js';
import { quoteIdent, quoteTable } from './identifiers.js';

/** A table the loader fills: its load column list (the order of a generated row's fields). */
export interface LoadTable {
  readonly name: TableName;
  readonly columns: readonly string[];
  /** Per column: how its values are typed and encoded. */
  readonly kinds: readonly ColumnKind[];
  /** Per column: the element type of a text[] column (`text` or an enum's `schema.type`), else null. */
  readonly elementTypes: readonly (string | null)[];
  /** The identity column among `columns` (the loader gives identity values itself), if any. */
  readonly identity: string | undefined;
  /** `"schema"."table"`. */
  readonly sql: string;
  /** `("a", "b", …)`. */
  readonly columnList: string;
}

/**
 * Declares the columns a generator fills, in its row order, checked against the generated schema
 * metadata: unknown and GENERATED … STORED columns are refused at import time, not mid-load.
 */
export function loadTable(name: TableName, columns: readonly string[]): LoadTable {
  const info = tableInfo[name].columns as readonly {
    name: string;
    type: string;
    array: boolean;
    enum: boolean;
    generated: boolean;
    default: string | null;
  }[];
  let identity: string | undefined;
  const metas = columns.map((column) => {
    const meta = info.find((c) => c.name === column);
    if (!meta) throw new Error(`load table ${name}: no column "${column}"`);
    // tableInfo marks identity columns as generated too; only expression columns are refused.
    if (meta.generated) {
      if (meta.type !== 'int8' && meta.type !== 'int4') {
        throw new Error(`load table ${name}: "${column}" is a generated column and cannot be loaded`);
      }
      identity = column;
    }
    return meta;
  });
  const kinds = metas.map((meta) => {
    try {
      return columnKind(meta.type, meta.array, meta.enum);
    } catch (error) {
      throw new Error(`load table ${name}.${meta.name}: ${(error as Error).message}`);
    }
  });
  const elementTypes = metas.map((meta) => (meta.array ? meta.type : null));
  if (new Set(columns).size !== columns.length)
    throw new Error(`load table ${name}: a column is listed twice`);
  return {
    name,
    columns,
    kinds,
    elementTypes,
    identity,
    sql: quoteTable(name),
    columnList: `(${columns.map(quoteIdent).join(', ')})`,
  };
}

/**
 * A table whose rows arrive as PostgreSQL's text form of each value already (the factories'
 * parameter text): every column is written as text, only COPY-escaped, whatever its type.
 */
export function textTable(name: TableName, columns: readonly string[]): LoadTable {
  return {
    name,
    columns,
    kinds: columns.map(() => 'text' as const),
    elementTypes: columns.map(() => null),
    identity: undefined,
    sql: quoteTable(name),
    columnList: `(${columns.map(quoteIdent).join(', ')})`,
  };
}
