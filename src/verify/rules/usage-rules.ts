import { REFUNDED_SECONDS, type Rule } from '../rule.js';

/** The Tehran calendar day of a timestamp column (usage.ts: usage days are Asia/Tehran days). */
const day = (column: string) => `(${column} AT TIME ZONE 'Asia/Tehran')::date`;
/** The instant a usage row's day ends. */
const DAY_END = `((u.usage_date + 1)::timestamp AT TIME ZONE 'Asia/Tehran')`;

/**
 * Recounts every tenant_usage_daily row from the rows it meters (usage.ts has the rule) and
 * reports each counter that differs.
 */
const RECOUNT = `
WITH jobs AS (
  SELECT j.tenant_id, ${day('j.created_at')} AS d, count(*) AS render_jobs_count,
         round(coalesce(sum(j.duration_sec) FILTER (WHERE j.status = 'Completed'), 0)) AS render_seconds,
         sum(j.billable_seconds - ${REFUNDED_SECONDS}) AS render_billable_seconds,
         sum(j.compute_seconds) AS compute_seconds, sum(j.cost_minor - j.refund_amount_minor) AS amount_charged_minor
    FROM render.render_jobs j GROUP BY 1, 2),
requests AS (
  SELECT tenant_id, ${day('created_at')} AS d, count(*) AS api_requests, count(*) FILTER (WHERE status_code >= 400) AS api_errors
    FROM identity.tenant_api_request_logs GROUP BY 1, 2),
signups AS (SELECT tenant_id, ${day('created_at')} AS d, count(*) AS new_users FROM identity.users GROUP BY 1, 2),
active AS (
  SELECT tenant_id, d, count(DISTINCT user_id) AS active_users FROM (
    SELECT tenant_id, ${day('created_at')} AS d, user_id FROM render.render_jobs
    UNION ALL SELECT tenant_id, ${day('last_login_at')}, id FROM identity.users WHERE last_login_at IS NOT NULL
    UNION ALL SELECT tenant_id, ${day('last_seen_at')}, user_id FROM identity.user_sessions) a GROUP BY 1, 2),
egress AS (
  SELECT tenant_id, ${day('created_at')} AS d, sum(size_bytes * download_count) AS egress_bytes FROM render.exports GROUP BY 1, 2),
storage AS (
  SELECT u.tenant_id, u.usage_date AS d,
         (SELECT coalesce(sum(f.size_bytes), 0) FROM file_mgr.files f
           WHERE f.tenant_id = u.tenant_id AND f.status <> 'Pending' AND f.created_at < ${DAY_END}
             AND (f.purged_at IS NULL OR f.purged_at >= ${DAY_END})) AS storage_bytes
    FROM identity.tenant_usage_daily u),
recount AS (
  SELECT u.tenant_id, u.usage_date,
         coalesce(j.render_jobs_count, 0) AS render_jobs_count, coalesce(j.render_seconds, 0) AS render_seconds,
         coalesce(j.render_billable_seconds, 0) AS render_billable_seconds, coalesce(j.compute_seconds, 0) AS compute_seconds,
         coalesce(r.api_requests, 0) AS api_requests, coalesce(r.api_errors, 0) AS api_errors,
         s.storage_bytes, coalesce(e.egress_bytes, 0) AS egress_bytes, coalesce(a.active_users, 0) AS active_users,
         coalesce(n.new_users, 0) AS new_users, coalesce(j.amount_charged_minor, 0) AS amount_charged_minor
    FROM identity.tenant_usage_daily u
    LEFT JOIN jobs j ON j.tenant_id = u.tenant_id AND j.d = u.usage_date
    LEFT JOIN requests r ON r.tenant_id = u.tenant_id AND r.d = u.usage_date
    LEFT JOIN signups n ON n.tenant_id = u.tenant_id AND n.d = u.usage_date
    LEFT JOIN active a ON a.tenant_id = u.tenant_id AND a.d = u.usage_date
    LEFT JOIN egress e ON e.tenant_id = u.tenant_id AND e.d = u.usage_date
    JOIN storage s ON s.tenant_id = u.tenant_id AND s.d = u.usage_date)
SELECT u.tenant_id::text || '/' || u.usage_date::text AS id,
       (SELECT string_agg(format('%s %s, recount %s', k, a.value, b.value), '; ' ORDER BY k)
          FROM jsonb_each_text(to_jsonb(u) - 'tenant_id' - 'usage_date' - 'updated_at') a(k, value)
          JOIN jsonb_each_text(to_jsonb(c) - 'tenant_id' - 'usage_date') b(k2, value) ON b.k2 = a.k
         WHERE a.value::numeric <> b.value::numeric) AS detail
  FROM identity.tenant_usage_daily u JOIN recount c ON c.tenant_id = u.tenant_id AND c.usage_date = u.usage_date
 WHERE (u.render_jobs_count, u.render_seconds, u.render_billable_seconds, u.compute_seconds, u.api_requests, u.api_errors,
        u.storage_bytes, u.egress_bytes, u.active_users, u.new_users, u.amount_charged_minor)
    IS DISTINCT FROM
       (c.render_jobs_count, c.render_seconds, c.render_billable_seconds, c.compute_seconds, c.api_requests, c.api_errors,
        c.storage_bytes, c.egress_bytes, c.active_users, c.new_users, c.amount_charged_minor)`;

/** Metering (usage.ts). */
export const usageRules: readonly Rule[] = [
  { rule: 'usage-recount', table: 'identity.tenant_usage_daily', column: 'usage_date', sql: RECOUNT },
];
