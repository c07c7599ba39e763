import { availableParallelism } from 'node:os';
import type pg from 'pg';
import { connect } from '../database/connect.js';
import { databaseOf, quoteIdent, redact } from '../database/database-url.js';
import { assertMaySeed } from '../database/safety.js';
import { DEFAULT_NOW } from '../domain/tenancy.js';
import { SeedError } from '../errors.js';
import { openCopySink } from './copy-writer.js';
import { type DeferredIndexes, deferIndexes, restoreIndexes } from './deferred-indexes.js';
import { nodeRows, nodesTable } from './gen-nodes.js';
import { openInsertSink } from './insert-sink.js';
import { LOADED_TABLES } from './load-order.js';
import { assignShards, type IdOffsets, type LoadPlan, planLoad } from './load-plan.js';
import { buildPools } from './pools.js';
import { type LoadProgress, ProgressMeter } from './progress.js';
import { pump } from './row-sink.js';
import { WorkerPool } from './worker-pool.js';

export type { LoadProgress } from './progress.js';

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
  readonly phaseSeconds: { readonly prepare: number; readonly rows: number; readonly indexes: number };
}

/** Identity columns whose values the load gives (so they do not depend on the worker count). */
const IDENTITY_TABLES = {
  events: 'render.render_job_events',
  requestLogs: 'identity.tenant_api_request_logs',
  healthLogs: 'render.node_health_logs',
} as const;

/**
 * One worker per two CPUs (at most 4): a worker and the server process that ingests its COPY
 * each keep a CPU busy. On 2 CPUs one worker is fastest (measured: a second one made the row
 * phase 15% slower).
 */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(4, Math.floor(availableParallelism() / 2)));
}

/** Connections that rebuild deferred indexes: one per CPU, at most 4. */
function indexConnections(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

function resolveOptions(options: LoadOptions) {
  const scale = options.scale;
  if (!(typeof scale === 'number' && Number.isFinite(scale) && scale > 0)) {
    throw new SeedError(
      'E_BAD_SCALE',
      `The load scale must be a positive number, got ${JSON.stringify(scale)}.`,
      {
        fix: 'Pass --scale 1 for ≈170k rows, --scale 10 for ≈1.3M (fractions such as 0.05 give small data sets).',
      },
    );
  }
  const workers = options.workers ?? defaultWorkers();
  if (!(Number.isInteger(workers) && workers >= 1 && workers <= 64)) {
    throw new SeedError(
      'E_BAD_WORKERS',
      `--workers must be a whole number from 1 to 64, got ${JSON.stringify(workers)}.`,
      {
        fix: `Leave it out for ${defaultWorkers()} (half this machine's CPUs, 1 to 4).`,
      },
    );
  }
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed)) {
    throw new SeedError('E_BAD_SEED', `The seed must be an integer, got ${JSON.stringify(seed)}.`, {
      fix: 'Pass --seed 1 (any integer; the same seed gives the same data).',
    });
  }
  const now = new Date(options.now ?? DEFAULT_NOW);
  if (Number.isNaN(now.getTime())) {
    throw new SeedError('E_BAD_NOW', `The reference time ${JSON.stringify(options.now)} is not a date.`, {
      fix: 'Pass an ISO-8601 time such as 2026-06-01T00:00:00Z.',
    });
  }
  const mode = options.mode ?? 'copy';
  if (mode !== 'copy' && mode !== 'insert') {
    throw new SeedError('E_BAD_MODE', `The load mode must be copy or insert, got ${JSON.stringify(mode)}.`, {
      fix: 'Leave it out for copy (the fast path); insert is the slow reference path.',
    });
  }
  return { scale, workers, seed, nowMs: now.getTime(), mode };
}

/**
 * Fills a migrated database with a `load` data set: many tenants of skewed sizes, each with users,
 * a template catalogue, saved projects, render jobs with their step events, frame jobs, exports and
 * files, notifications and their deliveries, API request logs and daily usage, plus the render farm
 * and its health logs. Rows are generated in worker threads (a worker takes whole tenants) and
 * streamed with COPY as they are made; the same seed gives the same rows for any worker count.
 *
 * @example
 * const result = await runLoad({ databaseUrl }, { scale: 10, workers: 4, progress: terminalProgress() });
 * console.log(`${result.rows} rows in ${result.seconds.toFixed(1)} s`);
 */
