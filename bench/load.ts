/**
 * Bulk-load benchmark: `runLoad` (generation included, end to end) against `psql \copy` of the same
 * rows written to COPY text files beforehand, into fresh databases of one embedded server, in the
 * same run. Prints rows/s of both, the ratio, and the peak memory of the seeding process.
 *
 *   node --import tsx bench/load.ts [--scale 10] [--workers <n>] [--runs <n>] [--json]
 *
 * runLoad runs in a child process of its own, so its peak RSS (process.resourceUsage().maxRSS,
 * worker threads included) is the seeding's alone. Runs alternate baseline and load. Not a test:
 * it asserts nothing, but says whether the targets (≥ 1.5× psql, < 500 MB) were met.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import pg from 'pg';
import {
  closeAdminConnections,
  createTestDatabase,
  type TestDatabase,
} from '../src/database/test-database.js';
import { writeCopyFiles } from '../src/load/copy-files.js';
import { LOADED_TABLES } from '../src/load/load-order.js';
import { defaultWorkers, type LoadResult, runLoad } from '../src/load/run-load.js';
import { startEmbedded } from '../src/server/embedded/embedded-provider.js';

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
  readonly counts: Record<string, number>;
  /** process.resourceUsage().maxRSS of the child, in MB. */
  readonly maxRssMb: number;
  /** The highest RSS sampled every 50 ms while runLoad ran, in MB. */
  readonly sampledPeakRssMb: number;
  /** Spawn to exit of the child: node and module start-up included. */
  readonly processSeconds?: number;
}

interface Sample {
  readonly baselineSeconds: number | undefined;
  readonly load: ChildResult;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: '10' },
      workers: { type: 'string' },
      runs: { type: 'string', default: '1' },
      json: { type: 'boolean', default: false },
      child: { type: 'string' },
    },
  });
  const scale = Number(values.scale);
  const workers = values.workers === undefined ? defaultWorkers() : Number(values.workers);
  if (values.child) return child(values.child, scale, workers);
  const runs = Number(values.runs);
  if (!(scale > 0) || !(Number.isInteger(workers) && workers > 0) || !(Number.isInteger(runs) && runs > 0)) {
    throw new Error('--scale wants a positive number, --workers and --runs positive integers');
  }

  const psql = await psqlVersion();
  const server = await startEmbedded({ spare: false });
  const dir = await mkdtemp(
    path.join(process.platform === 'linux' ? '/dev/shm' : tmpdir(), 'flatrender-load-bench-'),
  );
  const env = {
    date: new Date().toISOString(),
    node: process.version,
    postgres: server.serverVersion,
    psql: psql ?? 'not found (baseline skipped)',
    cpus: availableParallelism(),
    scale,
    workers,
    runs,
    files: dir,
  };
  if (!values.json) printHeader(env);
  try {
    log(`writing the baseline's COPY text files (not timed)…`);
    const written = performance.now();
    const files = await writeCopyFiles(dir, { seed: SEED, scale, now: NOW });
    log(
      `  ${files.rows.toLocaleString('en-US')} rows in ${((performance.now() - written) / 1000).toFixed(1)} s`,
    );

    const samples: Sample[] = [];
    let identical: boolean | undefined;
    for (let i = 1; i <= runs; i++) {
      // Alternate which goes first, so a drift of the machine's speed does not favour either.
      const baselineFirst = i % 2 === 1;
      let baselineSeconds: number | undefined;
      let load: ChildResult | undefined;
      let baselineDb: TestDatabase | undefined;
      let loadDb: TestDatabase | undefined;
      const doBaseline = async () => {
        if (!psql) return;
        baselineDb = await createTestDatabase({
          adminUrl: server.adminUrl,
          template: server.template,
          prefix: 'bench_psql',
        });
        baselineSeconds = await timePsql(baselineDb.url, path.join(dir, 'load.sql'));
        log(`  run ${i}: psql \\copy  ${baselineSeconds.toFixed(2)} s`);
      };
      const doLoad = async () => {
        loadDb = await createTestDatabase({
          adminUrl: server.adminUrl,
          template: server.template,
          prefix: 'bench_load',
        });
        load = await timeLoadInChild(loadDb.url, scale, workers);
        log(
          `  run ${i}: runLoad      ${load.seconds.toFixed(2)} s (rows ${load.phaseSeconds.rows.toFixed(2)} s, indexes ${load.phaseSeconds.indexes.toFixed(2)} s), peak RSS ${load.maxRssMb.toFixed(0)} MB`,
        );
      };
      if (baselineFirst) {
        await doBaseline();
        await doLoad();
      } else {
        await doLoad();
        await doBaseline();
      }
      if (identical === undefined && baselineDb && loadDb) {
        log('  comparing the two databases table by table…');
        identical = await sameContent(baselineDb.url, loadDb.url);
      }
      await Promise.all([baselineDb, loadDb].map((db) => (db as TestDatabase | undefined)?.drop()));
      samples.push({ baselineSeconds, load: load! });
    }
    const summary = summarise(samples, files.rows, identical);
    if (values.json) process.stdout.write(`${JSON.stringify({ environment: env, ...summary }, null, 2)}\n`);
    else printSummary(summary, samples);
  } finally {
    await rm(dir, { recursive: true, force: true });
    await closeAdminConnections();
    await server.stop();
  }
}

