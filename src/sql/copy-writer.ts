import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { BINARY_HEADER, BINARY_TRAILER, type BinaryRowEncoder, binaryRowEncoder } from './copy-binary.js';
import { copyTextLine, type Row } from './copy-text.js';
import type { LoadTable } from './load-table.js';
import type { RowSink } from './row-sink.js';

/** Chunk size: big enough to amortise a write, small enough that memory stays flat (~64 KB). */
export const CHUNK_BYTES = 64 * 1024;
/** Bytes kept free at the start of each frame (file sinks write whole frames; COPY skips them). */
export const FRAME_HEADER = 5;
const FRAME_BYTES = CHUNK_BYTES + 8192;

/**
 * Rows encoded one by one straight into ~64 KB buffers ("frames": no big intermediate string;
 * flattening one cost more than generating the rows), handed to `send` with their first
 * FRAME_HEADER bytes free for a protocol header. `send` may wait (backpressure); at most one full
 * frame is ever pending.
 */
abstract class FrameWriter implements RowSink {
  protected frame = Buffer.allocUnsafe(FRAME_BYTES);
  protected pos = FRAME_HEADER;
  private rowsInFrame = 0;
  private readonly full: { frame: Buffer; rows: number }[] = [];
  private written = 0;

  constructor(
    private readonly send: (frame: Buffer) => Promise<void>,
    private readonly finish: () => Promise<void>,
    private readonly onRows: (rows: number) => void,
  ) {}

  /** Writes one row at `pos` (room is ensured by `reserve`). */
  protected abstract encode(row: Row): void;
  /** Bytes to append after the last row (a binary trailer). */
  protected trailer(): Buffer | undefined {
    return undefined;
  }

  /** Makes room for `bytes` more in the current frame. */
  protected reserve(bytes: number): void {
    if (this.pos + bytes <= this.frame.length) return;
    this.seal();
    if (FRAME_HEADER + bytes > this.frame.length) {
      this.frame = Buffer.allocUnsafe(Math.max(FRAME_BYTES, FRAME_HEADER + bytes));
    }
  }

  push(row: Row): boolean {
    this.encode(row);
    this.rowsInFrame++;
    return this.full.length > 0 || this.pos >= CHUNK_BYTES;
  }

  async flush(): Promise<void> {
    this.seal();
    while (this.full.length > 0) {
      const { frame, rows } = this.full.shift()!;
      await this.send(frame);
      this.written += rows;
      if (rows > 0) this.onRows(rows);
    }
  }

  async close(): Promise<number> {
    const trailer = this.trailer();
    if (trailer) {
      this.reserve(trailer.length);
      this.pos += trailer.copy(this.frame, this.pos);
    }
    await this.flush();
    await this.finish();
    return this.written;
  }

  /** Queues the current frame (if it holds anything) and starts a new one. */
  private seal(): void {
    if (this.pos === FRAME_HEADER) return;
    this.full.push({ frame: this.frame.subarray(0, this.pos), rows: this.rowsInFrame });
    this.frame = Buffer.allocUnsafe(FRAME_BYTES);
    this.pos = FRAME_HEADER;
    this.rowsInFrame = 0;
  }
}

/** COPY text format (what `psql \copy` reads): the benchmark's files. */
export class CopyTextWriter extends FrameWriter {
  constructor(
    private readonly table: LoadTable,
    send: (frame: Buffer) => Promise<void>,
    finish: () => Promise<void>,
    onRows: (rows: number) => void = () => {},
  ) {
    super(send, finish, onRows);
  }

  protected encode(row: Row): void {
    const line = copyTextLine(row, this.table.kinds);
    // UTF-16 code units to UTF-8 bytes: at most 3 each.
    this.reserve(line.length * 3);
    this.pos += this.frame.write(line, this.pos);
  }
}

/** COPY binary format: what the loader streams (PostgreSQL parses it faster than text). */
export class CopyBinaryWriter extends FrameWriter {
  private readonly encoder: BinaryRowEncoder;

