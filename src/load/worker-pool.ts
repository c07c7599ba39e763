import type { Worker } from 'node:worker_threads';
import { SeedError } from '../errors.js';
import { spawnLoadWorker } from './spawn-worker.js';
import type { GoMessage, WorkerError, WorkerInput, WorkerMessage, WorkerTiming } from './worker-protocol.js';

/** What one worker made: rows per table, and where its time went. */
export interface WorkerResult {
  readonly counts: Record<string, number>;
  readonly timing: WorkerTiming;
}

/**
 * The load workers, started early: they start and connect while the coordinator prepares the
 * schema (partitions, deferred indexes, the render farm), and load when told `go()`. The first
 * failure stops the others and is rethrown with PostgreSQL's details.
 */
export class WorkerPool {
  private constructor(
    private readonly workers: readonly Worker[],
    /** Resolves when every worker is connected. */
    readonly ready: Promise<void>,
    /** Resolves to each worker's rows per table and timing. */
    readonly done: Promise<WorkerResult[]>,
  ) {}

  static async start(inputs: readonly WorkerInput[], onRows: (rows: number) => void): Promise<WorkerPool> {
    const workers = inputs.map((input, i) => spawnLoadWorker({ ...input, worker: i + 1 }));
    let stopping = false;
    const readies: Promise<void>[] = [];
    const results = workers.map((worker) => {
      let markReady!: () => void;
      let failReady!: (error: Error) => void;
      readies.push(
        new Promise<void>((resolve, reject) => {
          markReady = resolve;
          failReady = reject;
        }),
      );
      return new Promise<WorkerResult>((resolve, reject) => {
        let settled = false;
        const fail = (error: Error) => {
          settled = true;
          failReady(error);
          reject(error);
        };
        worker.on('message', (message: WorkerMessage) => {
          if (message.type === 'rows') onRows(message.rows);
          else if (message.type === 'ready') markReady();
          else if (message.type === 'done') {
            settled = true;
            resolve({ counts: message.counts, timing: message.timing });
          } else fail(explainWorkerError(message.error));
        });
        worker.on('error', fail);
        worker.on('exit', (code) => {
          if (!settled && !stopping)
            fail(new Error(`A load worker exited with code ${code} before finishing.`));
        });
      });
    });
    const done = Promise.all(results);
    const ready = Promise.all(readies).then(() => {});
    // Awaited later (or never, when preparing failed): keep an early failure from being "unhandled".
    done.catch(() => {});
    ready.catch(() => {});
    const pool = new WorkerPool(workers, ready, done);
    done.catch(() => {
      stopping = true;
      void pool.stop();
    });
    return pool;
  }

  go(): void {
    const message: GoMessage = { type: 'go' };
    for (const worker of this.workers) worker.postMessage(message);
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

function explainWorkerError(error: WorkerError): Error {
  const details = [
    error.table && `table ${error.table}`,
    error.constraint && `constraint ${error.constraint}`,
    error.detail,
    error.where,
  ]
    .filter(Boolean)
    .join('; ');
  const wrapped = new SeedError(
    'E_LOAD',
    `A load worker failed: ${error.message}${details ? ` (${details})` : ''}.`,
    {
      fix: error.code?.startsWith('23')
        ? 'A generated row broke a constraint: this is a bug in src/load; report it with the seed and scale.'
        : 'Check that the database is migrated and reachable, then load into a fresh database.',
    },
  );
  if (error.stack) wrapped.stack = `${wrapped.stack}\nWorker stack: ${error.stack}`;
  return wrapped;
}
