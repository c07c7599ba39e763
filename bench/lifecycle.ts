/**
 * Lifecycle benchmark for the embedded provider: how long a user waits for a migrated database
 * with and without the toolkit's caching, measured on this machine in one run.
 *
 *   node --import tsx bench/lifecycle.ts [--runs <n>] [--json]
 *
 * Not a test: it asserts nothing. Progress goes to stderr so `--json` output stays parseable.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { resolveConfig } from '../src/config/resolve-config.js';
import { sparePrefix } from '../src/database/spare-clones.js';
import { stockSpares } from '../src/database/spare-stock.js';
import {
  closeAdminConnections,
  createTestDatabase,
  type TestDatabase,
} from '../src/database/test-database.js';
import { migrate } from '../src/migrations/migrate.js';
import { locateBinaries, probeBinaries } from '../src/server/embedded/binaries.js';
import {
  type EmbeddedOptions,
  type StartedEmbeddedServer,
  startEmbedded,
} from '../src/server/embedded/embedded-provider.js';
import { unprivilegedUser } from '../src/server/embedded/os-user.js';
import {
  initdb,
  type PostgresProcess,
  socketUrl,
  startPostgres,
} from '../src/server/embedded/postgres-process.js';
import { createRunDirectory, removeDir, trackRun } from '../src/server/embedded/run-directory.js';
import { embeddedOptions } from '../src/server/start-server.js';
import { connect } from '../src/sql/connect.js';
import { withDatabase } from '../src/sql/database-url.js';
import { quoteIdent } from '../src/sql/identifiers.js';

/** The embedded provider's options as the environment configures them (FLATRENDER_SEED_DATA_DIR, PG_BIN…). */
const configured = embeddedOptions(resolveConfig({}, process.env));

interface Row {
  readonly step: string;
  readonly samples: readonly number[];
  /** Something worth knowing about how the samples were taken (e.g. how many starts used a spare). */
  readonly note?: string;
}

interface Summary extends Row {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** baseline median / this median: how many times faster than a fresh initdb + migrate. */
  readonly speedup: number;
}

interface Environment {
  readonly date: string;
  readonly node: string;
  readonly postgres: string;
  readonly binaries: string;
  readonly dataRoot: string;
  readonly filesystem: string;
  readonly tmpfs: boolean;
  readonly cpus: number;
}

const PARALLEL_CLONES = 4;

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { runs: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const override = values.runs === undefined ? undefined : Number(values.runs);
  if (override !== undefined && !(Number.isInteger(override) && override > 0)) {
    throw new Error(`--runs wants a positive integer, got "${values.runs}"`);
  }
  const slowRuns = override ?? 3;
  const fastRuns = override ?? 7;

  const env = await describeEnvironment();
  if (!values.json) printHeader(env);

  const rows: Row[] = [];
  rows.push(await measure('baseline: initdb + start + migrate', slowRuns, baselineOnce));
  rows.push(await measure('cold: startEmbedded({ cache: false })', slowRuns, coldOnce));
  rows.push(await measure('warm (copy): startEmbedded({ spare: false })', fastRuns, warmCopyOnce));
  rows.push(await measureWarmSpare(fastRuns));
  rows.push(...(await measureClones(fastRuns)));

  const summaries = summarise(rows);
  if (values.json) {
    // Sub-microsecond digits are timer noise.
    const rounded = (_key: string, value: unknown) =>
      typeof value === 'number' ? Math.round(value * 100) / 100 : value;
    process.stdout.write(`${JSON.stringify({ environment: env, results: summaries }, rounded, 2)}\n`);
  } else {
    printResults(summaries);
  }
}

// ---------------------------------------------------------------------------------------------
// Measurements

/** Runs `once` n times; `once` returns the milliseconds it measured itself, so cleanup is untimed. */
async function measure(step: string, runs: number, once: () => Promise<number>): Promise<Row> {
  const samples: number[] = [];
  for (let i = 1; i <= runs; i++) {
    const ms = await once();
    samples.push(ms);
    log(`  ${step} ${i}/${runs}: ${ms.toFixed(1)} ms`);
  }
  return { step, samples };
}

/**
 * What a user without the toolkit's caching pays: a fresh cluster on the same data root, a new
 * database, and the migrations applied to it. Built from the toolkit's own pieces so the server
 * settings (fsync off, trust auth, direct postmaster spawn) match and only the caching differs.
 */
