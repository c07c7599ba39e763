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

  test('beyond verify: every API job has its POST, keys their last use, usage every day, occasions show in renders', async ({
    db,
  }) => {
    await loaded(db);
    // The converse of [api-post-created-job]: each API job inside the log window has exactly one 202 POST.
    expect(
      await none(
        db,
        `WITH window_start AS (SELECT tenant_id, min(created_at) AS first FROM identity.tenant_api_request_logs GROUP BY 1),
              posts AS (SELECT request_id::text AS request_id, count(*) AS n FROM identity.tenant_api_request_logs
                         WHERE method = 'POST' AND path = '/v1/renders' AND status_code = 202 GROUP BY 1)
         SELECT j.id, p.n FROM render.render_jobs j JOIN window_start w ON w.tenant_id = j.tenant_id
           LEFT JOIN posts p ON p.request_id = j.metadata->>'request_id'
          WHERE j.source = 'ResellerApi' AND j.created_at >= w.first AND coalesce(p.n, 0) <> 1`,
      ),
    ).toEqual([]);
    // An API key was last used by its latest logged request.
    expect(
      await none(
        db,
        `SELECT k.id FROM identity.tenant_api_keys k
           LEFT JOIN (SELECT api_key_id, max(created_at) AS last FROM identity.tenant_api_request_logs GROUP BY 1) l
             ON l.api_key_id = k.id
          WHERE k.tenant_id <> '00000000-0000-0000-0000-000000000001' AND k.last_used_at IS DISTINCT FROM l.last`,
      ),
    ).toEqual([]);
    // One usage row per Tehran day from the tenant's first day to the reference day.
    expect(
      await none(
        db,
        `SELECT t.id, count(u.usage_date) AS rows, min(u.usage_date), max(u.usage_date)
           FROM identity.tenants t JOIN identity.tenant_usage_daily u ON u.tenant_id = t.id
          GROUP BY t.id, t.created_at
         HAVING min(u.usage_date) <> (t.created_at AT TIME ZONE 'Asia/Tehran')::date
             OR max(u.usage_date) <> (timestamptz '${NOW}' AT TIME ZONE 'Asia/Tehran')::date
             OR count(*) <> max(u.usage_date) - min(u.usage_date) + 1`,
      ),
    ).toEqual([]);
    // Reminders come within REMINDER_DAYS before the export expires, after it was made.
    expect(
      await none(
        db,
        `SELECT n.id FROM notification.notifications n JOIN render.exports e ON e.id::text = n.data->>'export_id'
          WHERE n.notification_type = 'ExportExpiring'
            AND (n.created_at < e.expires_at - interval '3 days' OR n.created_at >= e.expires_at OR n.created_at < e.created_at)`,
      ),
    ).toEqual([]);
    // Yalda and Nowruz templates sit in Occasions, and their run-ups show in what people render.
    expect(
      await none(
        db,
        `SELECT c.id FROM content.containers c JOIN content.categories k ON k.id = c.category_id
          WHERE c.metadata->>'occasion' IS NOT NULL AND k.name_en <> 'Occasions'`,
      ),
    ).toEqual([]);
    const { rows: seasons } = await db.query<{ season: string; share: number }>(
      `SELECT CASE WHEN to_char(j.created_at AT TIME ZONE 'Asia/Tehran', 'MM-DD') BETWEEN '12-05' AND '12-21' THEN 'yalda'
                   WHEN to_char(j.created_at AT TIME ZONE 'Asia/Tehran', 'MM-DD') BETWEEN '02-25' AND '03-19' THEN 'nowruz'
                   ELSE 'rest' END AS season,
              avg(CASE WHEN c.metadata->>'occasion' IS NOT NULL THEN 1 ELSE 0 END)::float8 AS share
         FROM render.render_jobs j JOIN content.containers c ON c.id = j.container_id GROUP BY 1`,
    );
    const share = new Map(seasons.map((r) => [r.season, r.share]));
    expect(share.get('yalda')).toBeGreaterThan(0.25);
    expect(share.get('nowruz')).toBeGreaterThan(0.25);
    expect(share.get('rest')).toBeLessThan(0.05);
  });
});
