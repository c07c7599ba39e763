import pg from 'pg';
import { describe, expect } from 'vitest';
import { createFactories } from '../../../src/factories/index.js';
import { runScenario } from '../../../src/scenarios/run-scenario.js';
import { verifyDatabase } from '../../../src/verify/verify-database.js';
import { createSeedTest } from '../../../src/vitest/index.js';
import { runSeed } from '../../support/spawn.js';

// One world for the whole file: each test breaks one row inside a transaction it rolls back.
const test = createSeedTest({ isolation: 'file' });
const NOW = '2026-11-01T00:00:00Z';

/** A world with something of every kind: the reseller scenario, a repaired render, a node's health series. */
async function seedWorld(url: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    await runScenario(pool, 'reseller', { seed: 3, now: NOW });
    const f = createFactories(pool, { seed: 99, now: NOW });
    await f.renderJob.transient({ repaired: true, withEvents: true }).completed().create();
    // A node that crashed seven minutes after it came up, and its first half hour of health logs.
    const node = await f.node.online().create();
    const crashedAt = new Date(node.created_at.getTime() + 7 * 60_000);
    await f.use(node).nodeCrash.idle().create({ occurred_at: crashedAt });
    await f.use(node).nodeHealthLog.createList(6);
  } finally {
    await pool.end();
  }
}

/** Breaks the world with `sql` in a transaction, returns what verify reports, and rolls back. */
async function brokenBy(
  url: string,
  sql: string,
  details: string[] = [],
): Promise<{ rule: string; table: string }[]> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    await client.query('BEGIN');
    const result = await client.query(sql);
    expect(result.rowCount, `the breaking statement touched a row: ${sql}`).toBeGreaterThan(0);
    const violations = await verifyDatabase(client);
    details.push(...violations.map((v) => v.detail));
    return violations.map(({ rule, table }) => ({ rule, table }));
  } finally {
    await client.query('ROLLBACK');
    await client.end();
  }
}

