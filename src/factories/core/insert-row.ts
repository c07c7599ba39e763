import { messageOf, SeedError } from '../../errors.js';
import { columnsOf, type RowOf, type TableName } from '../../schema/table-meta.js';
import { quoteIdent, quoteTable } from '../../sql/identifiers.js';
import { parameterText } from '../../sql/parameter-text.js';
import type { Queryable } from '../../sql/queryable.js';

/** Element types `pg` parses by itself; other arrays (enums, citext, cidr, uuid…) are read back as text[]. */
const PARSED_ARRAYS = new Set(['int2', 'int4', 'text']);

/** The RETURNING list that reads every column back as a plain JS value. */
export function returningList(table: TableName): string {
  return columnsOf(table)
    .map((c) =>
      c.array && !PARSED_ARRAYS.has(c.type)
        ? `${quoteIdent(c.name)}::text[] AS ${quoteIdent(c.name)}`
        : quoteIdent(c.name),
    )
    .join(', ');
}

/** Turns a JS value into what `pg` should send for that column. */
export function toParameter(type: string, array: boolean, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if ((type === 'jsonb' || type === 'json') && !array) return JSON.stringify(value);
  return parameterText(value);
}

/** INSERTs one row and returns it as PostgreSQL stored it; constraint errors name the table, constraint and values. */
export async function insertRow<T extends TableName>(
  db: Queryable,
  table: T,
  row: Record<string, unknown>,
  options: { readonly overridingSystemValue?: boolean } = {},
): Promise<RowOf<T>> {
  const columns = columnsOf(table).filter((c) => row[c.name] !== undefined);
  const names = columns.map((c) => quoteIdent(c.name)).join(', ');
  const placeholders = columns.map((_, i) => `$${i + 1}`).join(', ');
  const values = columns.map((c) => toParameter(c.type, c.array, row[c.name]));
  const sql = columns.length
    ? `INSERT INTO ${quoteTable(table)} (${names})${options.overridingSystemValue ? ' OVERRIDING SYSTEM VALUE' : ''} VALUES (${placeholders}) RETURNING ${returningList(table)}`
    : `INSERT INTO ${quoteTable(table)} DEFAULT VALUES RETURNING ${returningList(table)}`;
  try {
    const result = await db.query(sql, values);
    return result.rows[0] as RowOf<T>;
  } catch (error) {
    throw explainInsertError(table, row, error);
  }
}

const CONSTRAINT_RULES: Record<string, string> = {
  '23505': 'a unique key',
  '23503': 'a foreign key',
  '23514': 'a CHECK constraint',
  '23502': 'a NOT NULL column',
  '22P02': 'a value of the wrong type',
  '23P01': 'an exclusion constraint',
  '22003': 'the range of a column type',
  '22001': 'the length of a column',
  '22007': 'a date/time format',
  '22008': 'the range of a date/time',
};

export function explainInsertError(table: TableName, row: Record<string, unknown>, error: unknown): Error {
  const pgError = error as { code?: string; constraint?: string; detail?: string; column?: string };
  const rule = pgError.code
    ? (CONSTRAINT_RULES[pgError.code] ??
      (pgError.code.startsWith('22') ? 'a value PostgreSQL refused' : undefined))
    : undefined;
  if (!rule) return error instanceof Error ? error : new Error(String(error));
  const shown = Object.fromEntries(
    Object.entries(row).map(([k, v]) => [
      k,
      typeof v === 'string' && v.length > 60 ? `${v.slice(0, 57)}…` : v,
    ]),
  );
  const which = pgError.constraint
    ? ` "${pgError.constraint}"`
    : pgError.column
      ? ` (column ${pgError.column})`
      : '';
  return new SeedError(
    'E_CONSTRAINT',
    `Inserting into ${table} broke ${rule}${which}: ${messageOf(error)}${pgError.detail ? ` (${pgError.detail})` : ''}.\nValues: ${JSON.stringify(shown, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}`,
    {
      fix:
        pgError.code === '23505'
          ? 'Override the clashing column with a unique value, or reuse the existing row instead of creating another. If another createFactories() with the same seed and shard already seeded this database, it made these very rows: reuse that factories object, or give this one another `seed` or `shard`.'
          : pgError.code === '23503'
            ? 'Create the referenced row first (or let the factory create it: leave the reference column out).'
            : 'Change the overridden values so that they satisfy the rule above.',
      cause: error,
    },
  );
}
