import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect } from 'vitest';
import { createSeedTest } from '../../../src/vitest/index.js';
import {
  anotherDatabase,
  catalogDefinitions,
  contentDigest,
  withClient,
} from '../../support/load-databases.js';
import { finished, runSeed } from '../../support/spawn.js';

const test = createSeedTest({ isolation: 'test' });

// The built CLI, as the shards of a real job run it (npm test builds dist/ before vitest; run
// `npm run build` first when running this file alone). Three processes starting the load worker
// from the TypeScript sources would spend their first seconds in tsx's loader.
const root = fileURLToPath(new URL('../../..', import.meta.url));
function seedBin(args: string[]): ChildProcess {
  return spawn(process.execPath, [path.join(root, 'bin/seed.js'), ...args], {
    cwd: root,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const load = (url: string, scale: string) => [
  '--scenario',
  'load',
  '--scale',
  scale,
  '--now',
  '2026-06-01',
  '--workers',
  '1',
  '--database-url',
  url,
];

/** The monthly partitions a load adds (with their own indexes) are new, not changed: left out of comparisons. */
const PARTITION =
  /^(index|constraint) (identity\.tenant_api_request_logs|render\.node_health_logs)_20\d\d_\d\d /;

describe('seed --scenario load --shard i/n', () => {
  test('three processes with --shard 1/3, 2/3 and 3/3 started together make the tables one process makes', async ({
    db,
  }) => {
    await using single = await anotherDatabase('shard_single');
    const one = await finished(seedBin([...load(single.url, '0.1'), '--json']));
    expect(one.code, one.stderr).toBe(0);

    const shards = await Promise.all(
      [1, 2, 3].map((i) => finished(seedBin([...load(db.url, '0.1'), '--shard', `${i}/3`, '--json']))),
    );
    for (const shard of shards) expect(shard.code, shard.stderr).toBe(0);
    const results = shards.map(
      (s) => JSON.parse(s.stdout) as { rows: number; shard: { rebuiltKeys: boolean } },
    );
    // The last to finish rebuilt the keys; the slices are disjoint and add up to the whole load.
    expect(results.filter((r) => r.shard.rebuiltKeys)).toHaveLength(1);
    expect(results.reduce((sum, r) => sum + r.rows, 0)).toBe(
      (JSON.parse(one.stdout) as { rows: number }).rows,
    );

    const [whole, sharded] = await Promise.all([
      withClient(single.url, (c) => contentDigest(c)),
      withClient(db.url, (c) => contentDigest(c)),
    ]);
    expect(sharded).toEqual(whole);
    const [wholeCatalog, shardedCatalog] = await Promise.all([
      withClient(single.url, (c) => catalogDefinitions(c)),
      withClient(db.url, (c) => catalogDefinitions(c)),
    ]);
    expect(shardedCatalog).toEqual(wholeCatalog);
    expect((await runSeed(['verify', '--database-url', db.url])).code).toBe(0);
  });

  test('a shard killed with SIGKILL: the others stop, put every key back and name the dead shard', async ({
    db,
  }) => {
    const expected = await (async () => {
      await using fresh = await anotherDatabase('shard_catalog');
      return await withClient(fresh.url, (c) => catalogDefinitions(c));
    })();
    const children = [1, 2, 3].map((i) => seedBin([...load(db.url, '1'), '--shard', `${i}/3`]));
    const done = children.map((child) => finished(child));
    // All three have joined (so the first has prepared) and rows are streaming.
    await withClient(db.url, async (watcher) => {
      for (let i = 0; i < 2400; i++) {
        const { rows } = await watcher
          .query<{ running: number; jobs: boolean }>(
            `SELECT (SELECT count(*)::int FROM flatrender_seed.load_shards WHERE shard > 0 AND state = 'running') AS running,
                  EXISTS (SELECT 1 FROM render.render_jobs) AS jobs`,
          )
          .catch(() => ({ rows: [{ running: 0, jobs: false }] }));
        if (rows[0]!.running === 3 && rows[0]!.jobs) return;
        await sleep(25);
      }
      throw new Error('the shards never all reached their rows phase');
    });
    children[1]!.kill('SIGKILL');
    const [first, killed, third] = await Promise.all(done);
    expect(killed!.signal).toBe('SIGKILL');
    for (const survivor of [first!, third!]) {
      expect(survivor.code, survivor.stderr).toBe(1);
      expect(survivor.stderr).toMatch(/shard 2\/3 \(server pid \d+[^)]*\) died while loading its rows/);
      expect(survivor.stderr).toContain('Fix: Run all 3 shards again');
    }
    expect(`${first!.stderr}${third!.stderr}`).toContain('The sharded load was undone (database');

    // The keys are back, the rows and the records are gone: the database is as the template left it.
    const catalog = await withClient(db.url, (c) => catalogDefinitions(c));
    expect(catalog.filter((line) => !PARTITION.test(line))).toEqual(
      expected.filter((l) => !PARTITION.test(l)),
    );
    const { rows } = await db.query<{ jobs: number; records: number }>(
      `SELECT (SELECT count(*)::int FROM render.render_jobs) AS jobs,
              (SELECT count(*)::int FROM flatrender_seed.deferred_definitions) AS records`,
    );
    expect(rows[0]).toEqual({ jobs: 0, records: 0 });
    expect((await runSeed(['verify', '--database-url', db.url])).code).toBe(0);

    // Running the three again starts afresh and completes.
    const again = await Promise.all(
      [1, 2, 3].map((i) => finished(seedBin([...load(db.url, '0.1'), '--shard', `${i}/3`]))),
    );
    for (const shard of again) expect(shard.code, shard.stderr).toBe(0);
  });
});