async function baselineOnce(): Promise<number> {
  const started = performance.now();
  const binaries = await probeBinaries(await locateBinaries(configured));
  const runAs = unprivilegedUser(configured.pgUser);
  const run = await createRunDirectory(configured.dataRoot, 'runs', runAs);
  const untrack = trackRun(run.dir);
  let postgres: PostgresProcess | undefined;
  try {
    await initdb(binaries, run.dataDir, runAs);
    postgres = await startPostgres(binaries, {
      dataDir: run.dataDir,
      socketDir: run.socketDir,
      runDir: run.dir,
      runAs,
      extraSettings: configured.serverSettings,
    });
    const adminUrl = socketUrl(run.socketDir, postgres.port, 'postgres');
    await createDatabase(adminUrl, 'bench_baseline');
    // migrate() connects to the new database, so its return means the database accepts connections.
    await migrate(withDatabase(adminUrl, 'bench_baseline'));
    return performance.now() - started;
  } finally {
    await postgres?.stop('immediate');
    await removeDir(run.dir);
    untrack();
  }
}

async function createDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = await connect(adminUrl);
  try {
    await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
  } finally {
    await admin.end();
  }
}

async function coldOnce(): Promise<number> {
  return timedStart({ cache: false });
}

async function warmCopyOnce(): Promise<number> {
  return timedStart({ spare: false });
}

/** Times startEmbedded until it returns, then stops the server (untimed). */
async function timedStart(options: EmbeddedOptions): Promise<number> {
  const { ms, server } = await startTimed(options);
  await server.stop();
  return ms;
}

async function startTimed(options: EmbeddedOptions): Promise<{ ms: number; server: StartedEmbeddedServer }> {
  const started = performance.now();
  const server = await startEmbedded({ ...configured, ...options });
  return { ms: performance.now() - started, server };
}

/**
 * A start made right after another one (the common case: the next test run) finds the spare the
 * previous start made in the background; stop() waits for that spare, so each sample has one.
 * The claimed folder's name tells whether a spare was really used, reported rather than assumed.
 */
async function measureWarmSpare(runs: number): Promise<Row> {
  await (await startEmbedded(configured)).stop();
  let claimed = 0;
  const row = await measure('warm (spare ready): startEmbedded()', runs, async () => {
    const { ms, server } = await startTimed({});
    if (usedSpare(server)) claimed++;
    await server.stop();
    return ms;
  });
  return { ...row, note: `${claimed}/${runs} starts claimed a spare` };
}

/** A claimed spare keeps its build folder's name behind this process's pid: `<pid>-<pid>-<time>-<rand>`. */
function usedSpare(server: StartedEmbeddedServer): boolean {
  return path.basename(server.runDir).split('-').length === 4;
}

async function measureClones(runs: number): Promise<Row[]> {
  // No spare data folder: its background copy would compete with the first clones for CPU and the RAM disk.
  const server = await startEmbedded({ ...configured, spare: false });
  // Untimed bookkeeping (is the stock full? which databases were spares?) on a connection of its own.
  const admin = await connect(server.adminUrl);
  try {
    const base = { adminUrl: server.adminUrl, template: server.template, prefix: 'bench' };
    const cloneAll = async (count: number, spares: boolean) =>
      Promise.all(Array.from({ length: count }, () => createTestDatabase({ ...base, spares })));
    // The pool keeps up to 4 admin connections: open them before timing so no sample pays a connect.
    await dropAll(await cloneAll(PARALLEL_CLONES, false));
    const timedCopies = (count: number) => async () => {
      const started = performance.now();
      const databases = await cloneAll(count, false);
      const ms = performance.now() - started;
      await dropAll(databases);
      return ms;
    };
    const rows = [
      await measure('clone: FILE_COPY, no spare', runs, timedCopies(1)),
      await measure(
        `clone ×${PARALLEL_CLONES} parallel: FILE_COPY, no spare`,
        runs,
        timedCopies(PARALLEL_CLONES),
      ),
    ];

    // The pool the vitest global setup keeps: as many spares as parallel clones, refilled in the background.
    const stock = stockSpares({
      adminUrl: server.adminUrl,
      template: server.template,
      size: PARALLEL_CLONES,
    });
    try {
      await stock.ready();
      const spareOids = async () =>
        (
          await admin.query<{ oid: number }>(
            'SELECT oid::int AS oid FROM pg_database WHERE starts_with(datname, $1)',
            [sparePrefix(server.template)],
          )
        ).rows.map((row) => row.oid);
      const timedClaims = (count: number) => {
        let claimed = 0;
        const once = async () => {
          // Each sample starts from a full stock, as a test file does when it starts after the last one.
          await until(async () => (await spareOids()).length >= PARALLEL_CLONES);
          const before = new Set(await spareOids());
          const started = performance.now();
          const databases = await cloneAll(count, true);
          const ms = performance.now() - started;
          // A rename keeps the oid: count the databases that really were spares, rather than assume it.
          const { rows } = await admin.query<{ oid: number }>(
            'SELECT oid::int AS oid FROM pg_database WHERE datname = ANY($1)',
            [databases.map((db) => db.name)],
          );
          claimed += rows.filter((row) => before.has(row.oid)).length;
          await dropAll(databases);
          return ms;
        };
        return { once, note: () => `${claimed}/${count * runs} databases were claimed spares` };
      };
      for (const [step, count] of [
        ['clone: claim a spare', 1],
        [`clone ×${PARALLEL_CLONES} parallel: claim spares`, PARALLEL_CLONES],
      ] as const) {
        const claims = timedClaims(count);
        const row = await measure(step, runs, claims.once);
        rows.push({ ...row, note: claims.note() });
      }
    } finally {
      await stock.stop();
    }
    return rows;
  } finally {
    await admin.end();
    await closeAdminConnections();
    await server.stop();
  }
}

