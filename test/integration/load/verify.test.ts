import { describe, expect } from 'vitest';
import { type LoadResult, runLoad } from '../../../src/load/run-load.js';
import { verifyDatabase } from '../../../src/verify/verify-database.js';
import type { SeedDb } from '../../../src/vitest/index.js';
import { createSeedTest } from '../../../src/vitest/index.js';

// One database for the file: loaded once at scale 1, then read by every test.
const test = createSeedTest();
const NOW = '2026-11-01T00:00:00Z';
let loading: Promise<LoadResult> | undefined;
function loaded(db: SeedDb): Promise<LoadResult> {
  loading ??= runLoad({ databaseUrl: db.url }, { scale: 1, seed: 1, now: NOW });
  return loading;
}

/** Rows of `sql` (a query returning offending rows): none expected. */
async function none(db: SeedDb, sql: string): Promise<unknown[]> {
  const { rows } = await db.query(`${sql} LIMIT 5`);
  return rows;
}

describe('load --scale 1: a world seed verify accepts', () => {
  test('verifyDatabase finds no violation', { timeout: 300_000 }, async ({ db }) => {
    const result = await loaded(db);
    expect(result.rows).toBeGreaterThan(90_000);
    expect(await verifyDatabase(db, { limit: 5 })).toEqual([]);

    const { rows } = await db.query<{ status: string; n: number }>(
      'SELECT status::text, count(*)::int AS n FROM render.render_jobs GROUP BY 1 ORDER BY 1',
    );
    // The invariants above are not vacuous: every status is there.
    expect(rows.map((r) => r.status)).toEqual(['Cancelled', 'Completed', 'Failed', 'Queued', 'Running']);
    const parked = await db.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM identity.tenant_api_request_logs_default)
          + (SELECT count(*) FROM render.node_health_logs_default) AS n`,
    );
    expect(Number(parked.rows[0]!.n)).toBe(0);
  });

  test('request logs have a night trough and Fridays carry fewer renders (the time model)', async ({
    db,
  }) => {
    await loaded(db);
    const { rows: hours } = await db.query<{ hour: number; n: number }>(
      `SELECT extract(hour FROM created_at AT TIME ZONE 'Asia/Tehran')::int AS hour, count(*)::int AS n
         FROM identity.tenant_api_request_logs GROUP BY 1 ORDER BY 1`,
    );
    expect(hours).toHaveLength(24);
    const counts = hours.map((h) => h.n);
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(3 * Math.min(...counts));
    const quietest = hours.find((h) => h.n === Math.min(...counts))!.hour;
    expect(quietest).toBeGreaterThanOrEqual(1);
    expect(quietest).toBeLessThanOrEqual(7);

    // Jobs per calendar day of each Iranian weekday (days without jobs count as 0).
    const { rows: weekdays } = await db.query<{ dow: number; per_day: number }>(
      `WITH days AS (
         SELECT d::date AS day FROM generate_series(
           (SELECT min(created_at AT TIME ZONE 'Asia/Tehran')::date FROM render.render_jobs),
           (SELECT max(created_at AT TIME ZONE 'Asia/Tehran')::date FROM render.render_jobs), '1 day') d),
       jobs AS (
         SELECT (created_at AT TIME ZONE 'Asia/Tehran')::date AS day, count(*) AS n FROM render.render_jobs GROUP BY 1)
       SELECT extract(isodow FROM days.day)::int AS dow, avg(coalesce(jobs.n, 0))::float8 AS per_day
         FROM days LEFT JOIN jobs USING (day) GROUP BY 1 ORDER BY 1`,
    );
    const perDay = new Map(weekdays.map((w) => [w.dow, w.per_day]));
    // isodow: 6 Saturday, 7 Sunday, 1 Monday, 2 Tuesday, 3 Wednesday, 4 Thursday, 5 Friday.
    const working = [6, 7, 1, 2, 3].map((d) => perDay.get(d)!);
    const friday = perDay.get(5)!;
    expect(friday).toBeLessThan(0.8 * Math.min(...working));
  });

  test('the books add up: wallets, API traffic, usage, channels and the render farm', async ({ db }) => {
    await loaded(db);
    // Wallets: each balance follows from the previous entry; users hold their latest balance.
    expect(
      await none(
        db,
        `SELECT id FROM (
           SELECT id, balance_after_minor, amount_minor,
                  sum(amount_minor) OVER (PARTITION BY user_id ORDER BY created_at, id) AS running
             FROM identity.wallet_transactions) t
          WHERE balance_after_minor <> running`,
      ),
    ).toEqual([]);
    expect(
      await none(
        db,
        `SELECT u.id FROM identity.users u
           LEFT JOIN LATERAL (SELECT balance_after_minor FROM identity.wallet_transactions w
                               WHERE w.user_id = u.id ORDER BY created_at DESC, id DESC LIMIT 1) last ON true
          WHERE u.balance_minor <> coalesce(last.balance_after_minor, 0)`,
      ),
    ).toEqual([]);
    // Charges and refunds match their jobs; top-ups their payments.
    expect(
      await none(
        db,
        `SELECT w.id FROM identity.wallet_transactions w JOIN render.render_jobs j ON j.id = w.render_job_id
          WHERE (w.tx_type = 'RenderCharge' AND (w.amount_minor <> -j.cost_minor OR w.created_at <> j.charged_at))
             OR (w.tx_type = 'RenderRefund' AND (w.amount_minor <> j.refund_amount_minor OR w.created_at <> j.refunded_at))`,
      ),
    ).toEqual([]);
    expect(
      await none(
        db,
        `SELECT j.id FROM render.render_jobs j WHERE j.source = 'Web' AND NOT EXISTS (
           SELECT 1 FROM identity.wallet_transactions w WHERE w.render_job_id = j.id AND w.tx_type = 'RenderCharge')`,
      ),
    ).toEqual([]);
    expect(
      await none(
        db,
        `SELECT w.id FROM identity.wallet_transactions w LEFT JOIN identity.payments p ON p.id = w.payment_id
          WHERE w.tx_type = 'TopUp' AND (p.id IS NULL OR p.status <> 'Succeeded' OR p.payable_minor <> w.amount_minor
                                         OR p.paid_at > w.created_at OR p.user_id <> w.user_id)`,
      ),
    ).toEqual([]);
    // Prices: every job costs its billable seconds at its tenant's rate.
    expect(
      await none(
        db,
        `SELECT j.id FROM render.render_jobs j
           JOIN identity.render_price_rates r ON r.tenant_id = j.tenant_id AND r.quality::text = j.quality::text
          WHERE j.billable_seconds <> ceil(j.duration_sec * r.seconds_multiplier)
             OR j.cost_minor <> j.billable_seconds * r.price_per_second_minor`,
      ),
    ).toEqual([]);
    // API: every 2xx POST /v1/renders is a ResellerApi job of that key and tenant, created then.
    expect(
      await none(
        db,
        `SELECT l.id FROM identity.tenant_api_request_logs l
          WHERE l.method = 'POST' AND l.path = '/v1/renders' AND l.status_code BETWEEN 200 AND 299
            AND NOT EXISTS (SELECT 1 FROM render.render_jobs j
                             WHERE j.metadata->>'request_id' = l.request_id::text AND j.source = 'ResellerApi'
                               AND j.api_key_id = l.api_key_id AND j.tenant_id = l.tenant_id
                               AND abs(extract(epoch FROM j.created_at - l.created_at)) <= 1)`,
      ),
    ).toEqual([]);
    expect(
      await none(
        db,
        `SELECT j.id FROM render.render_jobs j JOIN identity.tenants t ON t.id = j.tenant_id
          WHERE j.source = 'ResellerApi' AND j.created_at >= (SELECT min(created_at) FROM identity.tenant_api_request_logs l WHERE l.tenant_id = j.tenant_id)
            AND (SELECT count(*) FROM identity.tenant_api_request_logs l
                  WHERE l.request_id::text = j.metadata->>'request_id' AND l.method = 'POST' AND l.path = '/v1/renders'
                    AND l.status_code = 202) <> 1`,
      ),
    ).toEqual([]);
    // Usage: each day's API and job counters equal a recount on the Tehran day.
    expect(
      await none(
        db,
        `SELECT u.tenant_id, u.usage_date FROM identity.tenant_usage_daily u
          WHERE u.api_requests <> (SELECT count(*) FROM identity.tenant_api_request_logs l WHERE l.tenant_id = u.tenant_id
                                     AND (l.created_at AT TIME ZONE 'Asia/Tehran')::date = u.usage_date)
             OR u.render_jobs_count <> (SELECT count(*) FROM render.render_jobs j WHERE j.tenant_id = u.tenant_id
                                     AND (j.created_at AT TIME ZONE 'Asia/Tehran')::date = u.usage_date)
             OR u.amount_charged_minor <> (SELECT coalesce(sum(cost_minor - refund_amount_minor), 0) FROM render.render_jobs j
                                     WHERE j.tenant_id = u.tenant_id AND (j.created_at AT TIME ZONE 'Asia/Tehran')::date = u.usage_date)
             OR u.new_users <> (SELECT count(*) FROM identity.users x WHERE x.tenant_id = u.tenant_id
                                     AND (x.created_at AT TIME ZONE 'Asia/Tehran')::date = u.usage_date)`,
      ),
    ).toEqual([]);
    // Notifications: after their cause; deliveries only on channels the user had then.
    expect(
      await none(
        db,
        `SELECT n.id FROM notification.notifications n JOIN render.render_jobs j ON j.id::text = n.data->>'render_job_id'
          WHERE n.notification_type IN ('RenderCompleted', 'RenderFailed')
            AND n.created_at <= coalesce(j.completed_at, j.failed_at)`,
      ),
    ).toEqual([]);
    expect(
      await none(
        db,
        `SELECT d.id FROM notification.notification_deliveries d JOIN notification.notifications n ON n.id = d.notification_id
          WHERE d.created_at < n.created_at
             OR (d.channel = 'Push' AND NOT EXISTS (SELECT 1 FROM identity.push_subscriptions s
                                                     WHERE s.user_id = d.user_id AND s.created_at < n.created_at))
             OR (d.channel = 'Telegram' AND NOT EXISTS (SELECT 1 FROM notification.telegram_links t
                                                     WHERE t.user_id = d.user_id AND t.linked_at < n.created_at))`,
      ),
    ).toEqual([]);
    // Render farm: logs at most an hour apart from creation to the last heartbeat; crashes logged.
    expect(
      await none(
        db,
        `SELECT node_id FROM (
           SELECT node_id, recorded_at - lag(recorded_at) OVER (PARTITION BY node_id ORDER BY recorded_at) AS gap
             FROM render.node_health_logs) g WHERE gap > interval '1 hour'`,
      ),
    ).toEqual([]);
    expect(
      await none(
        db,
        `SELECT n.id FROM render.nodes n
          WHERE (SELECT min(recorded_at) FROM render.node_health_logs l WHERE l.node_id = n.id) > n.created_at + interval '1 hour'
             OR (SELECT max(recorded_at) FROM render.node_health_logs l WHERE l.node_id = n.id) > n.last_heartbeat_at
             OR (SELECT max(recorded_at) FROM render.node_health_logs l WHERE l.node_id = n.id) < n.last_heartbeat_at - interval '1 hour'`,
      ),
    ).toEqual([]);
    expect(
      await none(
        db,
        `SELECT c.id FROM render.node_crashes c WHERE NOT EXISTS (
           SELECT 1 FROM render.node_health_logs l WHERE l.node_id = c.node_id AND l.status = 'Crashed'
              AND l.recorded_at BETWEEN c.occurred_at AND c.occurred_at + interval '1 hour')`,
      ),
    ).toEqual([]);
    expect(
      await none(
        db,
        `SELECT l.id FROM render.node_health_logs l WHERE l.status = 'Crashed' AND NOT EXISTS (
           SELECT 1 FROM render.node_crashes c WHERE c.node_id = l.node_id AND l.recorded_at >= c.occurred_at
              AND (c.recovered_at IS NULL OR l.recorded_at < c.recovered_at))`,
      ),
    ).toEqual([]);
    // Repairs: Repairing only in repaired jobs, each with its frame repair job.
    expect(
      await none(
        db,
        `SELECT j.id FROM render.render_jobs j WHERE EXISTS (
           SELECT 1 FROM render.render_job_events e WHERE e.render_job_id = j.id AND e.to_step = 'Repairing')
           <> EXISTS (SELECT 1 FROM render.frame_repair_jobs r WHERE r.render_job_id = j.id)`,
      ),
    ).toEqual([]);
  });
});
