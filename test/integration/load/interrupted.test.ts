import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect } from 'vitest';
import { createSeedTest } from '../../../src/vitest/index.js';
import { anotherDatabase, catalogDefinitions, withClient } from '../../support/load-databases.js';
import { finished, runSeed, spawnTs } from '../../support/spawn.js';

const test = createSeedTest({ isolation: 'test' });

/** The monthly partitions a load adds (with their own indexes) are new, not changed: left out of comparisons. */
const PARTITION =
  /^(index|constraint) (identity\.tenant_api_request_logs|render\.node_health_logs)_20\d\d_\d\d /;

/** The catalog of a database freshly cloned from the template: what every load must leave. */
async function templateCatalog(): Promise<string[]> {
  await using fresh = await anotherDatabase('ft_catalog');
  return await withClient(fresh.url, (client) => catalogDefinitions(client));
}

/** Starts `seed --scenario load` and resolves once it has dropped the keys and is loading rows. */
async function loadUntilMidway(url: string) {
  const child = spawnTs('seed-cli.ts', [
    '--scenario',
    'load',
    '--scale',
    '0.5',
    '--workers',
    '1',
    '--database-url',
    url,
    '--now',
    '2026-06-01',
  ]);
  const done = finished(child);
  await withClient(url, async (watcher) => {
    for (let i = 0; i < 1200; i++) {
      const { rows } = await watcher.query<{ dropped: boolean; jobs: boolean }>(
        `SELECT to_regclass('flatrender_seed.deferred_definitions') IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'render_jobs_pkey') AS dropped,
                EXISTS (SELECT 1 FROM render.render_jobs) AS jobs`,
      );
      if (rows[0]!.dropped && rows[0]!.jobs) return;
      await sleep(25);
    }
    throw new Error('the load never reached its rows phase');
  });
  return { child, done };
}

describe('an interrupted bulk load never loses keys', () => {
  test('killed with SIGKILL mid-way: verify names each missing key (exit 1), the next command restores every one', async ({
    db,
  }) => {
    const expected = await templateCatalog();
    const { child, done } = await loadUntilMidway(db.url);
    child.kill('SIGKILL');
    expect((await done).signal).toBe('SIGKILL');

    // What the issue found: the primary key is gone, so a duplicate is accepted.
    const duplicate = await db
      .query(`INSERT INTO render.render_jobs SELECT * FROM render.render_jobs LIMIT 1`)
      .then(() => 'accepted');
    expect(duplicate).toBe('accepted');

    const verify = await runSeed(['verify', '--database-url', db.url, '--json']);
    expect(verify.code, verify.stderr).toBe(1);
    const report = JSON.parse(verify.stdout) as {
      violations: { rule: string; table: string; id: string; detail: string }[];
    };
    expect(report.violations).toContainEqual(
      expect.objectContaining({ rule: 'missing-key', table: 'render.render_jobs', id: 'render_jobs_pkey' }),
    );
    expect(report.violations).toContainEqual(
      expect.objectContaining({
        rule: 'missing-foreign-key',
        table: 'render.frame_jobs',
        id: 'frame_jobs_render_job_id_fkey',
      }),
    );
    expect(report.violations.some((v) => v.rule === 'missing-index')).toBe(true);
    expect(report.violations[0]!.detail).toContain('did not finish; the next seed command on this database');

    // The next command that touches the database: here `seed migrate` (any writing command does it).
    const next = await runSeed(['migrate', '--database-url', db.url]);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toContain('Repaired an unfinished bulk load');
    const after = await catalogDefinitions(db);
    expect(after.filter((line) => !PARTITION.test(line) || expected.includes(line))).toEqual(expected);
    // The load is undone: its rows, and the tenants it was adding, are gone.
    const left = await db.query(
      `SELECT (SELECT count(*)::int FROM flatrender_seed.deferred_definitions) AS records,
              (SELECT count(*)::int FROM render.render_jobs) AS jobs,
              (SELECT count(*)::int FROM identity.tenants) AS tenants`,
    );
    expect(left.rows).toEqual([{ records: 0, jobs: 0, tenants: 1 }]);
    expect((await runSeed(['verify', '--database-url', db.url])).code).toBe(0);
  });

  test('stopped with SIGTERM mid-way: it puts every key back itself before exiting (128 + 15)', async ({
    db,
  }) => {
    const expected = await templateCatalog();
    const { child, done } = await loadUntilMidway(db.url);
    child.kill('SIGTERM');
    const result = await done;
    expect(result.code, result.stderr).toBe(143);
    expect(result.stderr).toContain('The load was interrupted by SIGTERM while it was loading rows');
    const after = await catalogDefinitions(db);
    expect(after.filter((line) => !PARTITION.test(line) || expected.includes(line))).toEqual(expected);
    const { rows } = await db.query(
      'SELECT (SELECT count(*)::int FROM flatrender_seed.deferred_definitions) AS records, (SELECT count(*)::int FROM identity.tenants) AS tenants',
    );
    expect(rows).toEqual([{ records: 0, tenants: 1 }]);
  });

  test('a new load after a killed one repairs the database first, then loads', async ({ db }) => {
    const expected = await templateCatalog();
    const { child, done } = await loadUntilMidway(db.url);
    child.kill('SIGKILL');
    await done;
    const again = await runSeed([
      '--scenario',
      'load',
      '--scale',
      '0.05',
      '--database-url',
      db.url,
      '--json',
    ]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('The unfinished load was undone');
    const after = await catalogDefinitions(db);
    expect(after.filter((line) => !PARTITION.test(line) || expected.includes(line))).toEqual(expected);
    // What this test is about; the data's own rules are load/verify.test.ts's.
    const verify = JSON.parse((await runSeed(['verify', '--database-url', db.url, '--json'])).stdout) as {
      violations: { rule: string }[];
    };
    expect(verify.violations.filter((v) => v.rule.startsWith('missing-'))).toEqual([]);
  });
});
