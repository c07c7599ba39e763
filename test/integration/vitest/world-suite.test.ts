import { spawn } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, inject, test } from 'vitest';
import { dataRoot } from '../../../src/server/embedded/run-directory.js';
import { withDatabase } from '../../../src/sql/database-url.js';
import { adminQuery } from '../../support/admin.js';
import { finished } from '../../support/spawn.js';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const roots: string[] = [];
afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

/** A data root of its own (so the first run really is cold), traversable by the server's user. */
async function privateRoot(): Promise<string> {
  const base = await mkdtemp(path.join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'fr-worlds-'));
  await chmod(base, 0o755);
  roots.push(base);
  return base;
}

/** Runs the suite in test/fixtures/worlds as a service repository runs its own: a vitest run of its own. */
function runSuite(env: NodeJS.ProcessEnv) {
  const child = spawn(
    process.execPath,
    [
      path.join(repo, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--config',
      'test/fixtures/worlds/vitest.config.ts',
    ],
    {
      cwd: repo,
      env: { ...process.env, FLATRENDER_SEED_DATABASE_URL: '', NO_COLOR: '1', FORCE_COLOR: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes.
  const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');
  return finished(child).then((result) => ({ ...result, output: plain(result.stdout + result.stderr) }));
}

const seedings = (output: string, scenario: string) =>
  output.split('\n').filter((line) => line.includes(`Seeding world "${scenario}"`)).length;

describe('createSeedTest({ scenario }) in a suite of several files', () => {
  test('seeds the world once per run, gives each file an identical copy that no other file sees, and a second run seeds nothing', async () => {
    const root = await privateRoot();
    const out = path.join(root, 'report.jsonl');
    const first = await runSuite({ FLATRENDER_SEED_DATA_DIR: root, WORLDS_OUT: out });
    expect(first.code, first.output).toBe(0);
    // Three files want the reseller world; one seeds it, the others wait for it and clone it.
    expect(seedings(first.output, 'reseller'), first.output).toBe(1);
    expect(seedings(first.output, 'busy-reseller'), first.output).toBe(1);
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const copies = lines.filter((line) => line.digest !== undefined);
    expect(copies.map((line) => line.file).sort()).toEqual(['a', 'b', 'c']);
    expect(new Set(copies.map((line) => line.digest)).size).toBe(1);
    expect(lines.find((line) => line.file === 'busy')?.failed).toBeGreaterThanOrEqual(5);

    // The world joined the cache as a data folder of the entry, sealed like the first one.
    const cacheDir = path.join(dataRoot(root), 'cache');
    const entry = path.join(cacheDir, readdirSync(cacheDir)[0]!);
    const meta = JSON.parse(readFileSync(path.join(entry, 'meta.json'), 'utf8')) as {
      data: string;
      worlds: { scenario: string }[];
    };
    expect(meta.worlds.map((w) => w.scenario)).toEqual(['reseller']);
    const data = lstatSync(path.join(entry, meta.data));
    expect([data.isDirectory(), data.uid, data.mode & 0o022]).toEqual([true, process.getuid?.(), 0]);
    expect(lstatSync(path.join(entry, meta.data, 'postgresql.conf')).mode & 0o222).toBe(0o200);

    // Nothing changed: the reseller world came with the embedded server's cached data.
    const second = await runSuite({ FLATRENDER_SEED_DATA_DIR: root, WORLDS_ONLY: 'isolation-*.test.ts' });
    expect(second.code, second.output).toBe(0);
    expect(seedings(second.output, 'reseller'), second.output).toBe(0);
    // Two nested vitest runs, the first seeding the world: minutes on a busy 2-CPU machine.
  }, 300_000);

  test('a failed test in transaction mode keeps its database with the rows it wrote', async () => {
    const { adminUrl } = inject('flatrenderSeed');
    const run = await runSuite({ FLATRENDER_SEED_DATABASE_URL: adminUrl, WORLDS_ONLY: 'kept.test.ts' });
    expect(run.code, run.output).toBe(1);
    const line = run.output.split('\n').find((l) => l.includes("kept its database with the test's rows"));
    expect(line, run.output).toBeDefined();
    const kept = /\/(ft_[a-z0-9_]+)/.exec(line!)?.[1];
    expect(kept).toBeDefined();
    const client = new pg.Client(withDatabase(adminUrl, kept!));
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM identity.tenants WHERE name = 'kept by a failed test'",
      );
      expect(rows[0]!.n).toBe(1);
    } finally {
      await client.end();
      await adminQuery(`DROP DATABASE IF EXISTS "${kept}" WITH (FORCE)`);
    }
    // The file's other test passed on a fresh clone, with nothing of the failed test in it.
    expect(run.output).toMatch(/Tests\s+1 failed \| 1 passed/);
  }, 180_000);
});
