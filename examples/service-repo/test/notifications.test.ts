import { createSeedTest } from '@flatrender/seed/vitest';
import { expect } from 'vitest';
import { claimDatabase, DEFAULT_TENANT } from './support/own-database.js';

// One database for this file, and every test inside a transaction that is rolled back after it.
const test = createSeedTest({ transaction: true });

const USER = '7d2e4b10-8c3f-4a6e-b1d5-9e0f2a3c4b5d';

test('writes a notification inside its transaction', async ({ db }) => {
  await claimDatabase(db, 'ft_notifications', 'notifications');
  await db.query(
    `INSERT INTO notification.notifications (tenant_id, user_id, notification_type, title, message)
     VALUES ($1, $2, 'RenderCompleted', 'Your video is ready', 'render-42 finished')`,
    [DEFAULT_TENANT, USER],
  );
  const inside = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM notification.notifications');
  expect(inside.rows[0]?.n).toBe(1);

  // db.pool is outside the test's transaction: it does not see the uncommitted row.
  const outside = await db.pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM notification.notifications',
  );
  expect(outside.rows[0]?.n).toBe(0);
});

test('finds the rows of the previous test rolled back', async ({ db }) => {
  const { rows } = await db.query<{ notifications: number; tenants: number }>(
    `SELECT (SELECT count(*)::int FROM notification.notifications) AS notifications,
            (SELECT count(*)::int FROM identity.tenants) AS tenants`,
  );
  // Same database as before (file isolation), but the notification and the claimed tenant are gone.
  expect(rows[0]).toEqual({ notifications: 0, tenants: 1 });
  const current = await db.query<{ name: string }>('SELECT current_database() AS name');
  expect(current.rows[0]?.name).toBe(db.name);
});
