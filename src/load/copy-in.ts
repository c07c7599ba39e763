import { once } from 'node:events';
import type pg from 'pg';

/** What `pg` hands a submittable: its protocol connection (typed loosely: @types/pg omits the COPY calls). */
export interface CopyConnection {
  readonly stream: NodeJS.WritableStream;
  query(text: string): void;
  endCopyFrom(): void;
}

/**
 * `COPY … FROM STDIN` on a `pg.Client`: `writeFrame()` sends one CopyData message (header
 * included, built by the caller so the data is never copied again) and waits while the socket
 * is full; `end()` resolves to the number of rows PostgreSQL reports. Implemented on `pg`'s
 * submittable protocol hooks, so no extra dependency is needed.
 *
 * @example
 * const copy = startCopy(client, 'COPY identity.tenants (id, slug, name) FROM STDIN');
 * const data = Buffer.from('…\t…\t…\n');
 * const frame = Buffer.concat([Buffer.from([0x64, 0, 0, 0, 0]), data]);
 * frame.writeInt32BE(frame.length - 1, 1);
 * await copy.writeFrame(frame);
 * const rows = await copy.end();
 */
export interface CopyStream {
  writeFrame(frame: Buffer): Promise<void>;
  end(): Promise<number>;
}

class CopyInQuery {
  private connection: CopyConnection | undefined;
  private rowCount = 0;
  private failure: Error | undefined;
  private readonly started: Promise<void>;
  private readonly finished: Promise<number>;
  private resolveStarted!: () => void;
  private rejectStarted!: (error: Error) => void;
  private resolveFinished!: (rows: number) => void;
  private rejectFinished!: (error: Error) => void;

  constructor(readonly text: string) {
    this.started = new Promise((resolve, reject) => {
      this.resolveStarted = resolve;
      this.rejectStarted = reject;
    });
    this.finished = new Promise((resolve, reject) => {
      this.resolveFinished = resolve;
      this.rejectFinished = reject;
    });
    // Either may be awaited late (or never, after a failure): keep them from being "unhandled".
    this.started.catch(() => {});
    this.finished.catch(() => {});
  }

  // pg's submittable protocol ----------------------------------------------------------------
  submit(connection: pg.Connection): void {
    this.connection = connection as unknown as CopyConnection;
    this.connection.query(this.text);
  }
  handleCopyInResponse(): void {
    this.resolveStarted();
  }
  handleCommandComplete(message: { text?: string }): void {
    const rows = Number(message.text?.split(' ')[1]);
    if (Number.isFinite(rows)) this.rowCount = rows;
  }
  handleReadyForQuery(): void {
    if (this.failure) this.rejectFinished(this.failure);
    else this.resolveFinished(this.rowCount);
    // A COPY the server never started (a syntax error) must not leave write() waiting.
    this.rejectStarted(new Error(`COPY did not start: ${this.text}`));
  }
  handleError(error: Error): void {
    this.failure = error;
    this.rejectStarted(error);
    this.rejectFinished(error);
  }
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}

  // The writer's side -------------------------------------------------------------------------
  async writeFrame(frame: Buffer): Promise<void> {
    await this.started;
    if (this.failure) throw this.failure;
    const stream = this.connection!.stream;
    if (!stream.write(frame)) await Promise.race([once(stream, 'drain'), this.finished]);
    if (this.failure) throw this.failure;
  }

  async end(): Promise<number> {
    await this.started;
    this.connection!.endCopyFrom();
    return this.finished;
  }
}

/** Starts `COPY … FROM STDIN` on `client` (which must not be running anything else). */
export function startCopy(client: pg.Client, sql: string): CopyStream {
  const query = new CopyInQuery(sql);
  client.query(query);
  return query;
}
