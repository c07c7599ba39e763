import type pg from 'pg';
import { lockDatabase } from '../database/database-lock.js';
import { assertMaySeed } from '../database/safety.js';
import { messageOf, SeedError } from '../errors.js';
import { assertMigrated } from '../migrations/assert-migrated.js';
import { connect } from '../sql/connect.js';
import { openCopySink } from '../sql/copy-writer.js';
import { databaseOf, redact } from '../sql/database-url.js';
import { pump } from '../sql/row-sink.js';
import { deferIndexes, type RebuildSeconds, restoreIndexes } from './deferred-indexes.js';
import { nodeRows, nodesTable } from './gen-nodes.js';
import {
  clearDeferred,
  readDeferred,
  readLoadTenants,
  recordLoadTenants,
  recoverInterruptedLoad,
  repairedNote,
  undoLoad,
} from './interrupted-load.js';
import { Interruption } from './interruption.js';
import { assertLoadFits, estimateLoad, freeSpaceOf } from './load-estimate.js';
import { LOADED_TABLES } from './load-order.js';
import { assignShards, planLoad, sliceShards } from './load-plan.js';
import {
  advanceIdentities,
  assertNotLoaded,
  createPartitions,
  currentIdentityMaxima,
  indexConnections,
  withNote,
} from './load-steps.js';
import type { LoadOptions, LoadResult, LoadTarget, ShardSpec } from './load-types.js';
import { buildPools } from './pools.js';
import { ProgressMeter } from './progress.js';
import {
  brokenShards,
  clearShardRun,
  describeShard,
  readShardRun,
  registerShard,
  type ShardRun,
  type ShardRunParams,
  setShardState,
  startShardRun,
} from './shard-registry.js';
import { WorkerPool, type WorkerResult } from './worker-pool.js';

/** How often a shard looks at the others (while loading and while waiting for the last one). */
const POLL_MS = 500;

interface Resolved {
  readonly scale: number;
  readonly workers: number;
  readonly seed: number;
  readonly nowMs: number;
}

/**
 * One shard of a load that several processes (on one machine or many) make together: this one
 * loads the `index`-th of `count` disjoint slices of the plan (whole tenants and render nodes; shard
 * 1 also writes the render farm's nodes), and the database coordinates them (shard-registry.ts).
 * The first to arrive prepares (partitions, the deferred keys and their records, the tenants to
 * undo); the others join it; the last to finish rebuilds the keys, indexes and foreign keys and
 * moves the identity sequences; the others wait for it, so every process exits 0 only once the
 * database is complete. When a shard fails or dies, the others notice within a second, stop, and
 * the last of them puts the database back as an interrupted load would be (tables emptied, every
 * key restored, tenants removed); if every process is gone, the next seed command on the database
 * does it (`seed migrate --database-url …`, or simply running the shards again).
 */
