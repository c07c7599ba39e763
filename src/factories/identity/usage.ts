import { monthOf } from '../../domain/partitions.js';
import {
  API_ERROR_CODES,
  API_ERROR_RATE,
  API_ERRORS,
  API_ROUTES,
  CREATE_RENDER_ROUTE,
  SDK_AGENTS,
} from '../../domain/reseller-api.js';
import { ensurePartitionFor } from '../../sql/partitions.js';
import { USAGE_COUNTERS, usageRecountSql } from '../../verify/usage-recount.js';
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
import { settleUsage } from './usage-settle.js';

/**
 * identity.tenant_api_request_logs: one Reseller API call, made with the context's API key
 * inside that key's lifetime. create() first makes the month's partition.
 */
export const tenantApiRequestLogFactory = defineFactory('identity.tenant_api_request_logs', {
  // Requests and errors are metered (usage-settle.ts); a key's last use is its latest request.
  afterInsert: async (rows, { db }) => {
    await settleUsage(db, rows, (r) => [r.created_at]);
    await db.query(
      `UPDATE identity.tenant_api_keys k SET last_used_at = r.at, updated_at = greatest(k.updated_at + interval '1 microsecond', r.at)
         FROM (SELECT api_key_id, max(created_at) AS at FROM unnest($1::uuid[], $2::timestamptz[]) AS l(api_key_id, created_at)
                GROUP BY 1) r
        WHERE k.id = r.api_key_id AND (k.last_used_at IS NULL OR k.last_used_at < r.at)`,
      [rows.map((r) => r.api_key_id), rows.map((r) => r.created_at)],
    );
  },
  parents: ['identity.tenant_api_keys'],
  defaults: ({ rng, parent, now, overrides, when }) => {
    const key = parent('identity.tenant_api_keys');
    const from = latest(toDate(key.created_at, now), daysBefore(now, 30));
    // A key is used until it is revoked or expires (its last_used_at follows its requests).
    const until = earliest(toDate(key.revoked_at, now), toDate(key.expires_at, now), now);
    // A successful POST /v1/renders is logged by the render job it created (render-jobs.ts);
    // drawn calls to that route are the ones the API refused.
    const error = rng.bool(API_ERROR_RATE)
      ? rng.weighted(API_ERRORS.map((e) => [e, e.weight] as const))
      : null;
    const route =
      error && rng.bool(0.3)
        ? CREATE_RENDER_ROUTE
        : rng.weighted(API_ROUTES.map((r) => [r, r.weight] as const));
    const method = overrides.method ?? route.method;
    const path = overrides.path ?? route.path;
    const status = overrides.status_code ?? error?.status ?? route.success;
    const writes = method === 'POST' || method === 'PUT';
    return {
      created_at: when(from, earliest(until, now), 'api'),
      api_key_id: key.id,
      request_id: rng.uuid(),
      method,
      path,
      status_code: status,
      duration_ms: writes ? rng.int(120, 900) : rng.int(15, 220),
      ip: `185.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
      user_agent: rng.pick(SDK_AGENTS),
      request_bytes: writes ? rng.int(600, 6000) : null,
      response_bytes: status === 204 ? 0 : rng.int(150, 24_000),
    };
  },
  finalize: (row) => ({
    error_code:
      row.status_code !== undefined && row.status_code >= 400
        ? (API_ERROR_CODES.get(row.status_code) ?? API_ERROR_CODES.get(500))
        : null,
  }),
  beforeCreate: async (row, { db, now, once }) => {
    const at = toDate(row.created_at, now);
    await once(`partition identity.tenant_api_request_logs ${monthOf(at.getTime())}`, () =>
      ensurePartitionFor(db, 'identity.tenant_api_request_logs', at),
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
  defaults: ({ n, now }) => ({
    usage_date: tehranDate(daysBefore(now, n)),
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
    const { rows } = await db.query<Record<(typeof USAGE_COUNTERS)[number], string>>(
      usageRecountSql('(SELECT $1::uuid AS tenant_id, $2::date AS usage_date)'),
      [tenantId, day],
    );
    const counted = rows[0]!;
    return {
      usage_date: day,
      ...Object.fromEntries(USAGE_COUNTERS.map((c) => [c, counted[c]])),
    };
  },
  traits: {
    /** Today's row, still being updated: its counters cover the day so far. */
    today: ({ now }) => ({ usage_date: tehranDate(now) }),
    /** No downloads that day: not counted, the counters as given (zero unless set). */
    noEgress: (_t) => ({ egress_bytes: 0 }),
  },
});
