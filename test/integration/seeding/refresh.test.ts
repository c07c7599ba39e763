import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect } from 'vitest';
import { defaultMigrationsDir } from '../../../src/migrations/migration-files.js';
import { createSeedTest } from '../../../src/vitest/index.js';
import { finished, runSeed, spawnTs } from '../../support/spawn.js';

const test = createSeedTest({ isolation: 'test' });
const NOW = '2026-06-01T00:00:00.000Z';

type Db = { query: (t: string, v?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }> };

async function snapshot(db: Db): Promise<string> {
  const { rows } = await db.query(
    `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS users,
            (SELECT md5(coalesce(string_agg(j::text, '|' ORDER BY j::text), '')) FROM render.render_jobs j) AS jobs,
            (SELECT count(*) FROM identity.tenants) AS tenants
       FROM identity.users t`,
  );
  return JSON.stringify(rows[0]);
}

describe('seed refresh', () => {
  test('killed with SIGKILL mid-way, it leaves the previous data intact and the database usable', async ({
    db,
  }) => {
    const seeded = await runSeed(['--scenario', 'minimal', '--database-url', db.url, '--now', NOW]);
    expect(seeded.code, seeded.stderr).toBe(0);
    const before = await snapshot(db);

    const child = spawnTs('seed-cli.ts', [
      'refresh',
      '--database-url',
      db.url,
      '--scenario',
      'demo',
      '--now',
      NOW,
      '--yes',
    ]);
    const done = finished(child);
    // Wait until the refresh's transaction has deleted rows (it holds a row-exclusive lock on users).
    const watcher = new pg.Client(db.url);
    await watcher.connect();
    try {
      for (let i = 0; i < 400; i++) {
        const { rows } = await watcher.query(
          `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.relation = 'render.render_jobs'::regclass AND l.mode = 'RowExclusiveLock' AND a.pid <> pg_backend_pid()`,
        );
        if (rows[0].n > 0) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      // Readers still see the old data while the refresh runs.
      expect(await snapshot(watcher)).toBe(before);
      await new Promise((r) => setTimeout(r, 150));
      child.kill('SIGKILL');
      expect((await done).signal).toBe('SIGKILL');
      expect(await snapshot(watcher)).toBe(before);
    } finally {
      await watcher.end();
    }

    const again = await runSeed([
      'refresh',
      '--database-url',
      db.url,
      '--scenario',
      'minimal',
      '--seed',
      '2',
      '--now',
      NOW,
      '--json',
      '--yes',
    ]);
    expect(again.code, again.stderr).toBe(0);
    expect(await snapshot(db)).not.toBe(before);
    expect((await runSeed(['verify', '--database-url', db.url])).code).toBe(0);
  });

  test('refuses an unmarked database with data and leaves it untouched', async ({ db }) => {
    await db.query('DROP SCHEMA flatrender_seed CASCADE');
    await db.query(
      `INSERT INTO identity.users (tenant_id, phone_number) VALUES ('00000000-0000-0000-0000-000000000001', '+989121234567')`,
    );
    const before = await snapshot(db);
    const result = await runSeed(['refresh', '--database-url', db.url, '--scenario', 'minimal']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Refusing to refresh database "${db.name}"`);
    expect(await snapshot(db)).toBe(before);
  });

  test('refuses when the migrations differ, listing the difference; --migrate applies them first', async ({
    db,
  }) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'fr-refresh-'));
    try {
      await cp(defaultMigrationsDir, dir, { recursive: true });
      await writeFile(
        path.join(dir, '24_content_project_assets.sql'),
        'CREATE TABLE content.project_assets_demo (id uuid PRIMARY KEY);\n',
      );
      const refused = await runSeed([
        'refresh',
        '--database-url',
        db.url,
        '--scenario',
        'minimal',
        '--migrations',
        dir,
        '--yes',
      ]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('not applied: 24_content_project_assets.sql');
      expect(refused.stderr).toContain('--migrate');
      const migrated = await runSeed([
        'refresh',
        '--database-url',
        db.url,
        '--scenario',
        'minimal',
        '--migrations',
        dir,
        '--migrate',
        '--yes',
      ]);
      expect(migrated.code, migrated.stderr).toBe(0);
      const { rows } = await db.query(`SELECT to_regclass('content.project_assets_demo')::text AS t`);
      expect(rows).toEqual([{ t: 'content.project_assets_demo' }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
