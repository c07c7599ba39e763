import type { Random } from '../../domain/random.js';
import {
  API_SCOPES,
  apiKeyPlaintext,
  apiKeyPrefix,
  hashApiKey,
  WEBHOOK_EVENTS,
} from '../../domain/reseller-api.js';
import { defineFactory } from '../core/factory.js';
import {
  addDays,
  addSeconds,
  between,
  daysBefore,
  earliest,
  latest,
  randomBytes,
  toDate,
} from './access-helpers.js';

const KEY_NAMES = [
  'کلید فروشگاه اصلی',
  'اتصال ووکامرس',
  'سرور تولید ویدیو',
  'اپلیکیشن موبایل',
  'یکپارچه‌سازی CRM',
  'اسکریپت گزارش‌گیری',
];

export { apiKeyPrefix, hashApiKey };

export interface ApiKeyTransient {
  /** The full key. Never stored: only its prefix and sha256 are. Default: drawn from the row's stream. */
  plaintext?: string;
}

/**
 * identity.tenant_api_keys: a Reseller API key. Pass `.transient({ plaintext })` to know the key;
 * `key_hash` is always `hashApiKey(plaintext)` and `key_prefix` its first 16 characters.
 */
export const tenantApiKeyFactory = defineFactory('identity.tenant_api_keys', {
  parents: ['identity.users'],
  transient: {} as ApiKeyTransient,
  defaults: ({ rng, parent, now }) => {
    const creator = parent('identity.users');
    const created = between(
      rng,
      latest(toDate(creator.created_at, now), daysBefore(now, 365)),
      addSeconds(now, -3600),
    );
    const scopes = API_SCOPES.filter((scope) => scope.endsWith(':read') || rng.bool(0.6));
    return {
      name: rng.pick(KEY_NAMES),
      signing_secret_encrypted: randomBytes(rng, 32),
      environment: rng.weighted([
        ['Live', 80],
        ['Test', 20],
      ] as const),
      scopes,
      status: 'Active',
      rate_limit_per_min: rng.pick([null, null, 60, 120, 600]),
      created_by: creator.id,
      metadata: { integration: rng.pick(['woocommerce', 'custom', 'laravel', 'zapier']) },
      created_at: created,
    };
  },
  finalize: (row, { rng, now, transient }) => {
    const created = toDate(row.created_at, now);
    const plaintext =
      transient.plaintext ?? apiKeyPlaintext(row.environment === 'Test' ? 'Test' : 'Live', rng);
    // A key is usable until it is revoked or expires; its last use lies before either.
    let end = now;
    const out: Record<string, unknown> = {
      key_prefix: apiKeyPrefix(plaintext),
      key_hash: hashApiKey(plaintext),
    };
    if (row.status === 'Revoked') {
      end = toDate(row.revoked_at, between(rng, earliest(addSeconds(created, 3600), now), now));
      out.revoked_at = end;
      out.revoked_reason = rng.pick(['کلید در مخزن عمومی منتشر شد', 'پایان همکاری', 'چرخش دوره‌ای کلیدها']);
    } else if (row.status === 'Expired') {
      end = toDate(row.expires_at, between(rng, earliest(addDays(created, 1), now), now));
      out.expires_at = end;
    } else if (row.expires_at === undefined) {
      const expiry = addDays(created, 365);
      out.expires_at = rng.bool(0.3) && expiry > now ? expiry : null;
    }
    const used = rng.bool(0.85) ? between(rng, created, end) : null;
    out.last_used_at = used;
    out.last_used_ip = used ? `185.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}` : null;
    // Recording a use or a status change is an UPDATE: updated_at follows the latest of them.
    out.updated_at = latest(created, used ?? created, row.status === 'Active' ? created : earliest(end, now));
    return out;
  },
  traits: {
    test: (_t) => ({ environment: 'Test', rate_limit_per_min: 30 }),
    revoked: (_t) => ({ status: 'Revoked' }),
    expired: (_t) => ({ status: 'Expired' }),
    readOnly: (_t) => ({ scopes: API_SCOPES.filter((s) => s.endsWith(':read')) }),
    ipRestricted: ({ rng }) => ({
      allowed_ips: [`185.${rng.int(0, 255)}.${rng.int(0, 255)}.0/24`, `94.182.${rng.int(0, 255)}.10/32`],
    }),
  },
});

