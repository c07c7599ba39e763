import { createSeedTest } from '@flatrender/seed/vitest';
import { expect } from 'vitest';

// The reseller world, seeded once per run into a seeded template; this file gets a clone of its own.
const test = createSeedTest({ scenario: 'reseller', now: '2026-06-01T00:00:00Z' });

test('starts from the reseller world, with its handles and credentials', async ({ db, world }) => {
  const { tenant } = world.handles;
  const { rows } = await db.query<{ slug: string; keys: number }>(
    `SELECT slug::text AS slug, (SELECT count(*)::int FROM identity.tenant_api_keys WHERE tenant_id = t.id) AS keys
       FROM identity.tenants t WHERE id = $1`,
    [tenant.id],
  );
  expect(rows[0]).toEqual({ slug: tenant.slug, keys: 2 });
  expect(world.credentials.apiKeys.map((k) => k.key.slice(0, 8))).toEqual(['fr_test_', 'fr_live_']);
});

test('adds rows of its own with f, beside the world and without clashing with it', async ({
  db,
  world,
  f,
}) => {
  const count = async () =>
    (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM identity.users')).rows[0]!.n;
  expect(await count()).toBe(world.counts['identity.users']);
  const t = f.forTenant(world.handles.tenant);
  const customers = await t.user.createList(3);
  const job = await t.use(customers[0]!).renderJob.failed().create();
  expect(job.user_id).toBe(customers[0]!.id);
  expect(await count()).toBe(world.counts['identity.users']! + 3);
  expect(customers.every((u) => u.tenant_id === world.handles.tenant.id)).toBe(true);
});
