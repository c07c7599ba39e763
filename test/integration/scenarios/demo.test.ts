import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../src/database/test-database.js';
import { tehranWeekday } from '../../../src/domain/calendar.js';
import { DEMO_EMPTY_TABLES, demoScenario } from '../../../src/scenarios/demo.js';
import { verifyDatabase } from '../../../src/verify/verify-database.js';
import { runSeed } from '../../support/spawn.js';
import { tableHashes } from '../../support/table-hashes.js';

// The demo is seeded twice, side by side, into two databases by the CLI (one transaction each),
// and every test reads those two databases: seeding is by far the longest part of this file.
const NOW = '2026-11-01T00:00:00.000Z';
const DAY = 86_400_000;

interface SeedJson {
  counts: Record<string, number>;
  credentials: { logins: unknown[]; apiKeys: { tenant: string; key: string }[] };
}

let first: TestDatabase;
let second: TestDatabase;
let db: pg.Pool;
let seeded: [SeedJson, SeedJson];

async function seed(database: TestDatabase): Promise<SeedJson> {
  const args = ['--scenario', 'demo', '--database-url', database.url, '--seed', '7', '--now', NOW, '--json'];
  const result = await runSeed(args);
  if (result.code !== 0) throw new Error(`seed --scenario demo exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as SeedJson;
}

beforeAll(async () => {
  const info = inject('flatrenderSeed');
  first = await createTestDatabase({ ...info, prefix: 'ft_demo_first' });
  second = await createTestDatabase({ ...info, prefix: 'ft_demo_second' });
  seeded = await Promise.all([seed(first), seed(second)]);
  db = new pg.Pool({ connectionString: first.url, max: 2 });
}, 600_000);

afterAll(async () => {
  await db?.end();
  await first?.drop();
  await second?.drop();
});

const one = async <T>(sql: string, values: unknown[] = []): Promise<T> =>
  (await db.query(sql, values)).rows[0] as T;

describe('seed --scenario demo', () => {
  test('fills every table but the documented exceptions, and seed verify finds nothing wrong', async () => {
    const { counts } = seeded[0];
    expect(Object.keys(counts)).toHaveLength(79);
    const empty = Object.keys(counts).filter((table) => counts[table] === 0);
    expect(empty.sort()).toEqual(Object.keys(DEMO_EMPTY_TABLES).sort());
    expect(demoScenario.fills).toHaveLength(79 - empty.length);
    expect(await verifyDatabase(db)).toEqual([]);
  });

  test('is a business: tenants, customers, a year of renders in every status, plans, wallets and tenants paying', async () => {
    const { counts } = seeded[0];
    expect(counts['identity.tenants']).toBeGreaterThanOrEqual(4);
    expect(counts['identity.users']).toBeGreaterThanOrEqual(200);
    expect(counts['render.render_jobs']).toBeGreaterThanOrEqual(2_000);
    const jobs = await one<{ statuses: string[]; sources: string[]; funding: string[]; span: number }>(
      `SELECT array_agg(DISTINCT status::text ORDER BY status::text) AS statuses,
              array_agg(DISTINCT source::text ORDER BY source::text) AS sources,
              array_agg(DISTINCT metadata->'billing'->>'funded_by' ORDER BY metadata->'billing'->>'funded_by') AS funding,
              extract(epoch FROM max(queued_at) - min(queued_at))::int AS span
         FROM render.render_jobs`,
    );
    expect(jobs.statuses).toEqual(['Cancelled', 'Completed', 'Failed', 'Queued', 'Running']);
    expect(jobs.sources).toEqual(['ResellerApi', 'System', 'Web']);
    expect(jobs.funding).toEqual(['plan', 'tenant', 'wallet']);
    expect(jobs.span * 1000).toBeGreaterThanOrEqual(180 * DAY);
    const kinds = await one<{ kinds: string[] }>(
      'SELECT array_agg(DISTINCT kind::text ORDER BY kind::text) AS kinds FROM identity.tenants',
    );
    expect(kinds.kinds).toEqual(['Enterprise', 'Internal', 'Reseller']);
  });

  test('resellers set their own prices before they render, and their API keys, webhooks and usage are busy', async () => {
    const { rows } = await db.query<{
      slug: string;
      rates: number;
      rates_before: boolean;
      keys: number;
      hooks: number;
      deliveries: number;
      requests: number;
      usage_days: number;
      active_days: number;
    }>(
      `SELECT t.slug,
              (SELECT count(*)::int FROM identity.render_price_rates r WHERE r.tenant_id = t.id) AS rates,
              (SELECT max(r.created_at) FROM identity.render_price_rates r WHERE r.tenant_id = t.id)
                < (SELECT min(j.queued_at) FROM render.render_jobs j WHERE j.tenant_id = t.id) AS rates_before,
              (SELECT count(*)::int FROM identity.tenant_api_keys k WHERE k.tenant_id = t.id) AS keys,
              (SELECT count(*)::int FROM identity.tenant_webhooks h WHERE h.tenant_id = t.id) AS hooks,
              (SELECT count(*)::int FROM identity.tenant_webhook_deliveries d WHERE d.tenant_id = t.id) AS deliveries,
              (SELECT count(*)::int FROM identity.tenant_api_request_logs l WHERE l.tenant_id = t.id) AS requests,
              (SELECT count(*)::int FROM identity.tenant_usage_daily u WHERE u.tenant_id = t.id) AS usage_days,
              (SELECT ($1::timestamptz AT TIME ZONE 'Asia/Tehran')::date
                      - (min(j.created_at) AT TIME ZONE 'Asia/Tehran')::date FROM render.render_jobs j WHERE j.tenant_id = t.id) AS active_days
         FROM identity.tenants t WHERE t.kind = 'Reseller' ORDER BY t.created_at`,
      [NOW],
    );
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r, r.slug).toMatchObject({ rates: 5, rates_before: true });
      expect(r.keys, r.slug).toBeGreaterThanOrEqual(1);
      expect(r.hooks, r.slug).toBeGreaterThanOrEqual(1);
      expect(r.deliveries, r.slug).toBeGreaterThanOrEqual(100);
      expect(r.requests, r.slug).toBeGreaterThanOrEqual(1_000);
      // One usage row per Tehran day of its activity, from the day its customers began.
      expect(r.usage_days, r.slug).toBeGreaterThanOrEqual(r.active_days);
    }
    expect(seeded[0].credentials.apiKeys.length).toBeGreaterThanOrEqual(3);
  });

  test('tells customers on many channels they have, about many things', async () => {
    const notifications = await one<{ types: number; causes: number }>(
      `SELECT count(DISTINCT notification_type)::int AS types,
              count(*) FILTER (WHERE data ?| array['render_job_id', 'payment_id', 'user_plan_id', 'export_id', 'earned_gift_id', 'quest_id', 'level_id', 'invitation_id'])::int AS causes
         FROM notification.notifications`,
    );
    expect(notifications.types).toBeGreaterThanOrEqual(10);
    expect(notifications.causes).toBeGreaterThanOrEqual(2_000);
    const deliveries = await one<{ channels: string[] }>(
      `SELECT array_agg(DISTINCT channel::text ORDER BY channel::text) AS channels FROM notification.notification_deliveries`,
    );
    expect(deliveries.channels.length).toBeGreaterThanOrEqual(4);
    expect(deliveries.channels).toEqual(expect.arrayContaining(['Push', 'Telegram', 'SMS', 'Email']));
    const reach = await one<{ push: number; telegram: number }>(
      `SELECT (SELECT count(DISTINCT user_id)::int FROM identity.push_subscriptions) AS push,
              (SELECT count(DISTINCT user_id)::int FROM notification.telegram_links) AS telegram`,
    );
    expect(reach.push).toBeGreaterThanOrEqual(50);
    expect(reach.telegram).toBeGreaterThanOrEqual(20);
  });

  test('has a coherent catalogue: every category shown has templates, Nowruz and Yalda sit in Occasions', async () => {
    const { rows: bare } = await db.query(
      `SELECT c.tenant_id, c.name FROM content.categories c
        WHERE c.is_active AND c.deleted_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM content.containers k WHERE k.category_id = c.id AND k.status = 'Published')`,
    );
    expect(bare).toEqual([]);
    const { rows: occasions } = await db.query<{ occasion: string; category: string }>(
      `SELECT DISTINCT k.metadata->>'occasion' AS occasion, c.name_en AS category
         FROM content.containers k JOIN content.categories c ON c.id = k.category_id
        WHERE k.metadata ? 'occasion' ORDER BY 1`,
    );
    expect(occasions).toEqual([
      { occasion: 'nowruz', category: 'Occasions' },
      { occasion: 'yalda', category: 'Occasions' },
    ]);
    const content = await one<{ locales: string[]; scenes: boolean }>(
      `SELECT (SELECT array_agg(DISTINCT locale ORDER BY locale) FROM content.blog_posts) AS locales,
              NOT EXISTS (SELECT 1 FROM content.projects p WHERE p.status = 'Published'
                           AND NOT EXISTS (SELECT 1 FROM content.scenes s WHERE s.project_id = p.id)) AS scenes`,
    );
    expect(content).toEqual({ locales: ['en', 'fa'], scenes: true });
  });

  test('the same seed and --now give identical tables', async () => {
    expect(seeded[1].counts).toEqual(seeded[0].counts);
    expect(seeded[1].credentials).toEqual(seeded[0].credentials);
    const other = new pg.Pool({ connectionString: second.url, max: 1 });
    try {
      expect(await tableHashes(other)).toEqual(await tableHashes(db));
    } finally {
      await other.end();
    }
  });
});

describe('the time model in demo', () => {
  test('API calls have a clear night trough: the busiest Tehran hour sees three times the quietest', async () => {
    const { rows } = await db.query<{ hour: number; n: number }>(
      `SELECT extract(hour FROM created_at AT TIME ZONE 'Asia/Tehran')::int AS hour, count(*)::int AS n
         FROM identity.tenant_api_request_logs GROUP BY 1 ORDER BY 1`,
    );
    expect(rows).toHaveLength(24);
    const counts = rows.map((r) => r.n);
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(3 * Math.min(...counts));
    const quietest = rows.find((r) => r.n === Math.min(...counts))!.hour;
    expect(quietest).toBeGreaterThanOrEqual(1);
    expect(quietest).toBeLessThanOrEqual(6);
  });

  test('Fridays carry clearly fewer renders a day than Saturday to Wednesday', async () => {
    const { rows } = await db.query<{ at: Date }>(
      "SELECT queued_at AS at FROM render.render_jobs WHERE source <> 'System'",
    );
    const perWeekday = Array.from({ length: 7 }, () => 0);
    const days = Array.from({ length: 7 }, () => new Set<number>());
    for (const { at } of rows) {
      const w = tehranWeekday(at.getTime());
      perWeekday[w]! += 1;
      days[w]!.add(Math.floor((at.getTime() + 3.5 * 3_600_000) / DAY));
    }
    const perDay = (w: number) => perWeekday[w]! / Math.max(1, days[w]!.size);
    const working = [0, 1, 2, 3, 4].map(perDay);
    const friday = perDay(6);
    expect(friday).toBeLessThan(0.75 * Math.min(...working));
  });

  test('the Yalda and Nowruz run-ups show in what is rendered', async () => {
    const { rows } = await db.query<{ occasion: string; inside: number; outside: number }>(
      `SELECT k.metadata->>'occasion' AS occasion,
              count(*) FILTER (WHERE j.metadata->>'occasion' = k.metadata->>'occasion')::int AS inside,
              count(*) FILTER (WHERE j.metadata->>'occasion' IS NULL)::int AS outside
         FROM render.render_jobs j JOIN content.containers k ON k.id = j.container_id
        WHERE k.metadata ? 'occasion' AND j.source <> 'System' GROUP BY 1 ORDER BY 1`,
    );
    // Run-ups are about three weeks a year: most of an occasion's renders still fall in them.
    for (const r of rows) expect(r.inside, r.occasion).toBeGreaterThan(r.outside);
    expect(rows.map((r) => r.occasion)).toEqual(['nowruz', 'yalda']);
  });
});
