import { createFactories } from '@flatrender/seed';
import { test } from '@flatrender/seed/vitest';
import { expect } from 'vitest';

// Seeding with the toolkit's factories instead of hand-written SQL: typed rows, parents made for you.
test('seeds a reseller with 300 notifications (createList goes through COPY from 200 rows)', async ({
  db,
}) => {
  const f = createFactories(db, { seed: 7, now: '2026-06-01T00:00:00Z' });
  const reseller = await f.tenant.reseller().create();
  const notifications = await f.forTenant(reseller).notification.createList(300);

  expect(notifications).toHaveLength(300);
  expect(new Set(notifications.map((n) => n.tenant_id))).toEqual(new Set([reseller.id]));
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM notification.notifications WHERE tenant_id = $1',
    [reseller.id],
  );
  expect(rows[0]?.n).toBe(300);
});

test('the same seed gives the same rows: ids are stable across runs', async ({ db }) => {
  const again = createFactories(db, { seed: 7, now: '2026-06-01T00:00:00Z' }).tenant.reseller().build();
  const { rows } = await db.query<{ id: string }>('SELECT id FROM identity.tenants WHERE id = $1', [
    again.id,
  ]);
  expect(rows).toHaveLength(1);
});
