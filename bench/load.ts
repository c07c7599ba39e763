/**
 * Bulk-load benchmark: `runLoad` (generation included, end to end) against three ways of getting the
 * same rows without generating them, all into fresh databases of one embedded server, in the same
 * run: `pg_restore -j <jobs>` of a directory-format dump (`pg_dump -Fd`) of a database the loader
 * filled (the strongest baseline), a plain `pg_dump` restored with `psql -f`, and `psql \copy` of
 * COPY text files. Prints each one's seconds and rows/s, the ratios, where the loader's time went
 * (per worker: generating, encoding, waiting for the server; the server backend's CPU; partitions;
 * keys, indexes and foreign keys) and the peak memory of the seeding process.
 *
 *   node --import tsx bench/load.ts [--scale 10] [--workers <n>] [--jobs <n>] [--runs <n>] [--json]
 *                                   [--no-copy] [--load-only]
 *
 * --jobs: pg_restore's (and pg_dump's) -j, default the CPUs (at most 4). --no-copy skips the
 * psql \\copy baseline, --load-only every baseline (for the peak memory at a large scale).
 *
 * Run it after `npm run build` (`npm run bench:load` does both): the timed runLoad is the built one,
 * as `npx seed` runs it. runLoad runs in a child process of its own, so its peak RSS (process.resourceUsage().maxRSS,
 * worker threads included) is the seeding's alone. Runs alternate the order of the baselines and the
 * load. Not a test: it asserts nothing, but says whether the targets (≥ 1.5× pg_restore, < 500 MB)
 * were met.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import pg from 'pg';
import { resolveConfig } from '../src/config/resolve-config.js';
import {
  closeAdminConnections,
  createTestDatabase,
  type TestDatabase,
} from '../src/database/test-database.js';
import { writeCopyFiles } from '../src/load/copy-files.js';
import { LOADED_TABLES } from '../src/load/load-order.js';
import { assignShards, planLoad } from '../src/load/load-plan.js';
import { buildPools } from '../src/load/pools.js';
import { defaultWorkers, type LoadResult } from '../src/load/run-load.js';
import { loadShards } from '../src/load/shard-loader.js';
import { startEmbedded } from '../src/server/embedded/embedded-provider.js';
import { embeddedOptions } from '../src/server/start-server.js';
import { CopyBinaryWriter, elementOids } from '../src/sql/copy-writer.js';
import type { RowSink } from '../src/sql/row-sink.js';

/** The embedded provider's options as the environment configures them (FLATRENDER_SEED_DATA_DIR, PG_BIN…). */
const configured = embeddedOptions(resolveConfig({}, process.env));

const run = promisify(execFile);
const log = (line: string) => process.stderr.write(`${line}\n`);
const SEED = 1;
const NOW = '2026-06-01T00:00:00Z';
const TARGET_RATIO = 1.5;
const TARGET_RSS_MB = 500;

interface ChildResult {
  readonly rows: number;
  readonly seconds: number;
  readonly phaseSeconds: LoadResult['phaseSeconds'];
  readonly workers: LoadResult['workers'];
  readonly counts: Record<string, number>;
  /** process.resourceUsage().maxRSS of the child, in MB. */
  readonly maxRssMb: number;
  /** The highest RSS sampled every 50 ms while runLoad ran, in MB. */
  readonly sampledPeakRssMb: number;
  /** CPU (user + system) of the whole child while runLoad ran: every thread, V8's compiler and GC included. */
  readonly processCpuSeconds: number;
  /** Spawn to exit of the child: node and module start-up included. */
  readonly processSeconds?: number;
  /** CPU seconds of the server backends, sampled from /proc while the child ran (see backendCpu). */
  readonly backendCpu?: { readonly workers: readonly number[]; readonly coordinator: number };
}

