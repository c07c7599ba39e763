import type pg from 'pg';
import {
  type ColumnMeta,
  columnsOf,
  primaryKeyOf,
  type RowOf,
  type TableName,
} from '../../schema/table-meta.js';
import { openCopySink } from '../../sql/copy-writer.js';
import { quoteIdent, quoteTable } from '../../sql/identifiers.js';
import { textTable } from '../../sql/load-table.js';
import { parameterText } from '../../sql/parameter-text.js';
import { pump } from '../../sql/row-sink.js';
import type { CopyConnection, CopyConnector } from './copy-connection.js';
import { explainInsertError, insertRow, returningList, toParameter } from './insert-row.js';

/**
 * The COPY path of `createList`: rows built by the factories exactly as for INSERT, sent with
 * `COPY … FROM STDIN` (pg-copy-streams), then read back by primary key so callers get the rows as
 * PostgreSQL stored them, defaults included. Every value is serialised by toParameter
 * (sql/parameter-text.ts), which also makes the INSERT path's parameters, so both store the same text.
 */

/** Rows are read back by primary key: a table without one keeps the INSERT path. */
export function copyableTable(table: TableName): boolean {
  return primaryKeyOf(table).length > 0;
}

/** Identity key columns: their values are drawn from the sequence before the COPY. */
function identityKeys(table: TableName): string[] {
  return primaryKeyOf(table).filter((key) => columnsOf(table).find((c) => c.name === key)?.generated);
}

/** Whether the row carries every key value the read-back needs (identity keys are drawn later). */
export function hasKeyValues(table: TableName, row: Record<string, unknown>): boolean {
  const drawn = identityKeys(table);
  return primaryKeyOf(table).every(
    (key) => drawn.includes(key) || (row[key] !== undefined && row[key] !== null),
  );
}

/**
 * Identity-keyed tables (append-only logs): the ids are drawn from the column's sequence before
 * the COPY, in row order, which is what one INSERT per row would have drawn. COPY writes supplied
 * identity values as `OVERRIDING SYSTEM VALUE` does.
 */
async function drawIdentities(
  client: pg.ClientBase,
  table: TableName,
  rows: Record<string, unknown>[],
): Promise<void> {
  for (const key of identityKeys(table)) {
    // No ORDER BY: rows come out in the order generate_series made them, the order nextval ran.
    const { rows: drawn } = await client.query<{ id: string | null }>(
      'SELECT nextval(pg_get_serial_sequence($1, $2))::text AS id FROM generate_series(1, $3)',
      [quoteTable(table), key, rows.length],
    );
    if (drawn.some((d) => d.id === null)) {
      throw new Error(
        `${table}.${key} is generated but has no sequence; the COPY path cannot draw its values`,
      );
    }
    rows.forEach((row, i) => {
      row[key] = drawn[i]!.id;
    });
  }
}

/** Rows sharing one column list go in one COPY (an INSERT leaves undefined columns to their defaults). */
function groupByColumns(
  table: TableName,
  rows: readonly Record<string, unknown>[],
): { columns: ColumnMeta[]; rows: Record<string, unknown>[] }[] {
  const groups: { signature: string; columns: ColumnMeta[]; rows: Record<string, unknown>[] }[] = [];
  for (const row of rows) {
    const columns = columnsOf(table).filter((c) => row[c.name] !== undefined);
    const signature = columns.map((c) => c.name).join(',');
    const last = groups.at(-1);
    if (last?.signature === signature) last.rows.push(row);
    else groups.push({ signature, columns, rows: [row] });
  }
  return groups;
}

/** `COPY …, line 42, column x: …` → the 0-based row that failed. */
function failedLine(error: unknown): number | undefined {
  const where = (error as { where?: string }).where ?? '';
  const match = /COPY [^,]+, line (\d+)/.exec(where);
  return match ? Number(match[1]) - 1 : undefined;
}

async function copyGroup(
  client: pg.ClientBase,
  table: TableName,
  columns: readonly ColumnMeta[],
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  // The load's COPY sink, in text format: every field is already the text an INSERT parameter
  // carries (toParameter), so each column is written as text and only COPY-escaped.
  const sink = await openCopySink(
    client,
    textTable(
      table,
      columns.map((c) => c.name),
    ),
    { format: 'text' },
  );
  await pump(
    rows.map((row) => columns.map((c) => toParameter(c.type, c.array, row[c.name]))),
    sink,
    columns.length,
    table,
  );
  await sink.close();
}