export async function runShard(
  target: LoadTarget,
  resolved: Resolved,
  options: LoadOptions,
  spec: ShardSpec,
): Promise<LoadResult> {
  const started = performance.now();
  const { scale, workers, seed, nowMs } = resolved;
  const { index, count } = spec;
  const label = `shard ${index}/${count}`;
  const url = target.databaseUrl;
  const database = databaseOf(url);
  const client = await connect(url, { application: 'flatrender-seed load' });
  const extra: pg.Client[] = [];
  let pool: WorkerPool | undefined;
  let joined = false;
  const interruption = new Interruption(options.handleSignals !== false, (signal) =>
    options.log?.(`${signal}: stopping ${label}; the database gets its keys back…`),
  );
  try {
    await assertMigrated(client, database, { action: 'load into', migrationsDir: options.migrationsDir });
    const params = await join(client, url, database, { seed, scale, nowMs, count }, index, options);
    joined = true;
    const plan = planLoad({ seed, scale, nowMs, idOffsets: params.idOffsets });
    const mine = sliceShards(plan, index, count);
    const estimate = mine.reduce((sum, s) => sum + s.estimate, index === 1 ? plan.nodes.length : 0);
    const meter = new ProgressMeter(estimate, options.progress);
    const rowsStarted = performance.now();
    const counts: Record<string, number> = {};
    if (index === 1) {
      const sink = await openCopySink(client, nodesTable, { onRows: (n) => meter.add(n) });
      await interruption.race(pump(nodeRows(plan), sink, nodesTable.columns.length, nodesTable.name));
      counts[nodesTable.name] = await interruption.race(sink.close());
    }
    let results: WorkerResult[] = [];
    if (mine.length > 0) {
      const pools = buildPools(seed);
      const starting = WorkerPool.start(
        assignShards(plan, workers, mine).map((shards) => ({
          databaseUrl: url,
          seed,
          scale,
          nowMs,
          idOffsets: params.idOffsets,
          pools,
          shards,
          mode: 'copy' as const,
        })),
        (rows) => meter.add(rows),
      );
      starting.catch(() => {});
      pool = await interruption.race(starting);
      await interruption.race(pool.ready);
      pool.go();
      const watch = watchOthers(client, index, count);
      try {
        results = await interruption.race(Promise.race([pool.done, watch.broken]));
      } finally {
        watch.stop();
      }
    }
    for (const result of results) {
      for (const [table, n] of Object.entries(result.counts)) counts[table] = (counts[table] ?? 0) + n;
    }
    const rows = Object.values(counts).reduce((a, b) => a + b, 0);
    const rowsEnded = performance.now();

    const last = await finishRows(client, database, index, count);
    let rebuild: RebuildSeconds = { keys: 0, indexes: 0, foreignKeys: 0 };
    if (last) {
      // From here a signal no longer stops anything: rebuilding the keys is what it would ask for.
      meter.enter('indexing', rows);
      options.log?.(`${label}: the last shard to finish; rebuilding keys, indexes and foreign keys…`);
      const deferred = await readDeferred(client);
      if (deferred && deferred.tables.length > 0) {
        extra.push(
          ...(await Promise.all(
            Array.from({ length: indexConnections() - 1 }, () =>
              connect(url, { application: 'flatrender-seed load indexes' }),
            ),
          )),
        );
        rebuild = await restoreIndexes([client, ...extra], deferred);
      }
      await advanceIdentities(client);
      await clearDeferred(client);
      await setShardState(client, 0, 'complete');
      await setShardState(client, index, 'done');
    } else {
      options.log?.(`${label}: its rows are in; waiting for the other shards to finish…`);
      await interruption.race(waitForRun(client, index, count, options.log));
    }
    meter.enter('done', rows);
    const ended = performance.now();
    const ordered = Object.fromEntries(
      LOADED_TABLES.filter((t) => counts[t.name] !== undefined).map((t) => [t.name, counts[t.name]!]),
    );
    return {
      rows,
      counts: ordered,
      seconds: (ended - started) / 1000,
      phaseSeconds: {
        prepare: (rowsStarted - started) / 1000,
        rows: (rowsEnded - rowsStarted) / 1000,
        indexes: (ended - rowsEnded) / 1000,
        partitions: 0,
        rebuild,
      },
      workers: results.map((r) => r.timing),
      shard: { index, count, rebuiltKeys: last },
    };
  } catch (error) {
    await pool?.stop();
    if (!joined) throw error;
    throw withNote(error, await abandon(client, database, url, index, count, error));
  } finally {
    interruption.dispose();
    await pool?.stop();
    await Promise.all([client, ...extra].map((c) => c.end().catch(() => {})));
  }
}

/**
 * Under the database's lock: joins the run in progress, or (first to arrive) prepares a new one.
 * Returns the run's parameters (the identity offsets the first shard read).
 */
async function join(
  client: pg.Client,
  url: string,
  database: string,
  wanted: Omit<ShardRunParams, 'idOffsets'>,
  index: number,
  options: LoadOptions,
): Promise<ShardRunParams> {
  const { count } = wanted;
  const lock = await lockDatabase(client, database, {
    action: `load (shard ${index}/${count})`,
    onWait: (holder) => options.log?.(`Waiting for ${holder} to finish with database "${database}"…`),
  });
  try {
    const run = await readShardRun(client);
    if (run && (run.state === 'loading' || run.state === 'rebuilding')) {
      if (run.shards.some((s) => s.live)) return joinRunning(client, url, run, wanted, index);
      // Every process of that run is gone: it is an interrupted load; undo it and start afresh.
      const gone = run.shards
        .filter((s) => s.state !== 'done')
        .map((s) => describeShard(s, run.params.count));
      options.log?.(
        `An earlier sharded load into database "${database}" never finished${gone.length > 0 ? ` (${gone.join('; ')})` : ''}; undoing it first.`,
      );
    }
    const recovered = await recoverInterruptedLoad(client);
    if (recovered) options.log?.(`The unfinished load was undone. ${repairedNote(recovered)}`);
    await clearShardRun(client);
    await assertMaySeed(client, database);
    const idOffsets = await currentIdentityMaxima(client);
    const plan = planLoad({ seed: wanted.seed, scale: wanted.scale, nowMs: wanted.nowMs, idOffsets });
    const free = await freeSpaceOf(client, url);
    assertLoadFits(wanted.scale, estimateLoad(plan), free, database);
    if (!free.known) options.log?.(`Free disk space not checked: ${free.reason}.`);
    await assertNotLoaded(client, plan, url);
    const params: ShardRunParams = { ...wanted, idOffsets };
    await startShardRun(client, params);
    await registerShard(client, index);
    await recordLoadTenants(
      client,
      plan.tenants.map((t) => t.id),
    );
    await createPartitions(client, plan);
    await deferIndexes(
      client,
      LOADED_TABLES.map((t) => t.name),
    );
    options.log?.(
      `shard ${index}/${count}: first to arrive; prepared database "${database}" (partitions, deferred keys) for ${count} shard(s).`,
    );
    return params;
  } finally {
    await lock.release();
  }
}