interface Sample {
  /** psql \copy of the COPY text files. */
  readonly baselineSeconds: number | undefined;
  /** pg_restore -j <jobs> of the directory dump into an empty database. */
  readonly restoreSeconds: number | undefined;
  /** psql -f of the plain dump into an empty database. */
  readonly plainSeconds: number | undefined;
  readonly load: ChildResult;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: '10' },
      workers: { type: 'string' },
      runs: { type: 'string', default: '1' },
      json: { type: 'boolean', default: false },
      'no-copy': { type: 'boolean', default: false },
      'load-only': { type: 'boolean', default: false },
      jobs: { type: 'string' },
    },
  });
  const scale = Number(values.scale);
  const workers = values.workers === undefined ? defaultWorkers() : Number(values.workers);
  const runs = Number(values.runs);
  if (!(scale > 0) || !(Number.isInteger(workers) && workers > 0) || !(Number.isInteger(runs) && runs > 0)) {
    throw new Error('--scale wants a positive number, --workers and --runs positive integers');
  }

  const psql = await psqlVersion();
  const loadOnly = values['load-only'];
  const restoreTools = loadOnly ? undefined : await pgRestoreVersion();
  const skipCopy = values['no-copy'] || loadOnly;
  // pg_restore gets the machine's CPUs (at most 4), as a user restoring a dump here would give it.
  const jobs =
    values.jobs === undefined ? Math.max(1, Math.min(4, availableParallelism())) : Number(values.jobs);
  const server = await startEmbedded({ ...configured, spare: false });
  const dir = await mkdtemp(
    path.join(process.platform === 'linux' ? '/dev/shm' : tmpdir(), 'flatrender-load-bench-'),
  );
  const env = {
    date: new Date().toISOString(),
    node: process.version,
    postgres: server.serverVersion,
    psql: psql ?? 'not found (baseline skipped)',
    pg_restore: restoreTools ?? 'not found (dump baselines skipped)',
    cpus: availableParallelism(),
    scale,
    workers,
    'pg_restore -j': jobs,
    runs,
    files: dir,
  };
  if (!values.json) printHeader(env);
  try {
    let files: { rows: number } | undefined;
    if (psql && !skipCopy) {
      log(`writing the baseline's COPY text files (not timed)…`);
      const written = performance.now();
      files = await writeCopyFiles(dir, { seed: SEED, scale, now: NOW });
      log(
        `  ${files.rows.toLocaleString('en-US')} rows in ${((performance.now() - written) / 1000).toFixed(1)} s`,
      );
    }
    const newClone = (prefix: string) =>
      createTestDatabase({ adminUrl: server.adminUrl, template: server.template, prefix });

    // The dumps are of the very rows the loader makes: a database it filled (not timed).
    let dumps: { directory: string; plain: string } | undefined;
    if (restoreTools) {
      log('loading a source database and dumping it (pg_dump -Fd and plain; not timed)…');
      const source = await newClone('bench_source');
      await timeLoadInChild(source.url, scale, workers);
      dumps = { directory: path.join(dir, 'dump.d'), plain: path.join(dir, 'dump.sql') };
      await run('pg_dump', ['-Fd', '-j', String(jobs), '-f', dumps.directory, '-d', source.url]);
      await run('pg_dump', ['-Fp', '-f', dumps.plain, '-d', source.url]);
      await source.drop();
    }

    log('timing generation and encoding per worker in this process, without a server (not timed)…');
    const typesDb = await newClone('bench_types');
    const split = loadOnly ? [] : await generationSplit(typesDb.url, scale, workers);
    await typesDb.drop();

    const samples: Sample[] = [];
    let identical: boolean | undefined;
    let restoredIdentical: boolean | undefined;
    let rows = files?.rows ?? 0;
    for (let i = 1; i <= runs; i++) {
      let baselineSeconds: number | undefined;
      let restoreSeconds: number | undefined;
      let plainSeconds: number | undefined;
      let load: ChildResult | undefined;
      let baselineDb: TestDatabase | undefined;
      let loadDb: TestDatabase | undefined;
      let restoredUrl: string | undefined;
      const doBaseline = async () => {
        if (!psql || skipCopy) return;
        baselineDb = await newClone('bench_psql');
        baselineSeconds = await timePsql(baselineDb.url, path.join(dir, 'load.sql'));
        log(`  run ${i}: psql \\copy        ${baselineSeconds.toFixed(2)} s`);
      };
      const doRestore = async () => {
        if (!dumps) return;
        const db = await emptyDatabase(server.adminUrl, `bench_restore_${i}`);
        restoreSeconds = await timeCommand('pg_restore', ['-j', String(jobs), '-d', db, dumps.directory]);
        restoredUrl = db;
        log(`  run ${i}: pg_restore -j ${jobs}  ${restoreSeconds.toFixed(2)} s`);
      };
      const doPlain = async () => {
        if (!dumps) return;
        const db = await emptyDatabase(server.adminUrl, `bench_plain_${i}`);
        plainSeconds = await timeCommand('psql', [
          '-X',
          '-q',
          '-v',
          'ON_ERROR_STOP=1',
          '-d',
          db,
          '-f',
          dumps.plain,
        ]);
        await dropDatabase(server.adminUrl, db);
        log(`  run ${i}: psql -f dump.sql  ${plainSeconds.toFixed(2)} s`);
      };
      const doLoad = async () => {
        loadDb = await newClone('bench_load');
        load = await timeLoadInChild(loadDb.url, scale, workers);
        rows = load.rows;
        log(
          `  run ${i}: runLoad          ${load.seconds.toFixed(2)} s (rows ${load.phaseSeconds.rows.toFixed(2)} s, indexes ${load.phaseSeconds.indexes.toFixed(2)} s), peak RSS ${load.maxRssMb.toFixed(0)} MB`,
        );
      };
      // Alternate the order, so a drift of the machine's speed does not favour any of them.
      const steps = [doRestore, doLoad, doPlain, doBaseline];
      const order = i % 2 === 1 ? steps : [...steps].reverse();
      for (const step of order) await step();
      if (identical === undefined && baselineDb && loadDb) {
        log('  comparing the \\copy and loaded databases table by table…');
        identical = await sameContent(baselineDb.url, loadDb.url);
      }
      if (restoredIdentical === undefined && restoredUrl && loadDb) {
        log('  comparing the restored and loaded databases table by table…');
        restoredIdentical = await sameContent(restoredUrl, loadDb.url);
      }
      if (restoredUrl) await dropDatabase(server.adminUrl, restoredUrl);
      await Promise.all([baselineDb, loadDb].map((db) => (db as TestDatabase | undefined)?.drop()));
      samples.push({ baselineSeconds, restoreSeconds, plainSeconds, load: load! });
    }
    const summary = summarise(samples, rows, identical, restoredIdentical, split);
    if (values.json) process.stdout.write(`${JSON.stringify({ environment: env, ...summary }, null, 2)}\n`);
    else printSummary(summary, samples, jobs);
  } finally {
    await rm(dir, { recursive: true, force: true });
    await closeAdminConnections();
    await server.stop();
  }
}