/** The child: runs runLoad once and prints its result and memory as JSON on stdout. */
async function child(url: string, scale: number, workers: number): Promise<void> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const result = await runLoad({ databaseUrl: url }, { scale, workers, seed: SEED, now: NOW });
  clearInterval(sampler);
  const out: ChildResult = {
    rows: result.rows,
    seconds: result.seconds,
    phaseSeconds: result.phaseSeconds,
    counts: result.counts,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    sampledPeakRssMb: Math.max(peak, process.memoryUsage().rss) / 1_048_576,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

async function timeLoadInChild(url: string, scale: number, workers: number): Promise<ChildResult> {
  const self = fileURLToPath(import.meta.url);
  const started = performance.now();
  const proc = spawn(
    process.execPath,
    [...process.execArgv, self, '--child', url, '--scale', String(scale), '--workers', String(workers)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let stdout = '';
  proc.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => proc.on('close', resolve));
  if (code !== 0) throw new Error(`the runLoad child exited with code ${code}`);
  const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildResult;
  return { ...result, processSeconds: (performance.now() - started) / 1000 };
}

async function psqlVersion(): Promise<string | undefined> {
  try {
    const { stdout } = await run('psql', ['--version']);
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

function summarise(samples: readonly Sample[], rows: number, identical: boolean | undefined) {
  const baselines = samples.map((s) => s.baselineSeconds).filter((s): s is number => s !== undefined);
  const baselineSeconds = baselines.length > 0 ? median(baselines) : undefined;
  const loadSeconds = median(samples.map((s) => s.load.seconds));
  const peakRssMb = Math.max(...samples.map((s) => s.load.maxRssMb));
  const ratio = baselineSeconds === undefined ? undefined : baselineSeconds / loadSeconds;
  return {
    rows,
    baseline:
      baselineSeconds === undefined
        ? null
        : { seconds: baselineSeconds, rowsPerSecond: rows / baselineSeconds },
    load: {
      seconds: loadSeconds,
      rowsPerSecond: rows / loadSeconds,
      rowsPhaseSeconds: median(samples.map((s) => s.load.phaseSeconds.rows)),
      indexPhaseSeconds: median(samples.map((s) => s.load.phaseSeconds.indexes)),
      processSeconds: median(samples.map((s) => s.load.processSeconds ?? s.load.seconds)),
    },
    ratio: ratio ?? null,
    peakRssMb,
    sameRows: identical ?? null,
    targets: {
      ratio: ratio === undefined ? 'skipped (no psql)' : ratio >= TARGET_RATIO ? 'met' : 'missed',
      memory: peakRssMb < TARGET_RSS_MB ? 'met' : 'missed',
    },
  };
}

function printHeader(env: Record<string, unknown>): void {
  console.log('# @flatrender/seed bulk-load benchmark: runLoad vs psql \\copy');
  for (const [key, value] of Object.entries(env)) console.log(`${`${key}:`.padEnd(10)} ${value}`);
}

function printSummary(summary: ReturnType<typeof summarise>, samples: readonly Sample[]): void {
  const f = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log('');
  console.log(
    `rows loaded:            ${f(summary.rows)} (same rows in both databases: ${summary.sameRows ?? 'not compared'})`,
  );
  if (summary.baseline) {
    console.log(
      `psql \\copy (baseline):  ${summary.baseline.seconds.toFixed(2)} s  ${f(summary.baseline.rowsPerSecond)} rows/s`,
    );
  } else {
    console.log('psql \\copy (baseline):  skipped: psql was not found on PATH');
  }
  console.log(
    `runLoad, end to end:    ${summary.load.seconds.toFixed(2)} s  ${f(summary.load.rowsPerSecond)} rows/s  (rows ${summary.load.rowsPhaseSeconds.toFixed(2)} s + indexes ${summary.load.indexPhaseSeconds.toFixed(2)} s; process incl. start-up ${summary.load.processSeconds.toFixed(2)} s)`,
  );
  if (summary.ratio !== null)
    console.log(
      `ratio (psql / runLoad): ${summary.ratio.toFixed(2)}×  (target ≥ ${TARGET_RATIO}×: ${summary.targets.ratio})`,
    );
  console.log(
    `peak RSS of seeding:    ${summary.peakRssMb.toFixed(0)} MB  (target < ${TARGET_RSS_MB} MB: ${summary.targets.memory})`,
  );
  if (samples.length > 1) {
    console.log('');
    console.log('| run | psql \\copy s | runLoad s | ratio | peak RSS MB |');
    console.log('|---:|---:|---:|---:|---:|');
    samples.forEach((s, i) => {
      const ratio =
        s.baselineSeconds === undefined ? '–' : `${(s.baselineSeconds / s.load.seconds).toFixed(2)}×`;
      console.log(
        `| ${i + 1} | ${s.baselineSeconds?.toFixed(2) ?? '–'} | ${s.load.seconds.toFixed(2)} | ${ratio} | ${s.load.maxRssMb.toFixed(0)} |`,
      );
    });
  }
}

await main();