function joinRunning(
  client: pg.Client,
  url: string,
  run: ShardRun,
  wanted: Omit<ShardRunParams, 'idOffsets'>,
  index: number,
): Promise<ShardRunParams> {
  const p = run.params;
  const database = databaseOf(url);
  if (
    p.seed !== wanted.seed ||
    p.scale !== wanted.scale ||
    p.nowMs !== wanted.nowMs ||
    p.count !== wanted.count
  ) {
    throw new SeedError(
      'E_SHARD_MISMATCH',
      `Database "${database}" on ${redact(url)} is being loaded by ${p.count} shard(s) of seed ${p.seed}, scale ${p.scale}, now ${new Date(p.nowMs).toISOString()}; this process asked for shard ${index}/${wanted.count} of seed ${wanted.seed}, scale ${wanted.scale}, now ${new Date(wanted.nowMs).toISOString()}. Every shard of a load must be given the same --scale, --seed, --now and shard count. Nothing was changed.`,
      {
        fix: `Start this shard with --scale ${p.scale} --seed ${p.seed} --now ${new Date(p.nowMs).toISOString()} --shard ${index}/${p.count}, or wait for that load to finish.`,
      },
    );
  }
  const me = run.shards.find((s) => s.shard === index);
  if (me?.live) {
    throw new SeedError(
      'E_SHARD_TWICE',
      `Shard ${index}/${p.count} of the load into database "${database}" is already running (server pid ${me.backendPid}${me.client ? ` from ${me.client}` : ''}). Each shard runs once. Nothing was changed.`,
      {
        fix: `Start the shards that are missing instead: each of --shard 1/${p.count} … ${p.count}/${p.count} once.`,
      },
    );
  }
  const broken = brokenShards(run);
  if (me || broken.length > 0) {
    const what =
      broken.length > 0
        ? broken.map((s) => describeShard(s, p.count)).join('; ')
        : `shard ${index}/${p.count} ran before and stopped`;
    throw new SeedError(
      'E_SHARD_DIED',
      `The sharded load into database "${database}" cannot finish: ${what}. The shards still running stop within a second and the last of them puts the database back (tables emptied, every key, index and foreign key restored). Nothing was changed by this process.`,
      {
        fix: `When they have exited, run all ${p.count} shards again (--shard 1/${p.count} … ${p.count}/${p.count}).`,
      },
    );
  }
  return registerShard(client, index).then(() => p);
}

