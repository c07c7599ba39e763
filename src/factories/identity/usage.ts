import { defineFactory } from '../core/factory.js';
import {
  addDays,
  addSeconds,
  between,
  daysBefore,
  earliest,
  latest,
  tehranDate,
  tehranDayStart,
  toDate,
} from './access-helpers.js';

const ROUTES = [
  ['POST', '/v1/renders', 30],
  ['GET', '/v1/renders/{id}', 35],
  ['GET', '/v1/templates', 12],
  ['GET', '/v1/templates/{id}', 8],
  ['POST', '/v1/files', 8],
  ['DELETE', '/v1/renders/{id}', 4],
  ['GET', '/v1/usage', 3],
] as const;

/** The Reseller API's error code for each failing HTTP status. */
const ERROR_CODES: Record<number, string> = {
  400: 'validation_failed',
  401: 'invalid_api_key',
  403: 'scope_missing',
  404: 'not_found',
  409: 'duplicate_idempotency_key',
  422: 'template_field_invalid',
  429: 'rate_limited',
  500: 'internal_error',
  503: 'render_queue_unavailable',
};

const SUCCESS_STATUS: Record<string, number> = { GET: 200, POST: 202, DELETE: 204 };

/**
 * identity.tenant_api_request_logs: one Reseller API call, made with the context's API key
 * inside that key's lifetime. create() first makes the month's partition.
 */
