import { DAY, HOUR, MINUTE, SECOND } from '../../domain/calendar.js';
import { JOB_EVENT_TYPES, WEBHOOK_EVENTS } from '../../domain/reseller-api.js';
import type { RowOf } from '../../schema/table-meta.js';
import type { CredentialBook } from '../credentials.js';
import type { Timeline } from './timeline.js';
import { bestSeller, type DemoTenant } from './world.js';

/** A webhook and, when its endpoint is failing, since when. */
export interface Hook {
  readonly tenant: DemoTenant;
  readonly row: RowOf<'identity.tenant_webhooks'>;
  readonly failingSince: number | null;
}

/** A key and how many API calls its lifetime saw (besides the renders it created). */
interface KeyTraffic {
  readonly key: RowOf<'identity.tenant_api_keys'>;
  readonly calls: number;
  readonly from: number;
  readonly to: number;
}

/** The agency's endpoint started answering 502 this long before the reference time. */
const AGENCY_OUTAGE = 5 * HOUR;

/**
 * The Reseller API side of the business tenants, made before their first API render: the
 * Production key their servers use (plaintext printed once), the studio's Staging key and an
 * older key it revoked after leaking it, and the webhooks that hear about renders. Returns the
 * webhooks and what each key's traffic will be.
 */
export async function makeApiAccess(
  tenant: DemoTenant,
  time: Timeline,
  book: CredentialBook,
): Promise<{ hooks: Hook[]; traffic: KeyTraffic[] }> {
  if (tenant.key === 'flatrender') return { hooks: [], traffic: [] };
  const f = tenant.f.use(tenant.admin);
  const at = (ms: number) => new Date(ms);
  const since = tenant.since;
  const production = await book.apiKey(f, tenant.row, 'Production', 'Live', {
    created_at: at(since - 2 * DAY),
    scopes: ['renders:write', 'renders:read', 'templates:read', 'files:write', 'files:read'],
    expires_at: null,
  });
  tenant.apiKey = production;
  // The admin tried the templates in the studio before wiring the integration.
  await f
    .use(bestSeller(tenant))
    .savedProject.draft()
    .create({
      created_at: at(since - 3 * DAY),
    });
  const calls = { studio: 9_000, agency: 3_200, enterprise: 700 }[tenant.key];
  const traffic: KeyTraffic[] = [{ key: production, calls, from: since + 3 * DAY, to: time.now }];
  const hooks: Hook[] = [];
  if (tenant.key === 'studio') {
    const staging = await book.apiKey(f, tenant.row, 'Staging', 'Test', {
      created_at: at(since - 5 * DAY),
      rate_limit_per_min: 30,
      expires_at: null,
    });
    traffic.push({ key: staging, calls: 500, from: since - 5 * DAY, to: time.now });
    const leaked = at(since + 110 * DAY);
    const old = await f.tenantApiKey.revoked().create({
      name: 'اتصال ووکامرس (قدیمی)',
      created_at: at(since - 20 * DAY),
      revoked_at: leaked,
      revoked_reason: 'کلید در مخزن عمومی منتشر شد',
    });
    // Its WooCommerce plugin polled with it until the leak was found.
    traffic.push({ key: old, calls: 1_400, from: since - 20 * DAY, to: leaked.getTime() - HOUR });
    const row = await tenant.f.tenantWebhook.allEvents().create({
      url: `https://api.${tenant.domain}/webhooks/flatrender`,
      description: 'اعلان پایان رندر به فروشگاه',
      created_at: at(since + DAY),
    });
    hooks.push({ tenant, row, failingSince: null });
  }
  if (tenant.key === 'agency') {
    const failingSince = time.now - AGENCY_OUTAGE;
    const row = await tenant.f.tenantWebhook.create({
      url: `https://crm.${tenant.domain}/hooks/render-status`,
      description: 'همگام‌سازی سفارش‌ها',
      events: ['render.job.completed.v1', 'render.job.failed.v1'],
      consecutive_failures: 9,
      created_at: at(since + 2 * DAY),
      last_success_at: at(failingSince - 20 * MINUTE),
      last_failure_at: at(time.now - 3 * MINUTE),
      updated_at: at(time.now - 3 * MINUTE),
    });
    hooks.push({ tenant, row, failingSince });
  }
  return { hooks, traffic };
}

/** Minutes from a delivery's first attempt to attempt k and its backoff after it: 2^k − 1. */
const untilRetry = (k: number) => (2 ** k - 1) * MINUTE;

