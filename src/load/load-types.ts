import type { RebuildSeconds } from './deferred-indexes.js';
import type { LoadProgress } from './progress.js';
import type { WorkerTiming } from './worker-protocol.js';

/** Which slice of a load a process makes (`--shard index/count`): `index` of `count`, 1-based. */
export interface ShardSpec {
  readonly index: number;
  readonly count: number;
}

export interface LoadTarget {
  /**
   * The server's maintenance database. Optional and only informative today: the load needs no
   * server-level rights (it never creates databases or changes settings).
   */
  readonly adminUrl?: string;
  /** The database to fill (migrated; normally fresh). */
  readonly databaseUrl: string;
}

export interface LoadOptions {
  /** 1 ≈ 170k rows, 10 ≈ 1.3M; fractions give small data sets. */
  readonly scale: number;
  /** Generator threads, each with its own connection. Default: CPUs / 2 (1 to 4). The data does not depend on it. */
  readonly workers?: number;
  /** Fixes every value. Default 1. */
  readonly seed?: number;
  /** The reference time: generated history lies before it. Default the domain's DEFAULT_NOW (2026-06-01T00:00:00Z). */
  readonly now?: Date | string;
  /**
   * `copy` (default): binary COPY; the keys, indexes and foreign keys of tables that were empty
   * are dropped first and rebuilt after the load from their own definitions. `insert`: multi-row
   * INSERTs with every index and key in place (the reference path; much slower).
   */
  readonly mode?: 'copy' | 'insert';
  /** Called a few times a second (see terminalProgress for a terminal). */
  readonly progress?: (progress: LoadProgress) => void;
  /**
   * The migrations folder the database must be migrated with (default the bundled one): the load
   * refuses, before touching anything, a database that is not.
   */
  readonly migrationsDir?: string;
  /**
   * Default true: while it runs, SIGINT, SIGTERM and SIGHUP stop the load, which then puts back
   * the keys it dropped (emptying the tables it was filling) and rejects with E_INTERRUPTED,
   * instead of ending the process with the keys missing. false: leave signals alone.
   */
  readonly handleSignals?: boolean;
  /** A line for a person (the CLI prints it on stderr), e.g. what an interruption is doing. */
  readonly log?: (line: string) => void;
  /**
   * Load only the `index`-th (1-based) of `count` disjoint slices (whole tenants), together with
   * `count` - 1 other processes given the other indexes, into the same database: together they make
   * exactly the tables one process makes. The database coordinates them (see runShard). COPY mode only.
   */
  readonly shard?: ShardSpec;
}

export interface LoadResult {
  /** Rows written, all tables. */
  readonly rows: number;
  /** Rows written per table (`schema.table`), in load order. */
  readonly counts: Record<string, number>;
  /** Wall time, end to end (generation, load, index rebuild). */
  readonly seconds: number;
  /**
   * Where the time went: preparing (pools, workers starting, partitions, index deferral, the
   * render farm), streaming rows, rebuilding the deferred keys, indexes and foreign keys.
   */
  readonly phaseSeconds: {
    readonly prepare: number;
    readonly rows: number;
    readonly indexes: number;
    /** Part of `prepare`: creating the monthly partitions the rows fall in. */
    readonly partitions: number;
    /** `indexes`, split: primary and unique keys, other indexes, foreign keys (added and validated). */
    readonly rebuild: RebuildSeconds;
  };
  /** Per worker thread: generating and encoding rows, and waiting for the server to take them. */
  readonly workers: readonly WorkerTiming[];
  /** With `shard`: which slice this process loaded, and whether it was the last (it rebuilt the keys). */
  readonly shard?: { readonly index: number; readonly count: number; readonly rebuiltKeys: boolean };
}