export const tenantApiRequestLogFactory = defineFactory('identity.tenant_api_request_logs', {
  parents: ['identity.tenant_api_keys'],
  defaults: ({ rng, parent, now, overrides }) => {
    const key = parent('identity.tenant_api_keys');
    const from = latest(toDate(key.created_at, now), daysBefore(now, 30));
    const until = toDate(key.last_used_at ?? key.revoked_at ?? key.expires_at, now);
    const [method, path] = rng.weighted(ROUTES.map(([m, p, w]) => [[m, p] as const, w] as const));
    const status =
      overrides.status_code ??
      rng.weighted<number>([
        [SUCCESS_STATUS[method] ?? 200, 900],
        [400, 15],
        [404, 20],
        [409, 5],
        [422, 25],
        [429, 20],
        [500, 8],
        [503, 7],
      ]);
    const writes = method === 'POST';
    return {
      created_at: between(rng, from, earliest(until, now)),
      api_key_id: key.id,
      request_id: rng.uuid(),
      method,
      path,
      status_code: status,
      duration_ms: writes ? rng.int(120, 900) : rng.int(15, 220),
      ip: `185.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
      user_agent: rng.pick([
        'flatrender-php/1.4.2',
        'WooCommerce-FlatRender/2.1.0',
        'axios/1.7.2',
        'python-requests/2.32.3',
      ]),
      request_bytes: writes ? rng.int(600, 6000) : null,
      response_bytes: status === 204 ? 0 : rng.int(150, 24_000),
    };
  },
  finalize: (row) => ({
    error_code:
      row.status_code !== undefined && row.status_code >= 400
        ? (ERROR_CODES[row.status_code] ?? 'error')
        : null,
  }),
  beforeCreate: async (row, { db, now, once }) => {
    // Monthly partitions are cut at UTC midnights: the row's UTC month is its partition.
    const month = `${toDate(row.created_at, now).toISOString().slice(0, 7)}-01`;
    await once(`partition identity.tenant_api_request_logs ${month}`, () =>
      db.query(`SELECT public.ensure_monthly_partition('identity.tenant_api_request_logs', $1::date)`, [
        month,
      ]),
    );
    return undefined;
  },
  traits: {
    validationError: (_t) => ({ method: 'POST', path: '/v1/renders', status_code: 422 }),
    rateLimited: (_t) => ({ status_code: 429 }),
    serverError: (_t) => ({ status_code: 500 }),
    /** A call with an unknown or revoked key: no key could be attached to it. */
    unauthorized: (_t) => ({ api_key_id: null, status_code: 401 }),
  },
});

export interface UsageTransient {
  /** Render jobs to create on that day before counting (through the render job factory). Default 0. */
  renderJobs?: number;
  /** API calls to log on that day before counting. Default 0. */
  apiRequests?: number;
  /** false: keep the counter values given instead of counting rows (no effect on build()). Default true. */
  counted?: boolean;
}

interface DayCounts {
  jobs: number;
  render_seconds: string;
  billable: string;
  compute: string;
  charged: string;
  api_requests: number;
  api_errors: number;
  active_users: number;
  new_users: number;
  storage: string;
}

/** Everything a usage row counts for one tenant and Asia/Tehran day ($2), in one round trip. */
const COUNT_DAY = `
WITH jobs AS (
  SELECT * FROM render.render_jobs
   WHERE tenant_id = $1 AND (created_at AT TIME ZONE 'Asia/Tehran')::date = $2::date
), active AS (
  SELECT user_id FROM jobs
  UNION SELECT id FROM identity.users
   WHERE tenant_id = $1 AND (last_login_at AT TIME ZONE 'Asia/Tehran')::date = $2::date
  UNION SELECT user_id FROM identity.user_sessions
   WHERE tenant_id = $1 AND (last_seen_at AT TIME ZONE 'Asia/Tehran')::date = $2::date
)
SELECT (SELECT count(*)::int FROM jobs) AS jobs,
       (SELECT coalesce(round(sum(duration_sec)), 0)::text FROM jobs) AS render_seconds,
       (SELECT coalesce(sum(billable_seconds), 0)::text FROM jobs) AS billable,
       (SELECT coalesce(sum(compute_seconds), 0)::text FROM jobs) AS compute,
       (SELECT coalesce(sum(cost_minor - refund_amount_minor), 0)::text FROM jobs) AS charged,
       (SELECT count(*)::int FROM identity.tenant_api_request_logs
         WHERE tenant_id = $1 AND (created_at AT TIME ZONE 'Asia/Tehran')::date = $2::date) AS api_requests,
       (SELECT count(*)::int FROM identity.tenant_api_request_logs
         WHERE tenant_id = $1 AND (created_at AT TIME ZONE 'Asia/Tehran')::date = $2::date
           AND status_code >= 400) AS api_errors,
       (SELECT count(*)::int FROM active) AS active_users,
       (SELECT count(*)::int FROM identity.users
         WHERE tenant_id = $1 AND (created_at AT TIME ZONE 'Asia/Tehran')::date = $2::date) AS new_users,
       -- End-of-day snapshot: stored objects count until they are purged, soft-deleted or not.
       (SELECT coalesce(sum(size_bytes), 0)::text FROM file_mgr.files
         WHERE tenant_id = $1 AND status <> 'Pending'
           AND created_at < (($2::date + 1)::timestamp AT TIME ZONE 'Asia/Tehran')
           AND (purged_at IS NULL OR purged_at >= (($2::date + 1)::timestamp AT TIME ZONE 'Asia/Tehran'))) AS storage`;

/** YYYY-MM-DD of a DATE value given as a string or a Date (a Date is read as its UTC day). */
const dayOf = (value: Date | string): string =>
  typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);

/**
 * identity.tenant_usage_daily: one tenant's metered usage for one Asia/Tehran day (the n-th day
 * before the reference time). On create() the counters are counted from the rows they meter:
 * render jobs, API request logs, users, sessions and files of that day.
 */
export const tenantUsageDailyFactory = defineFactory('identity.tenant_usage_daily', {
  transient: {} as UsageTransient,
  defaults: ({ n, rng, now }) => ({
    usage_date: tehranDate(daysBefore(now, n)),
    // Egress (CDN downloads) is not recorded row by row anywhere, so it is drawn, not counted.
    egress_bytes: rng.int(0, 20_000) * 1_048_576,
  }),
  finalize: (row, { now }) => {
    // Rows are upserted through the day; the last write lands shortly after the day ends.
    const dayEnd = addDays(tehranDayStart(dayOf(row.usage_date ?? tehranDate(now))), 1);
    return { updated_at: earliest(addSeconds(dayEnd, 300), now) };
  },
  beforeCreate: async (row, { db, rng, now, tenantId, transient, create }) => {
    const day = dayOf(row.usage_date ?? tehranDate(now));
    const start = tehranDayStart(day);
    const end = earliest(addDays(start, 1), now);
    for (let i = 0; i < (transient.apiRequests ?? 0); i++) {
      await create('identity.tenant_api_request_logs', { created_at: between(rng, start, end) });
    }
    for (let i = 0; i < (transient.renderJobs ?? 0); i++) {
      await create('render.render_jobs', { created_at: between(rng, start, end) });
    }
    if (transient.counted === false) return { usage_date: day };
    const { rows } = await db.query<DayCounts>(COUNT_DAY, [tenantId, day]);
    const c = rows[0]!;
    return {
      usage_date: day,
      render_jobs_count: c.jobs,
      render_seconds: c.render_seconds,
      render_billable_seconds: c.billable,
      compute_seconds: c.compute,
      amount_charged_minor: c.charged,
      api_requests: c.api_requests,
      api_errors: c.api_errors,
      active_users: c.active_users,
      new_users: c.new_users,
      storage_bytes: c.storage,
    };
  },
  traits: {
    /** Today's row, still being updated: its counters cover the day so far. */
    today: ({ now }) => ({ usage_date: tehranDate(now) }),
    /** No downloads that day. */
    noEgress: (_t) => ({ egress_bytes: 0 }),
  },
});