/** One row broken per rule: the statement, and the rule and table verify must name. */
const CASES: readonly (readonly [rule: string, table: string, sql: string])[] = [
  [
    'wallet-balance',
    'identity.users',
    `UPDATE identity.users SET balance_minor = balance_minor + 10
      WHERE id = (SELECT user_id FROM identity.wallet_transactions LIMIT 1)`,
  ],
  [
    'wallet-chain',
    'identity.wallet_transactions',
    `UPDATE identity.wallet_transactions SET balance_after_minor = balance_after_minor + 10
      WHERE id = (SELECT id FROM identity.wallet_transactions ORDER BY created_at, id LIMIT 1)`,
  ],
  [
    'render-charge-matches-job',
    'identity.wallet_transactions',
    `UPDATE render.render_jobs SET cost_minor = cost_minor + 10
      WHERE id = (SELECT render_job_id FROM identity.wallet_transactions WHERE tx_type = 'RenderCharge' LIMIT 1)`,
  ],
  [
    'job-funding',
    'render.render_jobs',
    `UPDATE render.render_jobs SET metadata = metadata - 'billing'
      WHERE id = (SELECT id FROM render.render_jobs WHERE source = 'Web' LIMIT 1)`,
  ],
  [
    'top-up-matches-payment',
    'identity.wallet_transactions',
    `UPDATE identity.payments SET status = 'Failed'
      WHERE id = (SELECT payment_id FROM identity.wallet_transactions WHERE tx_type = 'TopUp' LIMIT 1)`,
  ],
  [
    'plan-counters',
    'identity.user_plans',
    `UPDATE identity.user_plans SET renders_used = renders_used + 1
      WHERE id = (SELECT id FROM identity.user_plans LIMIT 1)`,
  ],
  [
    'plan-job-in-window',
    'render.render_jobs',
    `UPDATE render.render_jobs SET queued_at = queued_at - interval '400 days', created_at = created_at - interval '400 days'
      WHERE id = (SELECT id FROM render.render_jobs WHERE metadata->'billing'->>'funded_by' = 'plan' LIMIT 1)`,
  ],
  [
    'plan-payment',
    'identity.payments',
    `UPDATE identity.user_plans SET payment_id = NULL
      WHERE id = (SELECT up.id FROM identity.user_plans up JOIN identity.payments p ON p.id = up.payment_id
                   WHERE p.status = 'Succeeded' LIMIT 1)`,
  ],
  [
    'usage-recount',
    'identity.tenant_usage_daily',
    `UPDATE identity.tenant_usage_daily SET api_requests = api_requests + 1
      WHERE (tenant_id, usage_date) = (SELECT tenant_id, usage_date FROM identity.tenant_usage_daily LIMIT 1)`,
  ],
  [
    'notification-follows-cause',
    'notification.notifications',
    `UPDATE notification.notifications SET created_at = '2020-01-01T00:00:00Z'
      WHERE id = (SELECT id FROM notification.notifications WHERE notification_type = 'RenderCompleted' LIMIT 1)`,
  ],
  [
    'delivery-channel-available',
    'notification.notification_deliveries',
    `DELETE FROM identity.push_subscriptions
      WHERE user_id = (SELECT user_id FROM notification.notification_deliveries WHERE channel = 'Push' LIMIT 1)`,
  ],
  [
    'delivery-follows-notification',
    'notification.notification_deliveries',
    `UPDATE notification.notification_deliveries SET created_at = created_at - interval '1 day'
      WHERE id = (SELECT id FROM notification.notification_deliveries LIMIT 1)`,
  ],
  [
    'webhook-follows-event',
    'identity.tenant_webhook_deliveries',
    `UPDATE identity.tenant_webhook_deliveries SET created_at = '2020-01-01T00:00:00Z'
      WHERE id = (SELECT id FROM identity.tenant_webhook_deliveries WHERE payload->'data' ? 'render_job_id' LIMIT 1)`,
  ],
  [
    'api-post-created-job',
    'identity.tenant_api_request_logs',
    `UPDATE render.render_jobs SET metadata = jsonb_set(metadata, '{request_id}', to_jsonb(gen_random_uuid()::text))
      WHERE id = (SELECT id FROM render.render_jobs WHERE metadata ? 'request_id' LIMIT 1)`,
  ],
  [
    'health-log-series',
    'render.node_health_logs',
    `UPDATE render.node_health_logs SET recorded_at = recorded_at + interval '2 hours'
      WHERE (id, recorded_at) IN (SELECT id, recorded_at FROM render.node_health_logs ORDER BY recorded_at DESC LIMIT 1)`,
  ],
  [
    'crash-in-health-log',
    'render.node_health_logs',
    `UPDATE render.node_health_logs SET status = 'Crashed'
      WHERE (id, recorded_at) IN (SELECT id, recorded_at FROM render.node_health_logs ORDER BY recorded_at LIMIT 1)`,
  ],
  [
    'crash-in-health-log',
    'render.node_crashes',
    `UPDATE render.node_health_logs SET status = 'Online' WHERE status = 'Crashed'`,
  ],
  [
    'crashed-node-has-crash',
    'render.nodes',
    `UPDATE render.nodes SET status = 'Crashed' WHERE id = (SELECT id FROM render.nodes WHERE status = 'Online' LIMIT 1)`,
  ],
  [
    'job-price',
    'render.render_jobs',
    `UPDATE render.render_jobs SET billable_seconds = billable_seconds + 1
      WHERE id = (SELECT id FROM render.render_jobs LIMIT 1)`,
  ],
  [
    'job-refund',
    'render.render_jobs',
    `UPDATE render.render_jobs SET refund_amount_minor = 0, refunded_at = NULL
      WHERE id = (SELECT id FROM render.render_jobs WHERE refund_amount_minor > 0 LIMIT 1)`,
  ],
  [
    'job-progress-fits-step',
    'render.render_jobs',
    `UPDATE render.render_jobs SET progress = 3
      WHERE id = (SELECT id FROM render.render_jobs WHERE status = 'Running' AND step = 'Rendering' LIMIT 1)`,
  ],
  [
    'failed-job-has-error',
    'render.render_jobs',
    `UPDATE render.render_jobs SET error_code = 'NO_SUCH_FAILURE'
      WHERE id = (SELECT id FROM render.render_jobs WHERE status = 'Failed' LIMIT 1)`,
  ],
  [
    'repair-matches-step',
    'render.frame_repair_jobs',
    `DELETE FROM render.frame_repair_jobs
      WHERE render_job_id = (SELECT render_job_id FROM render.render_job_events WHERE to_step = 'Repairing' LIMIT 1)`,
  ],
  [
    'quota-matches-files',
    'file_mgr.storage_quotas',
    `UPDATE file_mgr.storage_quotas SET used_bytes = used_bytes + 1
      WHERE user_id = (SELECT user_id FROM file_mgr.storage_quotas LIMIT 1)`,
  ],
  [
    'export-matches-job',
    'render.exports',
    `UPDATE render.exports e SET user_id = (SELECT u.id FROM identity.users u WHERE u.tenant_id = e.tenant_id AND u.id <> e.user_id LIMIT 1)
      WHERE e.id = (SELECT x.id FROM render.exports x WHERE EXISTS (SELECT 1 FROM identity.users u WHERE u.tenant_id = x.tenant_id AND u.id <> x.user_id) LIMIT 1)`,
  ],
];