/**
 * What each webhook received: an event for every render of its tenant's servers that started or
 * ended (those it subscribes to), sent seconds after it happened. A healthy endpoint takes them
 * (now and then after a retry, rarely refusing one); the agency's has answered 502 for the last
 * hours, so its recent deliveries are retrying or abandoned after eight attempts.
 */
export async function makeWebhookDeliveries(hook: Hook, time: Timeline): Promise<number> {
  const { tenant, row } = hook;
  const rng = time.rng(`webhook|${row.id}`);
  const { rows: jobs } = await tenant.f.context.db.query<{
    id: string;
    status: 'Queued' | 'Running' | 'Completed' | 'Failed' | 'Cancelled';
    external_ref: string | null;
    started_at: Date | null;
    ended_at: Date | null;
  }>(
    `SELECT id, status, external_ref, started_at, coalesce(completed_at, failed_at, cancelled_at) AS ended_at
       FROM render.render_jobs WHERE tenant_id = $1 AND source = 'ResellerApi' ORDER BY queued_at, id`,
    [tenant.row.id],
  );
  const wants = (type: string) => row.events.length === 0 || row.events.includes(type);
  const events: { type: string; job: (typeof jobs)[number]; at: number }[] = [];
  for (const job of jobs) {
    if (job.started_at && wants('render.job.started.v1')) {
      events.push({ type: 'render.job.started.v1', job, at: job.started_at.getTime() });
    }
    const ended = JOB_EVENT_TYPES[job.status as keyof typeof JOB_EVENT_TYPES];
    if (ended && job.ended_at && wants(ended)) events.push({ type: ended, job, at: job.ended_at.getTime() });
  }
  const sendable = events
    .map((e) => ({ ...e, sent: Math.min(time.now - SECOND, e.at + rng.int(1, 20) * SECOND) }))
    .filter((e) => (WEBHOOK_EVENTS as readonly string[]).includes(e.type))
    .sort((a, b) => a.sent - b.sent);
  await tenant.f.use(row).tenantWebhookDelivery.createList(sendable.length, (i) => {
    const e = sendable[i]!;
    const age = time.now - e.sent;
    let status: 'Succeeded' | 'Failed' | 'Retrying' | 'Abandoned' | 'Pending' = rng.weighted([
      ['Succeeded', 96],
      ['Failed', 2],
      ['Abandoned', 2],
    ] as const);
    let attempt: number | undefined;
    if (age < 2 * MINUTE) status = 'Pending';
    if (hook.failingSince !== null && e.sent >= hook.failingSince) {
      if (age > untilRetry(7)) status = 'Abandoned';
      else {
        status = 'Retrying';
        attempt = 1;
        while (untilRetry(attempt) <= age) attempt++;
      }
    }
    const eventId = rng.uuid();
    return {
      webhook_id: row.id,
      event_id: eventId,
      event_type: e.type,
      status,
      ...(attempt ? { attempt } : {}),
      created_at: new Date(e.sent),
      payload: {
        event_id: eventId,
        event_type: e.type,
        tenant_id: tenant.row.id,
        trace_id: rng.uuid(),
        occurred_at: new Date(e.sent).toISOString(),
        data: {
          render_job_id: e.job.id,
          status: e.type === 'render.job.started.v1' ? 'Running' : e.job.status,
          external_ref: e.job.external_ref,
          ...(e.type === JOB_EVENT_TYPES.Completed
            ? { download_url: `https://cdn.flatrender.ir/exports/${e.job.id}.mp4` }
            : {}),
        },
      },
    };
  });
  return sendable.length;
}

/**
 * The API calls besides render submissions (those are logged by the jobs they created): status
 * polls, template lists, uploads… over each key's lifetime on the resellers' servers' rhythm
 * (busy evenings, quiet small hours), and a share refused for a missing or revoked key. COPY.
 */
export async function makeApiTraffic(
  tenant: DemoTenant,
  traffic: readonly KeyTraffic[],
  time: Timeline,
): Promise<void> {
  for (const { key, calls, from, to } of traffic) {
    const rng = time.rng(`traffic|${key.id}`);
    await tenant.f.use(key).tenantApiRequestLog.createList(calls, (i) => ({
      api_key_id: key.id,
      created_at: new Date(time.nth(i, calls, rng.next(), from, to, 'api')),
    }));
  }
  const production = traffic[0];
  if (!production) return;
  const rng = time.rng(`traffic|${tenant.key}|unauthorized`);
  const refused = Math.round(production.calls * 0.015);
  await tenant.f.tenantApiRequestLog.unauthorized().createList(refused, (i) => ({
    created_at: new Date(time.nth(i, refused, rng.next(), production.from, production.to, 'api')),
  }));
}
