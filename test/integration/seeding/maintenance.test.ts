import { describe, expect } from 'vitest';
import { createSeedTest } from '../../../src/vitest/index.js';
import { runSeed } from '../../support/spawn.js';

const DEFAULT_TENANT = '00000000-0000-0000-0000-000000000001';

// Each test breaks its database on purpose: one database per test.
const test = createSeedTest({ isolation: 'test' });

async function rowCounts(db: { query: (t: string) => Promise<{ rows: { n: number }[] }> }) {
  const tenants = await db.query('SELECT count(*)::int AS n FROM identity.tenants');
  const users = await db.query('SELECT count(*)::int AS n FROM identity.users');
  return { tenants: tenants.rows[0]?.n, users: users.rows[0]?.n };
}

/** Makes the test database look like one set up by hand: data, and no toolkit marker. */
async function unmarkedWithData(db: { query: (t: string, v?: unknown[]) => Promise<unknown> }) {
  await db.query('DROP SCHEMA flatrender_seed CASCADE');
  await db.query(`INSERT INTO identity.tenants (slug, name) VALUES ('acme', 'Acme')`);
  await db.query(`INSERT INTO identity.users (tenant_id, phone_number) VALUES ($1, '+989121111111')`, [
    DEFAULT_TENANT,
  ]);
}

describe('seed reset and seed mark', () => {
  test('a database cloned from the template carries the marker (migrated from empty)', async ({ db }) => {
    const { rows } = await db.query('SELECT origin FROM flatrender_seed.marker');
    expect(rows).toEqual([{ origin: 'migrated-from-empty' }]);
  });

  test('reset refuses an unmarked database with data, names it, and changes nothing', async ({ db }) => {
    await unmarkedWithData(db);
    const before = await rowCounts(db);
    const result = await runSeed(['reset', '--database-url', db.url]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Refusing to reset database "${db.name}"`);
    expect(result.stderr).toContain('seed mark --database-url');
    expect(await rowCounts(db)).toEqual(before);
  });

  test('mark needs --yes; once marked, reset empties every table but keeps the default tenant', async ({
    db,
  }) => {
    await unmarkedWithData(db);
    const unconfirmed = await runSeed(['mark', '--database-url', db.url]);
    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.stderr).toContain('Add --yes');
    expect((await db.query(`SELECT to_regclass('flatrender_seed.marker') AS t`)).rows[0]?.t).toBeNull();

    expect((await runSeed(['mark', '--database-url', db.url, '--yes'])).code).toBe(0);
    const reset = await runSeed(['reset', '--database-url', db.url, '--json', '--yes']);
    expect(reset.code, reset.stderr).toBe(0);
    expect(JSON.parse(reset.stdout) as unknown).toMatchObject({ database: db.name, tables: 79 });
    expect(await rowCounts(db)).toEqual({ tenants: 1, users: 0 });
  });
});

describe('seed verify', () => {
  test('passes on a freshly migrated database', async ({ db }) => {
    const result = await runSeed(['verify', '--database-url', db.url, '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ ok: true, violations: [] });
  });

  test('reports a broken soft reference with table, column and id, and exits 1', async ({ db }) => {
    const { rows } = await db.query(
      `INSERT INTO render.render_jobs (tenant_id, user_id, project_id, quality, width, height, fps, duration_sec, total_frames, config)
       VALUES ($1, '11111111-1111-4111-8111-111111111111', gen_random_uuid(), 'Hd720', 1280, 720, 30, 10, 300, '{}') RETURNING id`,
      [DEFAULT_TENANT],
    );
    const result = await runSeed(['verify', '--database-url', db.url]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `render.render_jobs.user_id ${rows[0]?.id}: 11111111-1111-4111-8111-111111111111 points at no row of identity.users [soft-reference]`,
    );
  });

  test('reports a row whose tenant differs from its parent’s', async ({ db }) => {
    const tenant = await db.query(
      `INSERT INTO identity.tenants (slug, name) VALUES ('other', 'Other') RETURNING id`,
    );
    const user = await db.query(
      `INSERT INTO identity.users (tenant_id, phone_number) VALUES ($1, '+989121111112') RETURNING id`,
      [DEFAULT_TENANT],
    );
    await db.query(
      `INSERT INTO notification.notifications (tenant_id, user_id, notification_type, title, message) VALUES ($1, $2, 'Other', 't', 'm')`,
      [tenant.rows[0]?.id, user.rows[0]?.id],
    );
    const result = await runSeed(['verify', '--database-url', db.url, '--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).violations).toEqual([
      expect.objectContaining({
        rule: 'tenant-coherence',
        table: 'notification.notifications',
        column: 'user_id',
      }),
    ]);
  });
});