/** Rejects as soon as another shard has failed or died (polling the registry); `stop()` ends it. */
function watchOthers(client: pg.Client, index: number, count: number) {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const broken = new Promise<never>((_, reject) => {
    const tick = async () => {
      if (stopped) return;
      try {
        const run = await readShardRun(client);
        const bad = run ? brokenShards(run).filter((s) => s.shard !== index) : [];
        if (run && (run.state === 'undone' || bad.length > 0)) {
          reject(shardDied(run, bad, count));
          return;
        }
      } catch (error) {
        reject(error);
        return;
      }
      if (!stopped) timer = setTimeout(tick, POLL_MS);
    };
    timer = setTimeout(tick, POLL_MS);
  });
  broken.catch(() => {});
  return {
    broken,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

function shardDied(run: ShardRun, bad: readonly { shard: number }[], count: number): SeedError {
  const what =
    run.state === 'undone'
      ? (run.message ?? 'another shard stopped it')
      : run.shards
          .filter((s) => bad.some((b) => b.shard === s.shard))
          .map((s) => describeShard(s, count))
          .join('; ');
  return new SeedError('E_SHARD_DIED', `The sharded load (${count} shards) cannot finish: ${what}.`, {
    fix: `Run all ${count} shards again (--shard 1/${count} … ${count}/${count}); the first to arrive starts the load afresh.`,
  });
}

/**
 * This shard's rows are in: under the database's lock, marks it done and says whether it is the
 * last (every shard registered and done), which then rebuilds. Throws if the run broke meanwhile.
 */
async function finishRows(
  client: pg.Client,
  database: string,
  index: number,
  count: number,
): Promise<boolean> {
  const lock = await lockDatabase(client, database, { action: `load (shard ${index}/${count})` });
  try {
    const run = await readShardRun(client);
    if (!run) throw new Error('the shard registry is gone');
    const bad = brokenShards(run).filter((s) => s.shard !== index);
    if (run.state !== 'loading' || bad.length > 0) throw shardDied(run, bad, count);
    await setShardState(client, index, 'done');
    const done = run.shards.filter((s) => s.shard !== index && s.state === 'done').length + 1;
    if (done < count) return false;
    await setShardState(client, 0, 'rebuilding');
    await setShardState(client, index, 'rebuilding');
    return true;
  } finally {
    await lock.release();
  }
}

/** Waits until the last shard has rebuilt the keys (resolves) or the run broke (rejects). */
async function waitForRun(
  client: pg.Client,
  index: number,
  count: number,
  log: ((line: string) => void) | undefined,
): Promise<void> {
  let told = false;
  for (;;) {
    const run = await readShardRun(client);
    if (!run) throw new Error('the shard registry is gone');
    if (run.state === 'complete') return;
    const bad = brokenShards(run).filter((s) => s.shard !== index);
    if (run.state === 'undone' || bad.length > 0) throw shardDied(run, bad, count);
    const missing = Array.from({ length: count }, (_, i) => i + 1).filter(
      (i) => !run.shards.some((s) => s.shard === i),
    );
    if (missing.length > 0 && !told) {
      told = true;
      log?.(`Waiting for shard(s) ${missing.join(', ')} of ${count} to start (every shard must run).`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * This shard failed (or saw another fail): marks it failed, and if no other shard is still
 * loading or rebuilding, puts the database back at once (undoLoad: tables emptied, keys restored,
 * tenants removed) and marks the run undone, so the waiting shards report it and exit. Returns a
 * sentence on the database's state.
 */
async function abandon(
  client: pg.Client,
  database: string,
  url: string,
  index: number,
  count: number,
  error: unknown,
): Promise<string> {
  const repair = `what the load dropped is recorded in the database: once no shard runs, the next seed command on it (e.g. seed migrate --database-url <its URL>) puts it back, and seed verify lists the missing keys meanwhile`;
  try {
    const lock = await lockDatabase(client, database, { action: `load (shard ${index}/${count})` });
    try {
      const run = await readShardRun(client);
      if (!run) return '';
      if (run.state === 'complete')
        return 'The load itself completed: every key, index and foreign key is in place.';
      await setShardState(client, index, 'failed', messageOf(error));
      if (run.state === 'undone')
        return `Another shard already put the database back: its tables are empty again and every key, index and foreign key is in place.`;
      const active = run.shards.filter(
        (s) => s.shard !== index && s.live && (s.state === 'running' || s.state === 'rebuilding'),
      );
      if (active.length > 0) {
        return `Shard(s) ${active.map((s) => `${s.shard}/${count}`).join(', ')} still running stop within a second, and the last of them puts the database back (tables emptied, every key, index and foreign key restored); if none does, ${repair}.`;
      }
      const deferred = (await readDeferred(client)) ?? { tables: [], keys: [], indexes: [], foreignKeys: [] };
      const { tenantsKept } = await undoLoad(client, deferred, await readLoadTenants(client));
      await setShardState(client, 0, 'undone', messageOf(error).split('\nFix:')[0]!);
      return `The sharded load was undone (database "${database}" on ${redact(url)}): the ${deferred.tables.length} table(s) it was filling are empty again, ${tenantsKept ? 'the tenants it added stay' : 'the tenants it was adding are gone'}, and every key, index and foreign key is in place.`;
    } finally {
      await lock.release();
    }
  } catch (undoError) {
    return `It could not be put back now (${messageOf(undoError)}); ${repair}.`;
  }
}
