import type { TableName } from '../../schema/table-meta.js';
import type { CopyConnector } from './copy-connection.js';
import { copyRows } from './copy-rows.js';

/**
 * Rows of one createList waiting for their COPY. Anything that could observe the database (a
 * query, a create() from a hook) flushes them first, so every statement sees the rows an INSERT
 * per row would already have written. Flushes run one after another, never side by side.
 */
export class PendingRows {
  private rows: Record<string, unknown>[] = [];
  private last: Promise<void> = Promise.resolve();
  readonly stored: Record<string, unknown>[] = [];
  /** What CreateTools.once() has done during this createList. */
  readonly done = new Map<string, Promise<unknown>>();

  constructor(
    readonly table: TableName,
    private readonly connect: CopyConnector,
    private readonly onStored: (row: Record<string, unknown>) => void,
    /** After each COPY chunk, with the rows it stored. */
    private readonly onBatch: (rows: readonly Record<string, unknown>[]) => Promise<void> = async () => {},
  ) {}

  add(row: Record<string, unknown>): void {
    this.rows.push(row);
  }

  get size(): number {
    return this.rows.length;
  }

  /** Sends the rows added so far, after any flush still running. */
  flush(): Promise<void> {
    const next = this.last.then(() => this.send());
    this.last = next.catch(() => {});
    return next;
  }

  /** A row stored some other way (an INSERT), in its place in the list. */
  keep(row: Record<string, unknown>): void {
    this.stored.push(row);
    this.onStored(row);
  }

  private async send(): Promise<void> {
    if (this.rows.length === 0) return;
    const rows = this.rows;
    this.rows = [];
    const batch: Record<string, unknown>[] = [];
    await copyRows(this.connect, this.table, rows, (row) => {
      this.keep(row);
      batch.push(row);
    });
    await this.onBatch(batch);
  }
}
