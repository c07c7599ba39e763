import { describe, expect } from 'vitest';
import { test } from '../../../src/vitest/index.js';

const T = '00000000-0000-0000-0000-000000000001';

describe('monthly partitions', () => {
  test('a row of another month lands in its own partition once ensure_monthly_partition created it', async ({
    db,
  }) => {
    await db.query(
      `SELECT public.ensure_monthly_partition('identity.tenant_api_request_logs', DATE '2026-03-01')`,
    );
    await db.query(`SELECT public.ensure_monthly_partition('render.node_health_logs', DATE '2026-03-17')`);
    await db.query(
      `INSERT INTO identity.tenant_api_request_logs (created_at, tenant_id, request_id, method, path, status_code, duration_ms)
       VALUES ('2026-03-15T10:00:00Z', $1, gen_random_uuid(), 'POST', '/v1/render-jobs', 201, 42)`,
      [T],
    );
    const node = await db.query(
      `INSERT INTO render.nodes (name, hmac_secret_encrypted) VALUES ('node-1', '\\x00') RETURNING id`,
    );
    await db.query(
      `INSERT INTO render.node_health_logs (recorded_at, node_id, status) VALUES ('2026-03-31T23:59:59Z', $1, 'Online')`,
      [node.rows[0]!.id],
    );
    const { rows } = await db.query(
      `SELECT tableoid::regclass::text AS part FROM identity.tenant_api_request_logs
       UNION ALL SELECT tableoid::regclass::text FROM render.node_health_logs`,
    );
    expect(rows).toEqual([
      { part: 'identity.tenant_api_request_logs_2026_03' },
      { part: 'render.node_health_logs_2026_03' },
    ]);
  });

  test('creating a month whose rows were parked in the default partition moves them', async ({ db }) => {
    await db.query(
      `INSERT INTO identity.tenant_api_request_logs (created_at, tenant_id, request_id, method, path, status_code, duration_ms)
       VALUES ('2026-05-02T00:00:00Z', $1, gen_random_uuid(), 'GET', '/v1/templates', 200, 7)`,
      [T],
    );
    await db.query(
      `SELECT public.ensure_monthly_partition('identity.tenant_api_request_logs', DATE '2026-05-01')`,
    );
    const { rows } = await db.query(
      `SELECT tableoid::regclass::text AS part FROM identity.tenant_api_request_logs WHERE created_at >= '2026-05-01'`,
    );
    expect(rows).toEqual([{ part: 'identity.tenant_api_request_logs_2026_05' }]);
  });

  test('names the rule when given a table that is not partitioned', async ({ db }) => {
    await expect(
      db.query(`SELECT public.ensure_monthly_partition('identity.users', DATE '2026-05-01')`),
    ).rejects.toThrow('identity.users is not a table partitioned by range');
  });
});

describe('the cross-schema foreign key identity.earned_gifts.notification_id', () => {
  async function giftFor(db: { query: (t: string, v?: unknown[]) => Promise<{ rows: { id: string }[] }> }) {
    const user = await db.query(
      `INSERT INTO identity.users (tenant_id, phone_number) VALUES ($1, '+989121234567') RETURNING id`,
      [T],
    );
    const gift = await db.query(
      `INSERT INTO identity.gifts (tenant_id, code, title, gift_type, value) VALUES ($1, 'welcome', 'هدیه', 'RenderSeconds', 60) RETURNING id`,
      [T],
    );
    return { userId: user.rows[0]!.id, giftId: gift.rows[0]!.id };
  }

  test('exists and points at notification.notifications', async ({ db }) => {
    const { rows } = await db.query(
      `SELECT conrelid::regclass::text AS child, confrelid::regclass::text AS parent, confdeltype
         FROM pg_constraint WHERE conname = 'fk_earned_gifts_notification'`,
    );
    expect(rows).toEqual([
      { child: 'identity.earned_gifts', parent: 'notification.notifications', confdeltype: 'n' },
    ]);
  });

  test('rejects a dangling notification_id and accepts a real one', async ({ db }) => {
    const { userId, giftId } = await giftFor(db);
    const insert = (notificationId: string) =>
      db.query(
        `INSERT INTO identity.earned_gifts (tenant_id, user_id, gift_id, source, gift_type, value, notification_id)
         VALUES ($1, $2, $3, 'Signup', 'RenderSeconds', 60, $4)`,
        [T, userId, giftId, notificationId],
      );
    await expect(insert('7d1f6a52-0000-4000-8000-000000000000')).rejects.toMatchObject({
      code: '23503',
      constraint: 'fk_earned_gifts_notification',
    });
    const notification = await db.query(
      `INSERT INTO notification.notifications (tenant_id, user_id, notification_type, title, message)
       VALUES ($1, $2, 'GiftEarned', 'هدیه گرفتید', 'یک دقیقه رندر رایگان') RETURNING id`,
      [T, userId],
    );
    await insert(notification.rows[0]!.id);
  });
});
