import type { IdOffsets, ShardPlan } from './load-plan.js';
import type { Pools } from './pools.js';

/** What a load worker is started with (structured-cloned as workerData). */
export interface WorkerInput {
  readonly databaseUrl: string;
  readonly seed: number;
  readonly scale: number;
  readonly nowMs: number;
  readonly idOffsets: IdOffsets;
  readonly pools: Pools;
  readonly shards: readonly ShardPlan[];
  readonly mode: 'copy' | 'insert';
  /** Which worker of the pool (1-based), in its connections' application_name. */
  readonly worker?: number;
}

/** What a worker reports to the coordinator. */
export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'rows'; readonly rows: number }
  | { readonly type: 'done'; readonly counts: Record<string, number>; readonly timing: WorkerTiming }
  | { readonly type: 'error'; readonly error: WorkerError };

/**
 * Where a worker's row phase went: making and encoding rows on its thread, and waiting for the
 * server to take them (a COPY stream's backpressure and the end of each COPY). Timed per 64 KB
 * chunk, not per row, so measuring costs nothing noticeable.
 */
export interface WorkerTiming {
  /** Generating rows and encoding them into COPY frames. */
  readonly busySeconds: number;
  /** Awaiting the server: a full socket, or a COPY's completion. */
  readonly waitSeconds: number;
  /**
   * CPU the worker's thread used over the same span (user + system), where the platform tells it
   * (Linux: /proc/thread-self/stat). Below busySeconds when other processes shared the CPUs: busy
   * is wall time with JavaScript running, descheduled moments included.
   */
  readonly cpuSeconds?: number;
}

/** What the coordinator tells a ready worker: the schema is prepared, load. */
export interface GoMessage {
  readonly type: 'go';
}

/** An error crossing the thread boundary: the message plus PostgreSQL's fields when there are some. */
export interface WorkerError {
  readonly message: string;
  readonly stack?: string;
  readonly code?: string;
  readonly detail?: string;
  readonly table?: string;
  readonly constraint?: string;
  readonly where?: string;
}

export function toWorkerError(error: unknown): WorkerError {
  const e = error as Partial<WorkerError> & { message?: string; stack?: string };
  return {
    message: e?.message ?? String(error),
    stack: e?.stack,
    code: e?.code,
    detail: e?.detail,
    table: e?.table,
    constraint: e?.constraint,
    where: e?.where,
  };
}
