import { availableParallelism } from 'node:os';
import type pg from 'pg';
import { type DatabaseLock, lockDatabase } from '../database/database-lock.js';
import { assertMaySeed } from '../database/safety.js';
import { LARGE_LOAD_ROWS, MAX_SCALE } from '../domain/load-scale.js';
import { referenceTime } from '../domain/tenancy.js';
import { messageOf, SeedError } from '../errors.js';
import { assertMigrated } from '../migrations/assert-migrated.js';
import { connect } from '../sql/connect.js';
import { openCopySink } from '../sql/copy-writer.js';
import { databaseOf } from '../sql/database-url.js';
import { openInsertSink } from '../sql/insert-sink.js';
import { pump } from '../sql/row-sink.js';
import {
  type DeferredIndexes,
  deferIndexes,
  type RebuildSeconds,
  restoreIndexes,
} from './deferred-indexes.js';
import { nodeRows, nodesTable } from './gen-nodes.js';
import {
  clearDeferred,
  recordLoadTenants,
  recoverInterruptedLoad,
  repairedNote,
  undoLoad,
} from './interrupted-load.js';
import { Interruption } from './interruption.js';
import { assertLoadFits, estimateLoad, freeSpaceOf } from './load-estimate.js';
import { LOADED_TABLES } from './load-order.js';
import { assignShards, planLoad } from './load-plan.js';
import {
  advanceIdentities,
  assertNotLoaded,
  createPartitions,
  currentIdentityMaxima,
  indexConnections,
  withNote,
} from './load-steps.js';
import type { LoadOptions, LoadResult, LoadTarget } from './load-types.js';
import { buildPools } from './pools.js';
import { ProgressMeter } from './progress.js';
import { runShard } from './run-shard.js';
import { liveShards } from './shard-registry.js';
import { WorkerPool } from './worker-pool.js';

export type { LoadOptions, LoadResult, LoadTarget, ShardSpec } from './load-types.js';
export type { LoadProgress } from './progress.js';

