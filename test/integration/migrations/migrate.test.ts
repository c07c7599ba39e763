import { appendFile, cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SeedError } from '../../../src/errors.js';
import { migrate } from '../../../src/migrations/migrate.js';
import { defaultMigrationsDir } from '../../../src/migrations/migration-files.js';
import { emptyDatabase } from '../../support/admin.js';

let copyDir: string;
beforeAll(async () => {
  copyDir = await mkdtemp(path.join(tmpdir(), 'fr-migrations-'));
  await cp(defaultMigrationsDir, copyDir, { recursive: true });
});
afterAll(() => rm(copyDir, { recursive: true, force: true }));

async function appliedRows(url: string): Promise<{ id: number; name: string }[]> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return (await client.query('SELECT id, name FROM public.migrations ORDER BY id')).rows;
  } finally {
    await client.end();
  }
}

describe('migrate', () => {
  test('applies 00…14, 22 and 23 in order, bridged to ids 1…17, and a second run is a no-op', async () => {
    await using db = await emptyDatabase();
    const first = await migrate(db.url);
    expect(first.applied).toEqual([
      '00_setup.sql',
      '01_identity_tenants.sql',
      '02_identity_users.sql',
      '03_identity_billing.sql',
      '04_identity_gamification.sql',
      '05_content_taxonomy.sql',
      '06_content_projects.sql',
      '07_content_scenes.sql',
      '08_content_characters_presets.sql',
      '09_content_cms.sql',
      '10_studio_saved_projects.sql',
      '11_render_nodes.sql',
      '12_render_jobs.sql',
      '13_file_manager.sql',
      '14_notification.sql',
      '22_identity_oauth_config.sql',
      '23_updated_at_explicit.sql',
    ]);
    const rows = await appliedRows(db.url);
    expect(rows[0]).toEqual({ id: 0, name: 'create-migrations-table' });
    expect(rows.at(-1)).toEqual({ id: 17, name: '23_updated_at_explicit' });

    const second = await migrate(db.url);
    expect(second).toMatchObject({ applied: [], alreadyApplied: 17 });
    expect(await appliedRows(db.url)).toEqual(rows);
  });

  test('refuses a migration edited after it was applied, naming the file, and applies nothing', async () => {
    await using db = await emptyDatabase();
    const dir = await mkdtemp(path.join(tmpdir(), 'fr-edited-'));
    try {
      await cp(copyDir, dir, { recursive: true });
      await migrate(db.url, { migrationsDir: dir });
      await appendFile(path.join(dir, '05_content_taxonomy.sql'), '\n-- an innocent-looking edit\n');
      await writeFile(path.join(dir, '24_extra.sql'), 'CREATE TABLE content.extra (id int);\n');
      const error = await migrate(db.url, { migrationsDir: dir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SeedError);
      expect((error as SeedError).code).toBe('E_MIGRATION_CHANGED');
      expect((error as Error).message).toContain('05_content_taxonomy.sql was edited after it was applied');
      expect((error as Error).message).toContain(db.name);
      expect((await appliedRows(db.url)).length).toBe(18);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('refuses a file slipped in before already-applied ones (append-only order)', async () => {
    await using db = await emptyDatabase();
    const dir = await mkdtemp(path.join(tmpdir(), 'fr-order-'));
    try {
      await cp(copyDir, dir, { recursive: true });
      await migrate(db.url, { migrationsDir: dir });
      await writeFile(path.join(dir, '15_late.sql'), 'SELECT 1;\n');
      const error = (await migrate(db.url, { migrationsDir: dir }).catch((e: unknown) => e)) as SeedError;
      expect(error.code).toBe('E_MIGRATION_ORDER');
      expect(error.message).toContain('15_late.sql');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('applies another migrations folder: a copy plus a file of its own', async () => {
    await using db = await emptyDatabase();
    const dir = await mkdtemp(path.join(tmpdir(), 'fr-service-'));
    try {
      await cp(copyDir, dir, { recursive: true });
      await writeFile(
        path.join(dir, '24_content_project_assets.sql'),
        'CREATE TABLE content.project_assets (id uuid PRIMARY KEY);\n',
      );
      const result = await migrate(db.url, { migrationsDir: dir });
      expect(result.applied.at(-1)).toBe('24_content_project_assets.sql');
      expect((await appliedRows(db.url)).at(-1)).toEqual({ id: 18, name: '24_content_project_assets' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('four concurrent calls on one fresh database all succeed and apply each migration once', async () => {
    await using db = await emptyDatabase();
    const results = await Promise.all([1, 2, 3, 4].map(() => migrate(db.url)));
    const applied = results.flatMap((r) => r.applied);
    expect(applied.sort()).toEqual(
      results
        .find((r) => r.applied.length > 0)
        ?.applied.slice()
        .sort(),
    );
    expect(applied).toHaveLength(17);
    const rows = await appliedRows(db.url);
    expect(rows.map((r) => r.id)).toEqual([...Array(18).keys()]);
  });

  test('names the file, the database and the PostgreSQL error when a migration fails, and rolls it back', async () => {
    await using db = await emptyDatabase();
    const dir = await mkdtemp(path.join(tmpdir(), 'fr-broken-'));
    try {
      await cp(copyDir, dir, { recursive: true });
      await writeFile(
        path.join(dir, '24_broken.sql'),
        'CREATE TABLE content.ok (id int);\nCREATE TABLE content.ok (id int);\n',
      );
      const error = (await migrate(db.url, { migrationsDir: dir }).catch((e: unknown) => e)) as SeedError;
      expect(error.code).toBe('E_MIGRATION_FAILED');
      expect(error.message).toContain('24_broken.sql');
      expect(error.message).toContain(db.name);
      expect(error.message).toContain('relation "ok" already exists');
      expect((await appliedRows(db.url)).length).toBe(18);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
