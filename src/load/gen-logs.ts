import type { Row } from './column-codec.js';
import { tehranDayEnd } from './copy-text.js';
import { clamp, logNormal } from './draw.js';
import { uuid } from './fast-format.js';
import { loadTable } from './load-table.js';
import { type TenantContext, USAGE_FIELDS } from './tenant-context.js';
import { API_ERRORS, API_ROUTES, SDK_AGENTS } from './vocabulary.js';

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

const ROUTE_WEIGHTS = API_ROUTES.map((r) => [r, r[2]] as const);
const ERROR_WEIGHTS = API_ERRORS.map((e) => [e, e[2]] as const);

/**
 * identity.tenant_api_request_logs: the reseller's servers calling the API over the last 60
 * days, evenly with jitter; ids rise with time inside the tenant's id range.
 */
export function* requestLogRows(ctx: TenantContext): Generator<Row> {
  const { tenant, plan, core } = ctx;
  const span = plan.nowMs - 1_000 - tenant.requestLogStart;
  for (let i = 0; i < tenant.requestLogs; i++) {
    const rng = ctx.stream('identity.tenant_api_request_logs', i);
    const at = Math.floor(tenant.requestLogStart + ((i + rng.next()) / tenant.requestLogs) * span);
    const [method, path] = rng.weighted(ROUTE_WEIGHTS);
    const failed = rng.bool(0.06);
    const error = failed ? rng.weighted(ERROR_WEIGHTS) : null;
    const status = error
      ? error[0]
      : method === 'POST' && path === '/v1/renders'
        ? 202
        : method === 'POST'
          ? 201
          : 200;
    const upload = path.includes('/parts/');
    const slow = path === '/v1/renders' && method === 'POST' ? 180 : upload ? 900 : 35;
    const duration = Math.round(clamp(logNormal(rng, error ? 12 : slow, 0.6), 1, 30_000));
    const key = ctx.keyBefore(rng, at);
    ctx.usage.add('api_requests', at, 1);
    if (error) ctx.usage.add('api_errors', at, 1);
    yield [
      tenant.requestLogIdBase + i + 1,
      at,
      tenant.id,
      error?.[1] === 'invalid_signature' && rng.bool(0.5) ? null : key.id,
      uuid(rng),
      method,
      path,
      status,
      duration,
      rng.pick(core.serverIps),
      rng.bool(0.85) ? core.sdkAgent : rng.pick(SDK_AGENTS),
      method === 'GET' || method === 'DELETE' ? null : upload ? 5_242_880 : rng.int(300, 6_000),
      error ? rng.int(80, 400) : rng.int(200, 24_000),
      error ? error[1] : null,
    ];
  }
}

export const usageTable = loadTable('identity.tenant_usage_daily', [
  'tenant_id',
  'usage_date',
  ...USAGE_FIELDS,
  'updated_at',
]);

/**
 * identity.tenant_usage_daily: one row per Tehran day of the tenant's activity, counted from
 * the rows made before it (jobs, requests, files, exports, users): the metering agrees with
 * the data. Must come after those tables in the load order.
 */
export function* usageRows(ctx: TenantContext): Generator<Row> {
  const { tenant, plan, usage } = ctx;
  let storage = usage.openingStorage;
  for (let day = usage.firstDay; day <= usage.lastDay; day++) {
    storage += usage.get('storage_bytes', day);
    const row: Row = [tenant.id, day];
    for (const field of USAGE_FIELDS) {
      row.push(Math.round(field === 'storage_bytes' ? Math.max(0, storage) : usage.get(field, day)));
    }
    row.push(Math.min(plan.nowMs - 1, tehranDayEnd(day) + 600_000));
    yield row;
  }
}