/** A value PostgreSQL refused (class 22) or a broken rule (class 23): what a replay reproduces row by row. */
function isRowError(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return code.startsWith('22') || code.startsWith('23');
}

/**
 * A COPY is all or nothing; one INSERT per row keeps the rows before the failing one and fails on
 * that row with its own values. Replaying the rows as INSERTs (with the ids already drawn) gives
 * exactly that outcome; each stored row is reported as it lands. When the replay cannot run (an
 * aborted transaction), the COPY's error is explained with the row its line names.
 */
async function insertOneByOne(
  client: pg.ClientBase,
  table: TableName,
  rows: readonly Record<string, unknown>[],
  copyError: unknown,
  onStored: (row: Record<string, unknown>) => void,
): Promise<void> {
  const overriding = identityKeys(table).length > 0;
  for (const row of rows) {
    try {
      onStored((await insertRow(client, table, row, { overridingSystemValue: overriding })) as never);
    } catch (error) {
      if ((error as { code?: string }).code !== '25P02') throw error;
      const line = failedLine(copyError);
      throw explainInsertError(table, (line !== undefined && rows[line]) || {}, copyError);
    }
  }
}

/** Reads the rows back by primary key, in the order they were given. */
async function readBack<T extends TableName>(
  client: pg.ClientBase,
  table: T,
  rows: readonly Record<string, unknown>[],
): Promise<RowOf<T>[]> {
  const keys = primaryKeyOf(table).map((name) => columnsOf(table).find((c) => c.name === name)!);
  const arrays = keys.map((key) => rows.map((row) => String(parameterText(row[key.name]))));
  const aliases = keys.map((_, i) => `k${i}`);
  const on = keys.map((key, i) => `t.${quoteIdent(key.name)} = k.${aliases[i]}::${key.type}`).join(' AND ');
  const columns = returningList(table)
    .split(', ')
    .map((c) => `t.${c}`)
    .join(', ');
  const { rows: stored } = await client.query(
    `SELECT ${columns} FROM ${quoteTable(table)} AS t
       JOIN unnest(${keys.map((_, i) => `$${i + 1}::text[]`).join(', ')}) WITH ORDINALITY AS k(${aliases.join(', ')}, ord)
         ON ${on}
      ORDER BY k.ord`,
    arrays,
  );
  if (stored.length !== rows.length) {
    throw new Error(`${table}: COPY sent ${rows.length} rows but ${stored.length} were found by primary key`);
  }
  return stored as RowOf<T>[];
}

/** On the caller's Client: a savepoint if it is inside a transaction (so a failed COPY can be undone), else none. */
async function savepoint(connection: CopyConnection): Promise<boolean> {
  if (!connection.callers) return false;
  // Outside a transaction block SAVEPOINT fails (25P01) and changes nothing.
  return connection.client.query(`SAVEPOINT ${SAVEPOINT}`).then(
    () => true,
    () => false,
  );
}

const SAVEPOINT = 'flatrender_seed_copy';

/**
 * COPYs rows built by a factory into their table and reports each one as stored, in order. One
 * COPY per run of rows with the same column list, each read back by primary key. A row PostgreSQL
 * refuses is found by replaying that COPY's rows as INSERTs: the rows before it are kept and its
 * error names the table, the rule and its values, as with one INSERT per row.
 */
export async function copyRows(
  connect: CopyConnector,
  table: TableName,
  rows: Record<string, unknown>[],
  onStored: (row: Record<string, unknown>) => void,
): Promise<void> {
  const connection = await connect();
  const { client } = connection;
  try {
    await drawIdentities(client, table, rows);
    for (const group of groupByColumns(table, rows)) {
      const saved = await savepoint(connection);
      try {
        await copyGroup(client, table, group.columns, group.rows);
        if (saved) await client.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
      } catch (error) {
        if (!isRowError(error)) throw error;
        if (saved) await client.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}; RELEASE SAVEPOINT ${SAVEPOINT}`);
        await insertOneByOne(client, table, group.rows, error, onStored);
        continue;
      }
      for (const row of await readBack(client, table, group.rows)) onStored(row as never);
    }
  } finally {
    connection.release();
  }
}
