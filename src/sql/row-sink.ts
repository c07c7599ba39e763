import type { Row } from './copy-text.js';
import type { LoadTable } from './load-table.js';

/**
 * Where a generator's rows go: COPY into PostgreSQL, multi-row INSERTs, or a COPY text file.
 * `push` is synchronous and cheap; when it returns true the caller awaits `flush()`, which is
 * where backpressure is honoured, so at most one chunk per table is ever held in memory.
 */
export interface RowSink {
  /** Buffers one row; true when the buffer is full and `flush()` should be awaited. */
  push(row: Row): boolean;
  /** Sends what is buffered (waits while the receiver is busy). */
  flush(): Promise<void>;
  /** Sends the rest and finishes; resolves to the number of rows written. */
  close(): Promise<number>;
}

/** Opens a sink per table, in load order (a shard batch opens each table once). */
export interface SinkFactory {
  open(table: LoadTable): Promise<RowSink>;
  /**
   * true: the next table may be opened and filled while the previous sink is still closing (the
   * factory alternates two connections; the tables' keys are deferred, so their order does not
   * matter). Default false: each sink is closed before the next opens (keys in place, parents first).
   */
  readonly overlapClose?: boolean;
}

/** Streams `rows` into `sink`, flushing whenever the sink asks to; a row of the wrong width is a bug. */
export async function pump(rows: Iterable<Row>, sink: RowSink, width: number, table: string): Promise<void> {
  for (const row of rows) {
    if (row.length !== width) {
      throw new Error(`load ${table}: a generated row has ${row.length} fields, the column list ${width}`);
    }
    if (sink.push(row)) await sink.flush();
  }
}