export async function runLoad(target: LoadTarget, options: LoadOptions): Promise<LoadResult> {
  const started = performance.now();
  const { scale, workers, seed, nowMs, mode } = resolveOptions(options);
  const client = await connect(target.databaseUrl, { application: 'flatrender-seed load' });
  const extra: pg.Client[] = [];
  let deferred: DeferredIndexes | undefined;
  let pool: WorkerPool | undefined;
  let starting: Promise<WorkerPool> | undefined;
  try {
    await assertMaySeed(client, databaseOf(target.databaseUrl));
    const idOffsets = await currentIdentityMaxima(client);
    const plan = planLoad({ seed, scale, nowMs, idOffsets });
    await assertNotLoaded(client, plan, target.databaseUrl);
    const pools = buildPools(seed);
    const meter = new ProgressMeter(plan.estimatedTotal, options.progress);

    // The workers start and connect while the schema is prepared; they load on go().
    starting = WorkerPool.start(
      assignShards(plan, workers).map((shards) => ({
        databaseUrl: target.databaseUrl,
        seed,
        scale,
        nowMs,
        idOffsets,
        pools,
        shards,
        mode,
      })),
      (rows) => meter.add(rows),
    );
    starting.catch(() => {}); // awaited below; an early failure must not count as unhandled meanwhile
    await createPartitions(client, plan);
    if (mode === 'copy')
      deferred = await deferIndexes(
        client,
        LOADED_TABLES.map((t) => t.name),
      );

    // The render farm first: every tenant's frame jobs and events point at it.
    const onRows = (n: number) => meter.add(n);
    const nodeSink =
      mode === 'copy'
        ? await openCopySink(client, nodesTable, { onRows })
        : openInsertSink(client, nodesTable, onRows);
    await pump(nodeRows(plan), nodeSink, nodesTable.columns.length, nodesTable.name);
    const counts: Record<string, number> = { [nodesTable.name]: await nodeSink.close() };

    pool = await starting;
    const rowsStarted = performance.now();
    await pool.ready;
    pool.go();
    for (const result of await pool.done) {
      for (const [table, n] of Object.entries(result)) counts[table] = (counts[table] ?? 0) + n;
    }
    const rows = Object.values(counts).reduce((a, b) => a + b, 0);
    const indexesStarted = performance.now();

    if (deferred && deferred.tables.length > 0) {
      meter.enter('indexing', rows);
      extra.push(
        ...(await Promise.all(
          Array.from({ length: indexConnections() - 1 }, () =>
            connect(target.databaseUrl, { application: 'flatrender-seed load indexes' }),
          ),
        )),
      );
      const connections = [client, ...extra];
      const pending = deferred;
      deferred = undefined;
      await restoreIndexes(connections, pending);
    }
    await advanceIdentities(client);
    meter.enter('done', rows);
    const ordered = Object.fromEntries(
      LOADED_TABLES.filter((t) => counts[t.name] !== undefined).map((t) => [t.name, counts[t.name]!]),
    );
    const ended = performance.now();
    return {
      rows,
      counts: ordered,
      seconds: (ended - started) / 1000,
      phaseSeconds: {
        prepare: (rowsStarted - started) / 1000,
        rows: (indexesStarted - rowsStarted) / 1000,
        indexes: (ended - indexesStarted) / 1000,
      },
    };
  } catch (error) {
    // Leave the schema as it was even when the load failed half-way (workers stopped first).
    pool ??= await starting?.catch(() => undefined);
    await pool?.stop();
    if (deferred) await restoreIndexes([client], deferred).catch(() => {});
    throw error;
  } finally {
    await pool?.stop();
    await Promise.all([client, ...extra].map((c) => c.end().catch(() => {})));
  }
}

/** The highest identity value of each identity table: the load's ids start above them. */
async function currentIdentityMaxima(db: pg.Client): Promise<IdOffsets> {
  const { rows } = await db.query<{ events: string; request_logs: string; health_logs: string }>(
    `SELECT (SELECT coalesce(max(id), 0) FROM ${IDENTITY_TABLES.events}) AS events,
            (SELECT coalesce(max(id), 0) FROM ${IDENTITY_TABLES.requestLogs}) AS request_logs,
            (SELECT coalesce(max(id), 0) FROM ${IDENTITY_TABLES.healthLogs}) AS health_logs`,
  );
  const row = rows[0]!;
  return {
    events: Number(row.events),
    requestLogs: Number(row.request_logs),
    healthLogs: Number(row.health_logs),
  };
}

/** Loading the same seed twice would clash on every id: say so before starting. */
async function assertNotLoaded(db: pg.Client, plan: LoadPlan, url: string): Promise<void> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM identity.tenants WHERE id = ANY($1::uuid[])',
    [plan.tenants.map((t) => t.id)],
  );
  if ((rows[0]?.n ?? 0) > 0) {
    throw new SeedError(
      'E_ALREADY_LOADED',
      `Database "${databaseOf(url)}" on ${redact(url)} already holds the load data set of seed ${plan.seed} (its tenants exist).`,
      { fix: 'Load into a fresh database, reset this one first (seed reset), or pass another --seed.' },
    );
  }
}

/** Every month the logs fall in gets its partition before the first row (the default partition stays empty). */
async function createPartitions(db: pg.Client, plan: LoadPlan): Promise<void> {
  for (const month of plan.months.requestLogs) {
    await db.query(`SELECT public.ensure_monthly_partition('${IDENTITY_TABLES.requestLogs}', $1::date)`, [
      month,
    ]);
  }
  for (const month of plan.months.healthLogs) {
    await db.query(`SELECT public.ensure_monthly_partition('${IDENTITY_TABLES.healthLogs}', $1::date)`, [
      month,
    ]);
  }
}

/** The load gave identity values itself: move each sequence past them so later INSERTs do not collide. */
async function advanceIdentities(db: pg.Client): Promise<void> {
  for (const table of Object.values(IDENTITY_TABLES)) {
    await db.query(
      `SELECT setval(pg_get_serial_sequence($1, 'id'), max(id)) FROM ${table
        .split('.')
        .map(quoteIdent)
        .join('.')} HAVING max(id) IS NOT NULL`,
      [table],
    );
  }
}