/** The file's database, seeded the first time a test asks for it. */
let seeded: Promise<void> | undefined;
const world = (url: string) => {
  seeded ??= seedWorld(url);
  return seeded;
};

describe('seed verify checks the books', () => {
  test('the world is clean before anything is broken', async ({ db }) => {
    await world(db.url);
    expect(await verifyDatabase(db)).toEqual([]);
  });

  for (const [rule, table, sql] of CASES) {
    test(`[${rule}] on ${table}: one broken row is named`, async ({ db }) => {
      await world(db.url);
      const details: string[] = [];
      expect(await brokenBy(db.url, sql, details)).toContainEqual({ rule, table });
      // Regression: seed verify printed `undefined` as the detail of [export-matches-job].
      for (const detail of details) expect(detail).toMatch(/^(?!.*\bundefined\b)\S/);
    });
  }

  test('the CLI says when a rule reached --limit and may have more', async ({ db }) => {
    await world(db.url);
    const client = new pg.Client(db.url);
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query(`UPDATE identity.tenant_usage_daily SET new_users = new_users + 2
        WHERE (tenant_id, usage_date) IN (SELECT tenant_id, usage_date FROM identity.tenant_usage_daily ORDER BY 1, 2 LIMIT 3)`);
      const found = await verifyDatabase(client, { limit: 2 });
      expect(found.filter((v) => v.rule === 'usage-recount')).toHaveLength(2);
      await client.query('COMMIT');
      const result = await runSeed(['verify', '--database-url', db.url, '--limit', '2']);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(
        'reached --limit 2 and may have more (usage-recount identity.tenant_usage_daily)',
      );
      expect(result.stdout).toContain('pass a larger --limit to see them all');
    } finally {
      await client.query(`UPDATE identity.tenant_usage_daily SET new_users = new_users - 2
        WHERE (tenant_id, usage_date) IN (SELECT tenant_id, usage_date FROM identity.tenant_usage_daily ORDER BY 1, 2 LIMIT 3)`);
      await client.end();
    }
  });

  test('the CLI prints `table.column id: detail [rule]` and exits 1', async ({ db }) => {
    await world(db.url);
    const url = db.url;
    const client = new pg.Client(url);
    await client.connect();
    try {
      await client.query(`UPDATE identity.tenant_usage_daily SET new_users = new_users + 2
        WHERE (tenant_id, usage_date) = (SELECT tenant_id, usage_date FROM identity.tenant_usage_daily LIMIT 1)`);
      const result = await runSeed(['verify', '--database-url', url]);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(
        /identity\.tenant_usage_daily\.usage_date \S+: new_users \d+, recount \d+ \[usage-recount\]/,
      );
    } finally {
      await client.end();
    }
  });
});