async function until(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the spare clones were not back to full within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

async function dropAll(databases: readonly TestDatabase[]): Promise<void> {
  await Promise.all(databases.map((db) => db.drop()));
}

// ---------------------------------------------------------------------------------------------
// Environment

async function describeEnvironment(): Promise<Environment> {
  const binaries = await probeBinaries(await locateBinaries(configured));
  const root = configured.dataRoot;
  const filesystem = mountOf(root)?.fsType ?? 'unknown';
  return {
    date: new Date().toISOString(),
    node: process.version,
    postgres: binaries.version,
    binaries: `${binaries.source} (${binaries.bindir})`,
    dataRoot: root,
    filesystem,
    tmpfs: filesystem === 'tmpfs',
    cpus: availableParallelism(),
  };
}

/** The /proc/mounts entry holding `dir`: the longest mount point above it, the last mounted on ties. */
function mountOf(dir: string): { mountPoint: string; fsType: string } | undefined {
  let mounts: string;
  try {
    mounts = readFileSync('/proc/mounts', 'utf8');
  } catch {
    return undefined; // not Linux
  }
  const target = realpathSync(existingAncestor(dir));
  let best: { mountPoint: string; fsType: string } | undefined;
  for (const line of mounts.split('\n')) {
    const [, rawMountPoint, fsType] = line.split(' ');
    if (!rawMountPoint || !fsType) continue;
    // /proc/mounts escapes spaces and the like as octal (`\040`).
    const mountPoint = rawMountPoint.replace(/\\([0-7]{3})/g, (_, octal: string) =>
      String.fromCharCode(Number.parseInt(octal, 8)),
    );
    const inside = target === mountPoint || target.startsWith(mountPoint === '/' ? '/' : `${mountPoint}/`);
    if (inside && mountPoint.length >= (best?.mountPoint.length ?? 0)) best = { mountPoint, fsType };
  }
  return best;
}

/** The data root may not exist before the first start. */
function existingAncestor(dir: string): string {
  let current = path.resolve(dir);
  while (!existsSync(current)) current = path.dirname(current);
  return current;
}

// ---------------------------------------------------------------------------------------------
// Reporting

function summarise(rows: readonly Row[]): Summary[] {
  const baseline = median(rows[0]?.samples ?? []);
  return rows.map((row) => {
    const mid = median(row.samples);
    return {
      ...row,
      median: mid,
      min: Math.min(...row.samples),
      max: Math.max(...row.samples),
      speedup: baseline / mid,
    };
  });
}

function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function printHeader(env: Environment): void {
  console.log('# @flatrender/seed lifecycle benchmark (embedded provider)');
  console.log(`date:       ${env.date}`);
  console.log(`node:       ${env.node}`);
  console.log(`postgres:   ${env.postgres} from ${env.binaries}`);
  console.log(`data root:  ${env.dataRoot} (${env.filesystem}${env.tmpfs ? ', RAM-backed' : ', not tmpfs'})`);
  console.log(`cpus:       ${env.cpus}`);
}

function printResults(summaries: readonly Summary[]): void {
  const width = Math.max(...summaries.map((s) => s.step.length));
  console.log('');
  for (const s of summaries) {
    const runs = `n=${s.samples.length}`;
    const range = `${ms(s.min)}–${ms(s.max)}`;
    const note = s.note ? `  (${s.note})` : '';
    console.log(
      `${s.step.padEnd(width)}  ${ms(s.median).padStart(8)} ms  ${range.padStart(17)}  ${runs.padEnd(4)}  ${ratio(s.speedup, s === summaries[0])}${note}`,
    );
  }
  console.log('');
  console.log('| step | median ms | min–max | vs baseline |');
  console.log('|---|---:|---:|---:|');
  for (const s of summaries) {
    console.log(
      `| ${s.step} | ${ms(s.median)} | ${ms(s.min)}–${ms(s.max)} | ${ratio(s.speedup, s === summaries[0])} |`,
    );
  }
}

const ms = (value: number) => value.toFixed(1);

function ratio(speedup: number, isBaseline: boolean): string {
  if (isBaseline) return 'baseline';
  return speedup >= 1 ? `${speedup.toFixed(1)}× faster` : `${(1 / speedup).toFixed(1)}× slower`;
}

await main();