/** identity.tenant_webhooks: an HTTPS endpoint of a reseller that receives render events. */
export const tenantWebhookFactory = defineFactory('identity.tenant_webhooks', {
  parents: ['identity.tenants'],
  defaults: ({ n, rng, parent, now }) => {
    const tenant = parent('identity.tenants');
    const host = tenant.custom_domain ? `api.${tenant.custom_domain}` : `shop${n}.example.ir`;
    return {
      url: `https://${host}/webhooks/flatrender/${n}`,
      description: rng.pick(['اعلان پایان رندر به فروشگاه', 'همگام‌سازی سفارش‌ها', 'گزارش خطاهای رندر']),
      secret_encrypted: randomBytes(rng, 32),
      events: rng.bool(0.2) ? [] : WEBHOOK_EVENTS.filter((e) => e.startsWith('render.job.') && rng.bool(0.7)),
      is_active: true,
      consecutive_failures: 0,
      created_at: between(rng, daysBefore(now, 300), daysBefore(now, 1)),
    };
  },
  finalize: (row, { rng, now }) => {
    const created = toDate(row.created_at, now);
    const end = toDate(row.deleted_at, now);
    const failures = row.consecutive_failures ?? 0;
    if (failures === 0) {
      const success = rng.bool(0.9) ? between(rng, created, end) : null;
      return { last_success_at: success, last_failure_at: null, updated_at: success ?? created };
    }
    // A run of failures follows the last success; an endpoint disabled for it stops at the last failure.
    const lastFailure = between(rng, created, end);
    const out: Record<string, unknown> = {
      last_failure_at: lastFailure,
      last_success_at: rng.bool(0.8) ? between(rng, created, lastFailure) : null,
      updated_at: lastFailure,
    };
    if (row.is_active === false && !row.disabled_at) out.disabled_at = lastFailure;
    return out;
  },
  traits: {
    allEvents: (_t) => ({ events: [] }),
    failing: ({ rng }) => ({ consecutive_failures: rng.int(2, 6) }),
    /** Auto-disabled after too many failures in a row. */
    disabled: ({ rng }) => ({ is_active: false, consecutive_failures: rng.int(10, 25) }),
    deleted: ({ past }) => ({ created_at: past(300, 30), deleted_at: past(25, 0), is_active: false }),
  },
});

/** Backoff before retry k (1-based): 1, 2, 4, 8… minutes. */
const backoffSeconds = (k: number): number => 60 * 2 ** (k - 1);
/** Seconds from the first attempt to attempt k. */
const untilAttempt = (k: number): number =>
  Array.from({ length: k - 1 }, (_, i) => backoffSeconds(i + 1)).reduce((a, b) => a + b, 0);
/** After this many failed attempts a delivery is abandoned. */
const MAX_ATTEMPTS = 8;

/**
 * identity.tenant_webhook_deliveries: one event sent to one endpoint. `status` decides attempt,
 * response, delivered_at and next_retry_at (finalize); Pending/Retrying rows are recent.
 */
