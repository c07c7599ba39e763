import { type Row, textValue } from './copy-text.js';
import type { LoadTable } from './load-table.js';
import type { Queryable } from './queryable.js';
import type { RowSink } from './row-sink.js';

/** PostgreSQL's limit on bind parameters per statement. */
const MAX_PARAMETERS = 65_535;
const MAX_ROWS = 1000;

/**
 * The INSERT path: multi-row `INSERT … OVERRIDING SYSTEM VALUE VALUES (…), (…)` with every
 * value bound in its text form (PostgreSQL's input functions parse it), every index and foreign
 * key in place. The reference the binary COPY path is tested against.
 */
export function openInsertSink(db: Queryable, table: LoadTable, onRows?: (rows: number) => void): RowSink {
  const width = table.columns.length;
  const batch = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMETERS / width)));
  let values: (string | null)[] = [];
  let rows = 0;
  let written = 0;
  const statements = new Map<number, string>();
  const statement = (count: number) => {
    let sql = statements.get(count);
    if (!sql) {
      const tuples: string[] = [];
      for (let r = 0; r < count; r++) {
        tuples.push(`(${table.columns.map((_, c) => `$${r * width + c + 1}`).join(', ')})`);
      }
      sql = `INSERT INTO ${table.sql} ${table.columnList} OVERRIDING SYSTEM VALUE VALUES ${tuples.join(', ')}`;
      statements.set(count, sql);
    }
    return sql;
  };
  const flush = async () => {
    if (rows === 0) return;
    const count = rows;
    const params = values;
    values = [];
    rows = 0;
    await db.query(statement(count), params);
    written += count;
    onRows?.(count);
  };
  return {
    push(row: Row): boolean {
      for (let i = 0; i < width; i++) values.push(textValue(table.kinds[i]!, row[i] ?? null));
      rows++;
      return rows >= batch;
    },
    flush,
    async close() {
      await flush();
      return written;
    },
  };
}