  constructor(
    table: LoadTable,
    /** Per column: the element type oid of an array column, else 0. */
    elementOids: readonly number[],
    send: (frame: Buffer) => Promise<void>,
    finish: () => Promise<void>,
    onRows: (rows: number) => void = () => {},
  ) {
    super(send, finish, onRows);
    this.encoder = binaryRowEncoder(table.kinds, elementOids, (i) => `${table.name}.${table.columns[i]}`);
    this.pos += BINARY_HEADER.copy(this.frame, this.pos);
  }

  protected encode(row: Row): void {
    this.reserve(this.encoder.bound(row));
    this.pos = this.encoder.write(this.frame, this.pos, row);
  }

  protected override trailer(): Buffer {
    return BINARY_TRAILER;
  }
}

/** The COPY statement that loads a table's column list. */
export function copyStatement(table: LoadTable, format: 'text' | 'binary' = 'binary'): string {
  return `COPY ${table.sql} ${table.columnList} FROM STDIN${format === 'binary' ? ' (FORMAT binary)' : ''}`;
}

/** Element type oids of a table's text[] columns, looked up once per connection. */
export async function elementOids(
  client: pg.ClientBase,
  table: LoadTable,
  cache: Map<string, number>,
): Promise<number[]> {
  const oids: number[] = [];
  for (const type of table.elementTypes) {
    if (type === null) {
      oids.push(0);
      continue;
    }
    let oid = cache.get(type);
    if (oid === undefined) {
      const { rows } = await client.query<{ oid: number }>('SELECT to_regtype($1)::oid::int AS oid', [type]);
      oid = rows[0]?.oid ?? 0;
      if (!oid) throw new Error(`${table.name}: type ${type} does not exist`);
      cache.set(type, oid);
    }
    oids.push(oid);
  }
  return oids;
}

/**
 * A sink streaming one table into PostgreSQL with `COPY … FROM STDIN (FORMAT binary)` on
 * `client`, through pg-copy-streams (it frames each chunk as a CopyData message without copying
 * it), honouring backpressure. The row count PostgreSQL reports must match what was sent, or the
 * load fails.
 */
export async function openCopySink(
  client: pg.ClientBase,
  table: LoadTable,
  options: {
    onRows?: (rows: number) => void;
    typeCache?: Map<string, number>;
    /** binary (the default: the load) or text (the factories' createList, whose values are text already). */
    format?: 'binary' | 'text';
  } = {},
): Promise<RowSink> {
  const format = options.format ?? 'binary';
  const oids = format === 'binary' ? await elementOids(client, table, options.typeCache ?? new Map()) : [];
  const copy = client.query(copyFrom(copyStatement(table, format)));
  // The server may refuse a row at any moment: keep its error for the next write (an 'error'
  // event nobody listens to would end the process).
  let failure: Error | undefined;
  copy.on('error', (error: Error) => {
    failure = error;
  });
  let sent = 0;
  const send = async (frame: Buffer) => {
    if (failure) throw failure;
    // `once` rejects when the stream errors while we wait.
    if (!copy.write(frame.subarray(FRAME_HEADER))) await once(copy, 'drain');
  };
  const finish = async () => {
    if (failure) throw failure;
    copy.end();
    // After an error pg-copy-streams may fail in its own way: the server's error is the one to tell.
    await finished(copy).catch((error: unknown) => {
      throw failure ?? error;
    });
    if (copy.rowCount !== sent)
      throw new Error(`COPY ${table.name}: sent ${sent} rows, PostgreSQL stored ${copy.rowCount}`);
  };
  const onRows = (rows: number) => {
    sent += rows;
    options.onRows?.(rows);
  };
  return format === 'binary'
    ? new CopyBinaryWriter(table, oids, send, finish, onRows)
    : new CopyTextWriter(table, send, finish, onRows);
}
