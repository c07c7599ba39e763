import { SECOND, tehranDayEnd } from '../domain/calendar.js';
import {
  API_ERROR_RATE,
  API_ERRORS,
  API_ROUTES,
  type ApiError,
  type ApiRoute,
  CREATE_RENDER_ROUTE,
  SDK_AGENTS,
} from '../domain/reseller-api.js';
import { USAGE_FIELDS, USAGE_SETTLE_MS } from '../domain/usage.js';
import type { Row } from '../sql/copy-text.js';
import { loadTable } from '../sql/load-table.js';
import { clamp, logNormal } from './draw.js';
import { uuid } from './fast-format.js';
import type { JobCore } from './job-core.js';
import type { TenantContext } from './tenant-context.js';

export const requestLogsTable = loadTable('identity.tenant_api_request_logs', [
  'id',
  'created_at',
  'tenant_id',
  'api_key_id',
  'request_id',
  'method',
  'path',
  'status_code',
  'duration_ms',
  'ip',
  'user_agent',
  'request_bytes',
  'response_bytes',
  'error_code',
]);

const ROUTE_WEIGHTS = API_ROUTES.map((r) => [r, r.weight] as const);
/** A failed call may be any route, a render request too (it created no job). */
const FAILED_ROUTE_WEIGHTS = [...ROUTE_WEIGHTS, [CREATE_RENDER_ROUTE, 14] as const];
const ERROR_WEIGHTS = API_ERRORS.map((e) => [e, e.weight] as const);

/** The API jobs of a tenant whose POST falls in the log window, in time order. */
function loggedJobs(ctx: TenantContext): JobCore[] {
  return ctx
    .jobs()
    .filter((job) => job.requestId !== null && job.queuedAt >= ctx.tenant.requestLogStart)
    .sort((a, b) => a.queuedAt - b.queuedAt || (a.key < b.key ? -1 : 1));
}

/**
 * identity.tenant_api_request_logs: the reseller's servers calling the API over the log window,
 * placed by the API activity clock (flatter than people's, still quiet at night); every render
 * job the API created there has its `POST /v1/renders` answered 202, at the job's creation, with
 * the job's key, and its request id in the job's metadata. The other calls are drawn from the
 * domain's routes (never a successful POST /v1/renders) and errors. Ids rise with time inside
 * the tenant's id range.
 */
export function* requestLogRows(ctx: TenantContext): Generator<Row> {
  const { tenant, plan, core } = ctx;
  const jobs = loggedJobs(ctx);
  const clock = plan.clocks.api;
  const end = plan.nowMs - SECOND;
  let seq = 0;
  let j = 0;
  const next = (): number => {
    seq++;
    if (seq > tenant.requestLogIdCapacity)
      throw new Error(`tenant ${tenant.key}: more request logs than planned`);
    return tenant.requestLogIdBase + seq;
  };
  const used = (keyIndex: number, at: number, ip: string) => {
    const last = ctx.apiKeyLastUse[keyIndex];
    if (!last || at >= last.at) ctx.apiKeyLastUse[keyIndex] = { at, ip };
  };
  const jobRow = (job: JobCore): Row => {
    const rng = ctx.stream('identity.tenant_api_request_logs', job.key);
    const at = job.queuedAt;
    const ip = rng.pick(core.serverIps);
    ctx.usage.add('api_requests', at, 1);
    used(job.apiKeyIndex, at, ip);
    return [
      next(),
      at,
      tenant.id,
      ctx.apiKeys[job.apiKeyIndex]!.id,
      job.requestId!,
      CREATE_RENDER_ROUTE.method,
      CREATE_RENDER_ROUTE.path,
      CREATE_RENDER_ROUTE.success,
      Math.round(clamp(logNormal(rng, 180, 0.5), 20, 30_000)),
      ip,
      rng.bool(0.85) ? core.sdkAgent : rng.pick(SDK_AGENTS),
      rng.int(600, 6_000),
      rng.int(300, 900),
      null,
    ];
  };
  for (let i = 0; i < tenant.requestLogs; i++) {
    const rng = ctx.stream('identity.tenant_api_request_logs', i);
    const at = clock.nth(i, tenant.requestLogs, rng.next(), tenant.requestLogStart, end);
    while (j < jobs.length && jobs[j]!.queuedAt <= at) yield jobRow(jobs[j++]!);
    const failed = rng.bool(API_ERROR_RATE);
    const route: ApiRoute = rng.weighted(failed ? FAILED_ROUTE_WEIGHTS : ROUTE_WEIGHTS);
    const error: ApiError | null = failed ? rng.weighted(ERROR_WEIGHTS) : null;
    const upload = route.path.includes('/parts/');
    const duration = Math.round(clamp(logNormal(rng, error ? 12 : upload ? 900 : 35, 0.6), 1, 30_000));
    const key = ctx.keyBefore(rng, at);
    const unsigned = error?.code === 'invalid_signature' && rng.bool(0.5);
    const requestId = uuid(rng);
    const ip = rng.pick(core.serverIps);
    ctx.usage.add('api_requests', at, 1);
    if (error) ctx.usage.add('api_errors', at, 1);
    if (!unsigned) used(key.index, at, ip);
    yield [
      next(),
      at,
      tenant.id,
      unsigned ? null : key.id,
      requestId,
      route.method,
      route.path,
      error ? error.status : route.success,
      duration,
      ip,
      rng.bool(0.85) ? core.sdkAgent : rng.pick(SDK_AGENTS),
      route.method === 'GET' || route.method === 'DELETE' ? null : upload ? 5_242_880 : rng.int(300, 6_000),
      error ? rng.int(80, 400) : route.success === 204 ? 0 : rng.int(200, 24_000),
      error ? error.code : null,
    ];
  }
  while (j < jobs.length) yield jobRow(jobs[j++]!);
}

export const usageTable = loadTable('identity.tenant_usage_daily', [
  'tenant_id',
  'usage_date',
  ...USAGE_FIELDS,
  'updated_at',
]);

/**
 * identity.tenant_usage_daily: one row per Tehran day from the tenant's first day to the
 * reference day, counted from the rows made before it (jobs, requests, files, exports, users)
 * by domain/usage.ts's rule: the metering agrees with the data. Comes last in the load order.
 */
export function* usageRows(ctx: TenantContext): Generator<Row> {
  const { tenant, plan, usage } = ctx;
  for (const [day, counters] of usage.days()) {
    yield [tenant.id, day, ...counters, Math.min(plan.nowMs - 1, tehranDayEnd(day) + USAGE_SETTLE_MS)];
  }
}
