/**
 * Seeded worlds benchmark: what a test file pays for the reseller world by seeding it itself
 * (the baseline: a clone of the migrated template, then the scenario) against a clone of its
 * seeded template (a spare claimed by a rename, or a FILE_COPY clone); a 12-file vitest suite's
 * wall time both ways; and `seed --scenario reseller` against `seed up`, time to DATABASE_URL on
 * a warm cache. Every figure is printed with its ratio to the baseline measured in the same run.
 *
 *   npm run build && node --import tsx bench/worlds.ts [--runs <n>] [--files <n>]
 *
 * Not a test: it asserts nothing. Run it on an idle machine; it uses FLATRENDER_SEED_DATA_DIR.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { resolveConfig } from '../src/config/resolve-config.js';
import { stockSparesOnDemand } from '../src/database/spare-stocks.js';
import { closeAdminConnections, createTestDatabase } from '../src/database/test-database.js';
import { runScenario } from '../src/scenarios/run-scenario.js';
import { openWorld } from '../src/seeding/open-world.js';
import { startReadyServer } from '../src/server/ready-server.js';

const { values } = parseArgs({ options: { runs: { type: 'string' }, files: { type: 'string' } } });
const RUNS = Number(values.runs ?? 9);
const FILES = Number(values.files ?? 12);
const NOW = '2026-06-01T00:00:00Z';
const repo = fileURLToPath(new URL('..', import.meta.url));
const log = (line: string) => process.stderr.write(`${line}\n`);

function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
const ms = (n: number) => n.toFixed(n < 10 ? 2 : 1);

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const result = await work();
  return [performance.now() - start, result];
}

/** Part 1: per file, on one embedded server (as the vitest global setup starts it). */
async function perFile() {
  const server = await startReadyServer(resolveConfig({ provider: 'embedded' }, process.env));
  const stocks = stockSparesOnDemand({ adminUrl: server.adminUrl, templates: [server.template], size: 4 });
  const base = { adminUrl: server.adminUrl, template: server.template };
  try {
    // The world's template, made once (the first file of a run pays this, or nobody: the cache).
    await (await openWorld({ ...base, scenario: 'reseller', now: NOW })).drop();
    const seeding: number[] = [];
    const claim: number[] = [];
    const clone: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const [t1, db] = await timed(async () => {
        const database = await createTestDatabase({ ...base, spares: true });
        const pool = new pg.Pool({ connectionString: database.url, max: 2 });
        await runScenario(pool, 'reseller', { now: NOW });
        return { database, pool };
      });
      seeding.push(t1);
      await db.pool.end();
      await db.database.drop();
      // Let the stocks refill: a file usually finds a spare waiting.
      await new Promise((resolve) => setTimeout(resolve, 400));
      const [t2, claimed] = await timed(() =>
        openWorld({ ...base, scenario: 'reseller', now: NOW, spares: true }),
      );
      claim.push(t2);
      await claimed.drop();
      const [t3, cloned] = await timed(() =>
        openWorld({ ...base, scenario: 'reseller', now: NOW, spares: false }),
      );
      clone.push(t3);
      await cloned.drop();
      log(`  run ${i + 1}/${RUNS}: seeding ${ms(t1)} ms, claim ${ms(t2)} ms, clone ${ms(t3)} ms`);
    }
    return { seeding, claim, clone };
  } finally {
    await stocks.stop();
    await closeAdminConnections();
    await server.stop();
  }
}

