import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { prepareValue } from 'pg/lib/utils.js';
import { from as copyFrom } from 'pg-copy-streams';
import { quoteIdent } from '../../database/database-url.js';
import { COPY_VIA, type Queryable } from '../../database/queryable.js';
import { explainInsertError, insertRow, qualified, returningList, toParameter } from './insert-row.js';
import { type ColumnMeta, columnsOf, primaryKeyOf, type RowOf, type TableName } from './table-meta.js';

/**
 * The COPY path of `createList`: rows built by the factories exactly as for INSERT, sent with
 * `COPY … FROM STDIN` (pg-copy-streams), then read back by primary key so callers get the rows as
 * PostgreSQL stored them, defaults included. Every value is serialised by `pg`'s own
 * `prepareValue`, the function that serialises INSERT parameters, so both paths store the same text.
 */

/** A connection COPY can run on, and how to give it back. */
interface CopyConnection {
  readonly client: pg.ClientBase;
  release(): void;
}

type Releasable = pg.ClientBase & { release?: (error?: Error) => void };

/** A pg Client/PoolClient (COPY on that very connection, inside its transaction if any). */
function isClient(handle: unknown): handle is pg.ClientBase {
  return typeof handle === 'object' && handle !== null && 'connection' in handle && 'query' in handle;
}

/** A pg Pool (COPY on a connection of its own, committed on its own). */
function isPool(handle: unknown): handle is pg.Pool {
  return (
    typeof handle === 'object' &&
    handle !== null &&
    'totalCount' in handle &&
    typeof (handle as pg.Pool).connect === 'function'
  );
}

/**
 * How to reach a connection for COPY from a query handle: the handle itself when it is a Client,
 * a pooled connection when it is a Pool, what it names under COPY_VIA (the vitest `db` fixture);
 * undefined for any other handle, which then takes the INSERT path.
 */
export function copyConnector(db: Queryable): (() => Promise<CopyConnection>) | undefined {
  const handle = (db as { [COPY_VIA]?: unknown })[COPY_VIA] ?? db;
  if (isClient(handle)) return async () => ({ client: handle, release: () => {} });
  if (isPool(handle)) {
    return async () => {
      const client: Releasable = await handle.connect();
      return { client, release: () => client.release?.() };
    };
  }
  return undefined;
}

/** Default values the COPY path can supply itself: the primary key must be known before the COPY. */
export function copyableTable(table: TableName): boolean {
  return primaryKeyOf(table).length > 0;
}

/** COPY text format: `\N` for NULL, backslash escapes for the four characters that frame a row. */
function copyField(column: ColumnMeta, value: unknown): string {
  const prepared = prepareValue(toParameter(column.type, column.array, value));
  if (prepared === null || prepared === undefined) return '\\N';
  const text = Buffer.isBuffer(prepared) ? `\\x${prepared.toString('hex')}` : String(prepared);
  return text.replace(/[\\\n\r\t]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t',
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
  for (const key of primaryKeyOf(table)) {
    const column = columnsOf(table).find((c) => c.name === key)!;
    if (!column.generated) continue;
    const { rows: drawn } = await client.query<{ id: string }>(
      `SELECT nextval(pg_get_serial_sequence($1, $2))::text AS id FROM generate_series(1, $3)`,
      [qualified(table), key, rows.length],
    );
    if (drawn.some((d) => d.id === null)) {
      throw new Error(
        `${table}.${key} is generated but has no sequence; the COPY path cannot draw its values`,
      );
    }
    drawn.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
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
  const list = columns.map((c) => quoteIdent(c.name)).join(', ');
  const sql = `COPY ${qualified(table)} (${list}) FROM STDIN`;
  // ~64 KB writes: large enough to amortise the CopyData framing, small enough to stream.
  function* chunks(): Generator<string> {
    let chunk = '';
    for (const row of rows) {
      chunk += `${columns.map((c) => copyField(c, row[c.name])).join('\t')}\n`;
      if (chunk.length >= 65_536) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  try {
    await pipeline(Readable.from(chunks()), client.query(copyFrom(sql)));
  } catch (error) {
    await insertOneByOne(client, table, rows, error);
  }
}

/**
 * A COPY is all or nothing; one INSERT per row keeps the rows before the failing one and fails on
 * that row with its own values. Replaying the rows as INSERTs gives exactly that outcome. In an
 * aborted transaction (the caller's Client) nothing can be replayed, and nothing would have been
 * kept either: the COPY's error is explained with the row it names.
 */
async function insertOneByOne(
  client: pg.ClientBase,
  table: TableName,
  rows: readonly Record<string, unknown>[],
  copyError: unknown,
): Promise<void> {
  const identities = primaryKeyOf(table).filter(
    (key) => columnsOf(table).find((c) => c.name === key)?.generated,
  );
  for (const row of rows) {
    // An identity column takes no explicit value in an INSERT: the replay draws new ids.
    const values = identities.length
      ? Object.fromEntries(Object.entries(row).filter(([k]) => !identities.includes(k)))
      : row;
    try {
      await insertRow(client, table, values);
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
  const arrays = keys.map((key) => rows.map((row) => String(prepareValue(row[key.name]))));
  const aliases = keys.map((_, i) => `k${i}`);
  const on = keys.map((key, i) => `t.${quoteIdent(key.name)} = k.${aliases[i]}::${key.type}`).join(' AND ');
  const columns = returningList(table)
    .split(', ')
    .map((c) => `t.${c}`)
    .join(', ');
  const { rows: stored } = await client.query(
    `SELECT ${columns} FROM ${qualified(table)} AS t
       JOIN unnest(${keys.map((_, i) => `$${i + 1}::text[]`).join(', ')}) WITH ORDINALITY AS k(${aliases.join(', ')}, ord)
         ON ${on}
      ORDER BY k.ord`,
    arrays,
  );
  return stored as RowOf<T>[];
}

/**
 * COPYs rows built by a factory into their table and returns them as stored, in order. One COPY
 * per run of rows with the same column list; on a constraint error the message names the table,
 * the rule and the offending row's values, and nothing of that COPY is kept.
 */
export async function copyRows<T extends TableName>(
  connect: () => Promise<CopyConnection>,
  table: T,
  rows: Record<string, unknown>[],
): Promise<RowOf<T>[]> {
  const connection = await connect();
  try {
    await drawIdentities(connection.client, table, rows);
    for (const group of groupByColumns(table, rows)) {
      await copyGroup(connection.client, table, group.columns, group.rows);
    }
    return await readBack(connection.client, table, rows);
  } finally {
    connection.release();
  }
}