/** A new, empty database (from template0), as one restores a dump into; returns its URL. */
async function emptyDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropDatabase(adminUrl: string, url: string): Promise<void> {
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

async function timeCommand(command: string, args: string[]): Promise<number> {
  const started = performance.now();
  await run(command, args, { maxBuffer: 1 << 24 });
  return (performance.now() - started) / 1000;
}

/** This process's CPU seconds so far (user + system): unlike the wall clock, not inflated by other jobs' CPU. */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/**
 * Per worker (the shards runLoad would give it), the CPU seconds its thread spends making the rows
 * alone (a sink that drops them) and making and encoding them into binary COPY frames (a sink that
 * encodes and drops the frames): the two parts of the worker's "busy" time, without a server. Each
 * is measured twice, alternating, and the smaller kept: the first pass also pays the JIT's warm-up,
 * and on a shared machine wall time swung the split by 2× between runs.
 */
async function generationSplit(
  /** A migrated database: the COPY encoder needs the oids of its enum types. */
  url: string,
  scale: number,
  workers: number,
): Promise<{ generateSeconds: number; encodeSeconds: number }[]> {
  const plan = planLoad({ seed: SEED, scale, nowMs: Date.parse(NOW) });
  const pools = buildPools(SEED);
  const client = new pg.Client(url);
  await client.connect();
  const cache = new Map<string, number>();
  const out: { generateSeconds: number; encodeSeconds: number }[] = [];
  try {
    for (const shards of assignShards(plan, workers)) {
      const oids = new Map<string, number[]>();
      for (const table of LOADED_TABLES) oids.set(table.name, await elementOids(client, table, cache));
      let generate = Number.POSITIVE_INFINITY;
      let both = Number.POSITIVE_INFINITY;
      for (let pass = 0; pass < 2; pass++) {
        const dropped = cpuSeconds();
        await loadShards(plan, pools, shards, {
          open: async () => {
            let n = 0;
            const sink: RowSink = {
              push: () => {
                n++;
                return false;
              },
              flush: async () => {},
              close: async () => n,
            };
            return sink;
          },
        });
        generate = Math.min(generate, cpuSeconds() - dropped);
        const encodedStart = cpuSeconds();
        await loadShards(plan, pools, shards, {
          open: async (table) =>
            new CopyBinaryWriter(
              table,
              oids.get(table.name)!,
              async () => {},
              async () => {},
            ),
        });
        both = Math.min(both, cpuSeconds() - encodedStart);
      }
      out.push({ generateSeconds: generate, encodeSeconds: Math.max(0, both - generate) });
    }
  } finally {
    await client.end();
  }
  return out;
}

/**
 * The built loader, what `npx seed --scenario load` runs: its workers start from
 * dist/load/load-worker.js. (From the sources each worker would first start tsx's loader, about a
 * second of CPU that users never pay.) Returns its path; refuses a build older than the sources.
 */
async function builtLoader(): Promise<string> {
  const built = fileURLToPath(new URL('../dist/load/run-load.js', import.meta.url));
  const sources = fileURLToPath(new URL('../src', import.meta.url));
  const newest = (await readdir(sources, { recursive: true }))
    .filter((file) => file.endsWith('.ts'))
    .reduce((latest, file) => Math.max(latest, statSync(path.join(sources, file)).mtimeMs), 0);
  if (!existsSync(built) || statSync(built).mtimeMs < newest) {
    throw new Error(
      'bench/load.ts times the built loader and dist/ is missing or older than src/: run `npm run build` first (`npm run bench:load` does)',
    );
  }
  return built;
}

/**
 * The child, a plain `node` process (no tsx, none of this script's modules: its peak RSS is the
 * built loader's alone): runs runLoad once and prints its result and memory as JSON on stdout.
 * Arguments: the loader's file URL, the database URL, scale, workers, seed, now.
 */
const CHILD = `
const [loader, url, scale, workers, seed, now] = process.argv.slice(1);
const { runLoad } = await import(loader);
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
const cpu = process.cpuUsage();
const result = await runLoad({ databaseUrl: url }, { scale: Number(scale), workers: Number(workers), seed: Number(seed), now });
clearInterval(sampler);
const used = process.cpuUsage(cpu);
process.stdout.write(JSON.stringify({
  rows: result.rows, seconds: result.seconds, phaseSeconds: result.phaseSeconds, workers: result.workers,
  counts: result.counts, maxRssMb: process.resourceUsage().maxRSS / 1024,
  sampledPeakRssMb: Math.max(peak, process.memoryUsage().rss) / 1048576,
  processCpuSeconds: (used.user + used.system) / 1e6,
}) + '\\n');
`;

async function timeLoadInChild(url: string, scale: number, workers: number): Promise<ChildResult> {
  const started = performance.now();
  const proc = spawn(
    process.execPath,
    [
      '--input-type=module',
      '--eval',
      CHILD,
      pathToFileURL(await builtLoader()).href,
      url,
      String(scale),
      String(workers),
      String(SEED),
      NOW,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let stdout = '';
  proc.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  const sampler = backendCpu(url);
  const code = await new Promise<number | null>((resolve) => proc.on('close', resolve));
  const cpu = await sampler.stop();
  if (code !== 0) throw new Error(`the runLoad child exited with code ${code}`);
  const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildResult;
  return { ...result, processSeconds: (performance.now() - started) / 1000, backendCpu: cpu };
}

/**
 * The CPU time of the server processes serving the load (the same machine): every 100 ms, the
 * backends of the database from pg_stat_activity, and their utime + stime from /proc/<pid>/stat.
 * The last sample before a backend exits is what counts (up to 100 ms of it may be missed).
 * Worker backends are told apart by application_name.
 */
function backendCpu(url: string): {
  stop(): Promise<{ workers: number[]; coordinator: number } | undefined>;
} {
  const database = new URL(url).pathname.slice(1);
  const admin = new pg.Client(url);
  const seen = new Map<number, { app: string; seconds: number }>();
  let running = true;
  const ticks = 100; // USER_HZ on Linux
  const loop = (async () => {
    try {
      await admin.connect();
      while (running) {
        const { rows } = await admin.query<{ pid: number; app: string }>(
          "SELECT pid, application_name AS app FROM pg_stat_activity WHERE datname = $1 AND application_name LIKE 'flatrender-seed load%'",
          [database],
        );
        for (const { pid, app } of rows) {
          try {
            const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
            const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
            seen.set(pid, { app, seconds: (Number(fields[11]) + Number(fields[12])) / ticks });
          } catch {
            // gone between the query and the read
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } catch {
      // no /proc, or the database went away: no figure
    } finally {
      await admin.end().catch(() => {});
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      if (seen.size === 0) return undefined;
      const all = [...seen.values()];
      return {
        // Each worker's COPY connections are named `flatrender-seed load worker <n>` (two per worker).
        workers: all.reduce<number[]>((sums, b) => {
          const n = /^flatrender-seed load worker (\d+)$/.exec(b.app)?.[1];
          if (n) sums[Number(n) - 1] = (sums[Number(n) - 1] ?? 0) + b.seconds;
          return sums;
        }, []),
        coordinator: all
          .filter((b) => !b.app.startsWith('flatrender-seed load worker'))
          .reduce((a, b) => a + b.seconds, 0),
      };
    },
  };
}

async function psqlVersion(): Promise<string | undefined> {
  try {
    const { stdout } = await run('psql', ['--version']);
    return stdout.trim();
  } catch {
    return undefined;
  }
}

async function pgRestoreVersion(): Promise<string | undefined> {
  try {
    const { stdout } = await run('pg_restore', ['--version']);
    await run('pg_dump', ['--version']);
    return stdout.trim();
  } catch {
    return undefined;
  }
}

async function timePsql(url: string, script: string): Promise<number> {
  const started = performance.now();
  await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', script], { maxBuffer: 1 << 24 });
  return (performance.now() - started) / 1000;
}

/** Whether every loaded table holds the same rows (all columns, identity ids included) in both databases. */
async function sameContent(a: string, b: string): Promise<boolean> {
  const digest = async (url: string) => {
    const client = new pg.Client(url);
    await client.connect();
    try {
      const out: string[] = [];
      for (const table of LOADED_TABLES) {
        const { rows } = await client.query<{ n: number; md5: string }>(
          `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS md5 FROM ${table.sql} t`,
        );
        out.push(`${table.name} ${rows[0]!.n} ${rows[0]!.md5}`);
      }
      return out;
    } finally {
      await client.end();
    }
  };
  const [x, y] = await Promise.all([digest(a), digest(b)]);
  const differing = x.filter((line, i) => line !== y[i]);
  for (const line of differing) log(`  differs: ${line.split(' ')[0]}`);
  return differing.length === 0;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

type Split = Awaited<ReturnType<typeof generationSplit>>;

function summarise(
  samples: readonly Sample[],
  rows: number,
  identical: boolean | undefined,
  restoredIdentical: boolean | undefined,
  split: Split,
) {
  const med = (pick: (s: Sample) => number | undefined) => {
    const values = samples.map(pick).filter((s): s is number => s !== undefined);
    return values.length > 0 ? median(values) : undefined;
  };
  const loadSeconds = median(samples.map((s) => s.load.seconds));
  const baseline = (seconds: number | undefined) =>
    seconds === undefined ? null : { seconds, rowsPerSecond: rows / seconds, ratio: seconds / loadSeconds };
  const restore = baseline(med((s) => s.restoreSeconds));
  const peakRssMb = Math.max(...samples.map((s) => s.load.maxRssMb));
  const workerCount = samples[0]!.load.workers.length;
  const workers = Array.from({ length: workerCount }, (_, w) => ({
    busySeconds: median(samples.map((s) => s.load.workers[w]!.busySeconds)),
    waitSeconds: median(samples.map((s) => s.load.workers[w]!.waitSeconds)),
    cpuSeconds: med((s) => s.load.workers[w]!.cpuSeconds) ?? null,
    generateSeconds: split[w]?.generateSeconds ?? null,
    encodeSeconds: split[w]?.encodeSeconds ?? null,
    serverCpuSeconds: med((s) => s.load.backendCpu?.workers[w]) ?? null,
  }));
  return {
    rows,
    restore,
    plain: baseline(med((s) => s.plainSeconds)),
    copy: baseline(med((s) => s.baselineSeconds)),
    load: {
      seconds: loadSeconds,
      rowsPerSecond: rows / loadSeconds,
      prepareSeconds: median(samples.map((s) => s.load.phaseSeconds.prepare)),
      partitionSeconds: median(samples.map((s) => s.load.phaseSeconds.partitions)),
      rowsPhaseSeconds: median(samples.map((s) => s.load.phaseSeconds.rows)),
      indexPhaseSeconds: median(samples.map((s) => s.load.phaseSeconds.indexes)),
      rebuild: {
        keys: median(samples.map((s) => s.load.phaseSeconds.rebuild.keys)),
        indexes: median(samples.map((s) => s.load.phaseSeconds.rebuild.indexes)),
        foreignKeys: median(samples.map((s) => s.load.phaseSeconds.rebuild.foreignKeys)),
      },
      coordinatorServerCpuSeconds: med((s) => s.load.backendCpu?.coordinator) ?? null,
      processCpuSeconds: median(samples.map((s) => s.load.processCpuSeconds)),
      workers,
      processSeconds: median(samples.map((s) => s.load.processSeconds ?? s.load.seconds)),
    },
    ratio: restore?.ratio ?? null,
    peakRssMb,
    sameRows: { copy: identical ?? null, restore: restoredIdentical ?? null },
    targets: {
      ratio: restore === null ? 'skipped (no pg_restore)' : restore.ratio >= TARGET_RATIO ? 'met' : 'missed',
      memory: peakRssMb < TARGET_RSS_MB ? 'met' : 'missed',
    },
  };
}

function printHeader(env: Record<string, unknown>): void {
  console.log(
    '# @flatrender/seed bulk-load benchmark: runLoad vs pg_restore -j, psql -f of a dump, psql \\copy',
  );
  for (const [key, value] of Object.entries(env)) console.log(`${`${key}:`.padEnd(11)} ${value}`);
}

function printSummary(summary: ReturnType<typeof summarise>, samples: readonly Sample[], jobs: number): void {
  const f = (n: number) => Math.round(n).toLocaleString('en-US');
  const s2 = (n: number | null | undefined) => (n === null || n === undefined ? '–' : n.toFixed(2));
  console.log('');
  console.log(
    `rows loaded:              ${f(summary.rows)} (same rows: \\copy ${summary.sameRows.copy ?? 'not compared'}, pg_restore ${summary.sameRows.restore ?? 'not compared'})`,
  );
  const line = (label: string, b: ReturnType<typeof summarise>['restore']) =>
    console.log(
      b
        ? `${label.padEnd(26)}${b.seconds.toFixed(2)} s  ${f(b.rowsPerSecond)} rows/s  runLoad is ${b.ratio.toFixed(2)}× as fast`
        : `${label.padEnd(26)}skipped`,
    );
  line(`pg_restore -j ${jobs} (baseline):`, summary.restore);
  line('psql -f of a plain dump:', summary.plain);
  line('psql \\copy of COPY files:', summary.copy);
  const l = summary.load;
  console.log(
    `runLoad, end to end:      ${l.seconds.toFixed(2)} s  ${f(l.rowsPerSecond)} rows/s  (prepare ${l.prepareSeconds.toFixed(2)} s incl. partitions ${l.partitionSeconds.toFixed(2)} s; rows ${l.rowsPhaseSeconds.toFixed(2)} s; keys ${l.rebuild.keys.toFixed(2)} s + indexes ${l.rebuild.indexes.toFixed(2)} s + foreign keys ${l.rebuild.foreignKeys.toFixed(2)} s; process incl. start-up ${l.processSeconds.toFixed(2)} s)`,
  );
  for (const [i, w] of l.workers.entries()) {
    console.log(
      `  worker ${i + 1}: thread busy ${w.busySeconds.toFixed(2)} s (its CPU ${s2(w.cpuSeconds)} s; alone, without a server, CPU: generating ${s2(w.generateSeconds)} s, encoding ${s2(w.encodeSeconds)} s), waiting for the server ${w.waitSeconds.toFixed(2)} s; its server backends' CPU (COPY, two connections) ${s2(w.serverCpuSeconds)} s`,
    );
  }
  console.log(`  coordinator and index connections' server CPU: ${s2(l.coordinatorServerCpuSeconds)} s`);
  console.log(
    `  the runLoad process's CPU, every thread (workers, main, V8's compiler and GC): ${s2(l.processCpuSeconds)} s`,
  );
  if (summary.ratio !== null)
    console.log(
      `ratio (pg_restore / runLoad): ${summary.ratio.toFixed(2)}×  (target ≥ ${TARGET_RATIO}×: ${summary.targets.ratio})`,
    );
  console.log(
    `peak RSS of seeding:      ${summary.peakRssMb.toFixed(0)} MB  (target < ${TARGET_RSS_MB} MB: ${summary.targets.memory})`,
  );
  console.log('');
  console.log(
    `| run | pg_restore -j ${jobs} s | psql -f dump s | psql \\copy s | runLoad s | vs pg_restore | peak RSS MB |`,
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  samples.forEach((s, i) => {
    const ratio = s.restoreSeconds === undefined ? '–' : `${(s.restoreSeconds / s.load.seconds).toFixed(2)}×`;
    console.log(
      `| ${i + 1} | ${s2(s.restoreSeconds)} | ${s2(s.plainSeconds)} | ${s2(s.baselineSeconds)} | ${s.load.seconds.toFixed(2)} | ${ratio} | ${s.load.maxRssMb.toFixed(0)} |`,
    );
  });
}

await main();
