import { TEHRAN_TIME_ZONE } from '../domain/calendar.js';
import { USAGE_FIELDS } from '../domain/usage.js';
import { REFUNDED_SECONDS } from './rule.js';

/** The Tehran calendar day of a timestamp column (usage.ts: usage days are Asia/Tehran days). */
const day = (column: string) => `(${column} AT TIME ZONE '${TEHRAN_TIME_ZONE}')::date`;

/** The counters of tenant_usage_daily, in table order (domain/usage.ts). */
export const USAGE_COUNTERS = USAGE_FIELDS;

/**
 * The usage counters recounted from the rows they meter (domain/usage.ts has the rule), for every
 * (tenant_id, usage_date) of `pairs`, a relation such as `identity.tenant_usage_daily` or
 * `(SELECT $1::uuid AS tenant_id, $2::date AS usage_date)`. One query for the factories (one day)
 * and for `seed verify` (every row).
 */
export function usageRecountSql(pairs: string): string {
  const tenants = `tenant_id IN (SELECT tenant_id FROM p)`;
  return `
WITH p AS (SELECT DISTINCT tenant_id, usage_date FROM ${pairs} AS pairs),
jobs AS (
  SELECT j.tenant_id, ${day('j.created_at')} AS d, count(*) AS render_jobs_count,
         round(coalesce(sum(j.duration_sec) FILTER (WHERE j.status = 'Completed'), 0)) AS render_seconds,
         sum(j.billable_seconds - ${REFUNDED_SECONDS}) AS render_billable_seconds,
         sum(j.compute_seconds) AS compute_seconds, sum(j.cost_minor - j.refund_amount_minor) AS amount_charged_minor
    FROM render.render_jobs j WHERE j.${tenants} GROUP BY 1, 2),
requests AS (
  SELECT tenant_id, ${day('created_at')} AS d, count(*) AS api_requests, count(*) FILTER (WHERE status_code >= 400) AS api_errors
    FROM identity.tenant_api_request_logs WHERE ${tenants} GROUP BY 1, 2),
signups AS (SELECT tenant_id, ${day('created_at')} AS d, count(*) AS new_users FROM identity.users WHERE ${tenants} GROUP BY 1, 2),
active AS (
  SELECT tenant_id, d, count(DISTINCT user_id) AS active_users FROM (
    SELECT tenant_id, ${day('created_at')} AS d, user_id FROM render.render_jobs WHERE ${tenants}
    UNION ALL SELECT tenant_id, ${day('last_login_at')}, id FROM identity.users WHERE last_login_at IS NOT NULL AND ${tenants}
    UNION ALL SELECT tenant_id, ${day('last_seen_at')}, user_id FROM identity.user_sessions WHERE ${tenants}) a GROUP BY 1, 2),
egress AS (
  SELECT tenant_id, ${day('created_at')} AS d, sum(size_bytes * download_count) AS egress_bytes
    FROM render.exports WHERE ${tenants} GROUP BY 1, 2),
stored AS (
  SELECT tenant_id, d, sum(delta) AS delta FROM (
    SELECT tenant_id, ${day('created_at')} AS d, size_bytes AS delta FROM file_mgr.files WHERE status <> 'Pending' AND ${tenants}
    UNION ALL SELECT tenant_id, ${day('purged_at')}, -size_bytes FROM file_mgr.files
     WHERE status <> 'Pending' AND purged_at IS NOT NULL AND ${tenants}) s GROUP BY 1, 2)
SELECT p.tenant_id, p.usage_date,
       coalesce(j.render_jobs_count, 0) AS render_jobs_count, coalesce(j.render_seconds, 0) AS render_seconds,
       coalesce(j.render_billable_seconds, 0) AS render_billable_seconds, coalesce(j.compute_seconds, 0) AS compute_seconds,
       coalesce(r.api_requests, 0) AS api_requests, coalesce(r.api_errors, 0) AS api_errors,
       (SELECT coalesce(sum(s.delta), 0) FROM stored s WHERE s.tenant_id = p.tenant_id AND s.d <= p.usage_date) AS storage_bytes,
       coalesce(e.egress_bytes, 0) AS egress_bytes, coalesce(a.active_users, 0) AS active_users,
       coalesce(n.new_users, 0) AS new_users, coalesce(j.amount_charged_minor, 0) AS amount_charged_minor
  FROM p
  LEFT JOIN jobs j ON j.tenant_id = p.tenant_id AND j.d = p.usage_date
  LEFT JOIN requests r ON r.tenant_id = p.tenant_id AND r.d = p.usage_date
  LEFT JOIN signups n ON n.tenant_id = p.tenant_id AND n.d = p.usage_date
  LEFT JOIN active a ON a.tenant_id = p.tenant_id AND a.d = p.usage_date
  LEFT JOIN egress e ON e.tenant_id = p.tenant_id AND e.d = p.usage_date`;
}
