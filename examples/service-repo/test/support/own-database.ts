import type { SeedDb } from '@flatrender/seed/vitest';
import { expect } from 'vitest';

/** Seeded by migrations/01_identity_tenants.sql into every database. */
export const DEFAULT_TENANT = '00000000-0000-0000-0000-000000000001';

/**
 * Checks that `db` is a clone of its own, named after `prefix` (`ft_<test file name>`), then marks it with a
 * tenant whose slug is `slug` and which records the worker it ran in. It waits a little before
 * listing the tenants, so that files running at the same time overlap: on a shared database each
 * would see the others' tenants.
 */
export async function claimDatabase(db: SeedDb, prefix: string, slug: string): Promise<void> {
  const { rows } = await db.query<{ name: string }>('SELECT current_database() AS name');
  expect(rows[0]?.name).toBe(db.name);
  expect(db.name.startsWith(`${prefix}_`)).toBe(true);
  expect(new URL(db.url).pathname).toBe(`/${db.name}`);

  await db.query(
    `INSERT INTO identity.tenants (slug, name, kind, status, metadata)
     VALUES ($1, $2, 'Reseller', 'Active', $3)`,
    [slug, `Tenant of ${slug}`, { pid: process.pid, poolId: process.env.VITEST_POOL_ID ?? null }],
  );
  await db.query('SELECT pg_sleep(0.25)');

  const tenants = await db.query<{ slug: string; pid: number | null }>(
    `SELECT slug::text AS slug, (metadata ->> 'pid')::int AS pid FROM identity.tenants`,
  );
  expect(tenants.rows).toHaveLength(2);
  expect(tenants.rows).toEqual(
    expect.arrayContaining([
      { slug: 'flatrender', pid: null },
      { slug, pid: process.pid },
    ]),
  );
}