export const tenantWebhookDeliveryFactory = defineFactory('identity.tenant_webhook_deliveries', {
  parents: ['identity.tenant_webhooks'],
  defaults: ({ n, rng, parent, now, tenantId, overrides }) => {
    const webhook = parent('identity.tenant_webhooks');
    const status =
      overrides.status ??
      rng.weighted([
        ['Succeeded', 80],
        ['Failed', 5],
        ['Retrying', 5],
        ['Pending', 5],
        ['Abandoned', 5],
      ] as const);
    const since = toDate(webhook.created_at, daysBefore(now, 30));
    const until = toDate(webhook.deleted_at, now);
    // A retrying delivery is caught between its last attempt and its next one (still ahead).
    const retries = status === 'Retrying' ? (overrides.attempt ?? rng.int(1, 4)) : undefined;
    const created =
      status === 'Pending'
        ? addSeconds(now, -rng.int(1, 120))
        : retries !== undefined
          ? addSeconds(now, -(untilAttempt(retries) + rng.int(1, backoffSeconds(retries) - 1)))
          : status === 'Abandoned'
            ? between(rng, latest(since, daysBefore(now, 30)), addSeconds(until, -untilAttempt(MAX_ATTEMPTS)))
            : between(rng, latest(since, daysBefore(now, 30)), until);
    const known = (webhook.events ?? []).filter((e) => (WEBHOOK_EVENTS as readonly string[]).includes(e));
    const eventType = rng.pick(known.length > 0 ? known : [...WEBHOOK_EVENTS]);
    const eventId = rng.uuid();
    return {
      webhook_id: webhook.id,
      event_id: eventId,
      event_type: eventType,
      status,
      attempt: retries,
      // The envelope; its data names the event's row, made on create() (webhook-follows-event).
      payload: {
        event_id: eventId,
        event_type: eventType,
        tenant_id: tenantId,
        trace_id: rng.uuid(),
        occurred_at: created.toISOString(),
        data: { external_ref: `order-${10_000 + n}` },
      },
      created_at: created,
    };
  },
  finalize: (row, { rng, now }) => deliveryOutcome(row, rng, now),
  beforeCreate: async (row, { create, rng, now }) => {
    const type = String(row.event_type);
    let created = toDate(row.created_at, now);
    const payload = { ...(row.payload as { data?: Record<string, unknown> } & Record<string, unknown>) };
    const data: Record<string, unknown> = { ...(payload.data ?? {}) };
    if (data.render_job_id === undefined && type.startsWith('render.job.')) {
      // The render it reports, sent by the reseller's backend, ended (or started) just before.
      const status = type.split('.')[2]!;
      const at = new Date(created.getTime() - rng.int(2, 60) * 1000);
      const job =
        status === 'started'
          ? await create('render.render_jobs', { source: 'ResellerApi' }, ['running'])
          : await create('render.render_jobs', { source: 'ResellerApi', [`${status}_at`]: at }, [status]);
      const happened = status === 'started' ? job.started_at! : at;
      created = earliest(
        new Date(Math.max(created.getTime(), happened.getTime() + rng.int(1, 30) * 1000)),
        now,
      );
      Object.assign(data, {
        render_job_id: job.id,
        status: job.status,
        ...(job.status === 'Completed'
          ? { download_url: `https://cdn.flatrender.ir/exports/${job.id}.mp4` }
          : {}),
      });
    }
    if (data.payment_id === undefined && type.startsWith('identity.payment.')) {
      const payment = await create('identity.payments', { purpose: 'WalletTopUp' }, ['succeeded']);
      created = earliest(
        new Date(Math.max(created.getTime(), payment.paid_at!.getTime() + rng.int(1, 30) * 1000)),
        now,
      );
      Object.assign(data, { payment_id: payment.id, amount_minor: payment.amount_minor });
    }
    const moved = { ...row, created_at: created };
    return {
      created_at: created,
      payload: { ...payload, occurred_at: created.toISOString(), data },
      ...deliveryOutcome(moved, rng, now),
    };
  },
  traits: {
    pending: (_t) => ({ status: 'Pending' }),
    succeeded: (_t) => ({ status: 'Succeeded' }),
    failed: (_t) => ({ status: 'Failed' }),
    retrying: (_t) => ({ status: 'Retrying' }),
    abandoned: (_t) => ({ status: 'Abandoned' }),
  },
});

/** Attempt, response and times of a delivery of each status. */
function deliveryOutcome(
  row: { status?: string | null; attempt?: number | null; created_at?: Date | string },
  rng: Random,
  now: Date,
) {
  {
    const created = toDate(row.created_at, now);
    const timedOut = rng.bool(0.3);
    const attemptAt = (k: number) => addSeconds(created, untilAttempt(k));
    switch (row.status) {
      case 'Succeeded': {
        const attempt =
          row.attempt ??
          rng.weighted([
            [1, 85],
            [2, 10],
            [3, 5],
          ] as const);
        const duration = rng.int(80, 1500);
        return {
          attempt,
          response_status: rng.pick([200, 200, 202, 204]),
          response_body: '{"ok":true}',
          duration_ms: duration,
          delivered_at: earliest(addSeconds(attemptAt(attempt), duration / 1000), now),
          next_retry_at: null,
        };
      }
      case 'Failed':
        // The receiver refused the event outright (4xx): retrying would not help.
        return {
          attempt: row.attempt ?? 1,
          response_status: rng.pick([400, 404, 410, 422]),
          response_body: '{"error":"unknown order reference"}',
          duration_ms: rng.int(60, 900),
          delivered_at: null,
          next_retry_at: null,
        };
      case 'Retrying': {
        const attempt = row.attempt ?? rng.int(1, 4);
        return {
          attempt,
          response_status: timedOut ? null : rng.pick([500, 502, 503, 504]),
          response_body: timedOut ? null : '<html><body>502 Bad Gateway</body></html>',
          duration_ms: timedOut ? 10_000 : rng.int(100, 3000),
          delivered_at: null,
          next_retry_at: addSeconds(attemptAt(attempt), backoffSeconds(attempt)),
        };
      }
      case 'Abandoned':
        return {
          attempt: row.attempt ?? MAX_ATTEMPTS,
          response_status: timedOut ? null : 503,
          response_body: timedOut ? null : 'Service Unavailable',
          duration_ms: timedOut ? 10_000 : rng.int(100, 3000),
          delivered_at: null,
          next_retry_at: null,
        };
      default:
        // Pending: not tried yet, due at once.
        return {
          attempt: 0,
          response_status: null,
          response_body: null,
          duration_ms: null,
          delivered_at: null,
          next_retry_at: created,
        };
    }
  }
}