/** Part 2: a suite of FILES test files, each wanting the reseller world, both ways. */
async function suite(mode: 'seed' | 'template'): Promise<number> {
  // Inside the repository, so the suite resolves vitest as a service repository's own would.
  mkdirSync(path.join(repo, 'node_modules/.cache'), { recursive: true });
  const dir = mkdtempSync(path.join(repo, 'node_modules/.cache', `fr-bench-suite-${mode}-`));
  try {
    const src = path.join(repo, 'src');
    writeFileSync(
      path.join(dir, 'vitest.config.ts'),
      `import { defineConfig } from 'vitest/config';
export default defineConfig({ test: { root: ${JSON.stringify(dir)}, include: ['*.test.ts'],
  globalSetup: [${JSON.stringify(path.join(src, 'vitest/global-setup.ts'))}], pool: 'forks', testTimeout: 120000, hookTimeout: 120000 } });\n`,
    );
    for (let i = 0; i < FILES; i++) {
      const body =
        mode === 'template'
          ? `const test = createSeedTest({ scenario: 'reseller', now: '${NOW}' });
test('uses the world', async ({ db, world }) => {
  const { rows } = await db.query('SELECT count(*)::int AS n FROM identity.users');
  expect(rows[0].n).toBe(world.counts['identity.users']);
});`
          : `const test = createSeedTest();
test('uses the world', async ({ db }) => {
  const world = await runScenario(db, 'reseller', { now: '${NOW}' });
  const { rows } = await db.query('SELECT count(*)::int AS n FROM identity.users');
  expect(rows[0].n).toBe(world.counts['identity.users']);
});`;
      writeFileSync(
        path.join(dir, `file-${i}.test.ts`),
        `import { expect } from 'vitest';
import { createSeedTest } from ${JSON.stringify(path.join(src, 'vitest/index.ts'))};
import { runScenario } from ${JSON.stringify(path.join(src, 'scenarios/run-scenario.ts'))};
void runScenario;
${body}\n`,
      );
    }
    const start = performance.now();
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(
        process.execPath,
        [
          path.join(repo, 'node_modules/vitest/vitest.mjs'),
          'run',
          '--config',
          path.join(dir, 'vitest.config.ts'),
        ],
        { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] },
      );
      child.on('exit', resolve);
    });
    if (code !== 0) throw new Error(`the ${mode} suite failed (exit ${code})`);
    return performance.now() - start;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Part 3: the CLI as users run it (dist/), time until it prints DATABASE_URL. */
function timeToUrl(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, [path.join(repo, 'bin/seed.js'), ...args], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    let took: number | undefined;
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (took === undefined && out.includes('DATABASE_URL=')) {
        took = performance.now() - start;
        child.kill('SIGINT');
      }
    });
    child.on('exit', () =>
      took === undefined ? reject(new Error(`seed ${args.join(' ')}: no URL`)) : resolve(took),
    );
  });
}

async function main() {
  log(`# seeded worlds benchmark: ${RUNS} runs, ${FILES}-file suites, ${availableParallelism()} CPUs`);
  log('Part 1: per test file…');
  const file = await perFile();
  log('Part 2: suites (warm cache; the template suite starts with the world in it)…');
  const seeded = await suite('seed');
  const templated = await suite('template');
  log('Part 3: CLI, warm cache…');
  await timeToUrl(['--scenario', 'reseller', '--now', NOW]); // warms the cache with this world
  const cliUp: number[] = [];
  const cliWorld: number[] = [];
  for (let i = 0; i < Math.max(3, Math.ceil(RUNS / 2)); i++) {
    cliUp.push(await timeToUrl(['up']));
    cliWorld.push(await timeToUrl(['--scenario', 'reseller', '--now', NOW]));
  }

  const seedMedian = median(file.seeding);
  console.log('# @flatrender/seed seeded worlds benchmark');
  console.log(`date: ${new Date().toISOString()}  node: ${process.version}  cpus: ${availableParallelism()}`);
  console.log('');
  console.log(`| The reseller world for one test file (median of ${RUNS}) | ms | vs baseline |`);
  console.log('|---|---:|---:|');
  console.log(
    `| seed it: clone the migrated template, run the scenario (baseline) | ${ms(seedMedian)} | 1.00 |`,
  );
  for (const [label, samples] of [
    ['its seeded template: claim a spare clone, open a pool, read the world', file.claim],
    ['its seeded template: FILE_COPY clone, open a pool, read the world', file.clone],
  ] as const) {
    console.log(
      `| ${label} | ${ms(median(samples))} | ${(seedMedian / median(samples)).toFixed(1)}× faster |`,
    );
  }
  console.log('');
  console.log(`| A ${FILES}-file vitest suite, each file wanting the reseller world | s | vs baseline |`);
  console.log('|---|---:|---:|');
  console.log(`| each file seeds it (baseline) | ${(seeded / 1000).toFixed(2)} | 1.00 |`);
  console.log(
    `| createSeedTest({ scenario: 'reseller' }) | ${(templated / 1000).toFixed(2)} | ${(seeded / templated).toFixed(2)}× faster |`,
  );
  console.log('');
  const upMedian = median(cliUp);
  console.log(`| Time to DATABASE_URL, warm cache (median of ${cliUp.length}) | ms | vs baseline |`);
  console.log('|---|---:|---:|');
  console.log(`| npx seed up (baseline) | ${ms(upMedian)} | 1.00 |`);
  console.log(
    `| npx seed --scenario reseller | ${ms(median(cliWorld))} | ${(median(cliWorld) / upMedian).toFixed(2)}× the baseline |`,
  );
}

await main();