/**
 * One worker per two CPUs (at most 4): a worker and the server process that ingests its COPY
 * each keep a CPU busy. On 2 CPUs one worker is fastest (measured: a second one made the row
 * phase 15% slower).
 */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(4, Math.floor(availableParallelism() / 2)));
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
  if (scale > MAX_SCALE) {
    throw new SeedError(
      'E_SCALE_TOO_LARGE',
      `The load scale is ${scale}; the load accepts at most ${MAX_SCALE} (≈120M rows, ≈42 GB).`,
      { fix: `Pass a scale of ${MAX_SCALE} or less.` },
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
  const now = referenceTime(options.now);
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
  if (options.shard) {
    const { index, count } = options.shard;
    if (!(Number.isInteger(count) && count >= 1 && Number.isInteger(index) && index >= 1 && index <= count)) {
      throw new SeedError(
        'E_BAD_SHARD',
        `The shard is ${index}/${count}; it must be i/n with whole numbers 1 ≤ i ≤ n.`,
        { fix: 'Pass --shard 1/3, --shard 2/3 and --shard 3/3 to three processes.' },
      );
    }
    if (mode !== 'copy') {
      throw new SeedError(
        'E_BAD_MODE',
        'A sharded load runs in copy mode only (the shards defer the keys together).',
        {
          fix: 'Leave the mode out.',
        },
      );
    }
    return runShard(target, { scale, workers, seed, nowMs }, options, options.shard);
  }
  const database = databaseOf(target.databaseUrl);
  const client = await connect(target.databaseUrl, { application: 'flatrender-seed load' });
  const extra: pg.Client[] = [];
  let deferred: DeferredIndexes | undefined;
  /** The tenants this load adds, once recorded in the database: undoing it removes them. */
  let tenants: readonly string[] = [];
  let pool: WorkerPool | undefined;
  let starting: Promise<WorkerPool> | undefined;
  let lock: DatabaseLock | undefined;
  const interruption = new Interruption(options.handleSignals !== false, (signal) =>
    options.log?.(
      `${signal}: stopping the load and putting back the keys, indexes and foreign keys it dropped…`,
    ),
  );
  try {
    await assertMigrated(client, database, { action: 'load into', migrationsDir: options.migrationsDir });
    lock = await lockDatabase(client, database, {
      action: 'load',
      onWait: (holder) => options.log?.(`Waiting for ${holder} to finish with database "${database}"…`),
    });
    if ((await liveShards(client)) > 0) {
      throw new SeedError(
        'E_DATABASE_BUSY',
        `Cannot load into database "${database}": a sharded load (seed --scenario load --shard i/n) is running on it. Nothing was changed.`,
        {
          fix: 'Let the shards finish (or stop them), then run this load into another database or after seed reset.',
        },
      );
    }
    const recovered = await recoverInterruptedLoad(client);
    if (recovered) options.log?.(`The unfinished load was undone. ${repairedNote(recovered)}`);
    await assertMaySeed(client, database);
    const idOffsets = await currentIdentityMaxima(client);
    const plan = planLoad({ seed, scale, nowMs, idOffsets });
    const free = await freeSpaceOf(client, target.databaseUrl);
    assertLoadFits(scale, estimateLoad(plan), free, database);
    if (!free.known && plan.estimatedTotal >= LARGE_LOAD_ROWS)
      options.log?.(`Free disk space not checked: ${free.reason}.`);
    await assertNotLoaded(client, plan, target.databaseUrl);
    await recordLoadTenants(
      client,
      plan.tenants.map((t) => t.id),
    );
    tenants = plan.tenants.map((t) => t.id);
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
    const partitionsStarted = performance.now();
    await createPartitions(client, plan);
    const partitionSeconds = (performance.now() - partitionsStarted) / 1000;
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
    await interruption.race(pump(nodeRows(plan), nodeSink, nodesTable.columns.length, nodesTable.name));
    const counts: Record<string, number> = { [nodesTable.name]: await interruption.race(nodeSink.close()) };

    pool = await interruption.race(starting);
    const rowsStarted = performance.now();
    await interruption.race(pool.ready);
    pool.go();
    const workerResults = await interruption.race(pool.done);
    for (const result of workerResults) {
      for (const [table, n] of Object.entries(result.counts)) counts[table] = (counts[table] ?? 0) + n;
    }
    const rows = Object.values(counts).reduce((a, b) => a + b, 0);
    const indexesStarted = performance.now();
    let rebuild: RebuildSeconds = { keys: 0, indexes: 0, foreignKeys: 0 };

    // From here a signal no longer stops anything: rebuilding the keys is what it would ask for.
    if (deferred && deferred.tables.length > 0) {
      meter.enter('indexing', rows);
      extra.push(
        ...(await Promise.all(
          Array.from({ length: indexConnections() - 1 }, () =>
            connect(target.databaseUrl, { application: 'flatrender-seed load indexes' }),
          ),
        )),
      );
      rebuild = await restoreIndexes([client, ...extra], deferred);
    }
    deferred = undefined;
    await advanceIdentities(client);
    await clearDeferred(client);
    tenants = [];
    meter.enter('done', rows);
    if (interruption.signal) {
      throw interruption.error(
        'after the load had finished; its rows, keys, indexes and foreign keys are all in place',
      );
    }
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
        partitions: partitionSeconds,
        rebuild,
      },
      workers: workerResults.map((r) => r.timing),
    };
  } catch (error) {
    // Workers first, so none is still writing; then the schema as it was before the load.
    pool ??= await starting?.catch(() => undefined);
    await pool?.stop();
    if (!deferred && tenants.length === 0) throw error;
    const dropped = deferred ?? { tables: [], keys: [], indexes: [], foreignKeys: [] };
    let kept = false;
    const undone = await undoLoad(client, dropped, tenants).then(
      (result) => {
        kept = result.tenantsKept;
        return undefined;
      },
      (undoError: unknown) => undoError,
    );
    if (undone === undefined && interruption.signal) {
      throw interruption.error(
        `while it was loading rows; it stopped and undid itself: ${undoneState(dropped.tables.length, kept)}`,
      );
    }
    throw withNote(
      error,
      undone === undefined
        ? `The unfinished load was undone: ${undoneState(dropped.tables.length, kept)}.`
        : `It could not be undone now (${messageOf(undone)}); what it dropped and added is recorded in the database: the next seed command on it undoes it, and seed verify lists the missing keys meanwhile.`,
    );
  } finally {
    interruption.dispose();
    await pool?.stop();
    await lock?.release();
    await Promise.all([client, ...extra].map((c) => c.end().catch(() => {})));
  }
}

function undoneState(tables: number, tenantsKept: boolean): string {
  const tenants = tenantsKept
    ? 'the tenants it added stay (rows of a table that kept its keys hold them)'
    : 'the tenants it was adding are gone';
  return `the ${tables} table(s) it was filling are empty again, ${tenants}, and every key, index and foreign key is in place`;
}
