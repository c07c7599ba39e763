import { tehranDate } from '../../domain/calendar.js';
import type { Queryable } from '../../sql/queryable.js';
import { USAGE_COUNTERS, usageRecountSql } from '../../verify/usage-recount.js';
import { PLAN_QUOTAS_GB } from '../file-mgr/storage-quotas.js';

/**
 * Usage rows are upserted as the day goes by (domain/usage.ts): when rows they meter arrive
 * after them (a factory may write a render job dated last week after that week's usage rows),
 * the usage rows of those days, and of later days for storage, are counted again.
 */
const RECOUNT = `
UPDATE identity.tenant_usage_daily u
   SET (${USAGE_COUNTERS.join(', ')}) = (${USAGE_COUNTERS.map((c) => `c.${c}`).join(', ')}),
       -- Rows are upserted: the time of the last write moves on (a microsecond: keeps the replay deterministic).
       updated_at = u.updated_at + interval '1 microsecond'
  FROM (${usageRecountSql('(SELECT tenant_id, usage_date FROM identity.tenant_usage_daily WHERE tenant_id = $1 AND usage_date >= $2::date)')}) c
 WHERE u.tenant_id = c.tenant_id AND u.usage_date = c.usage_date
   AND (${USAGE_COUNTERS.map((c) => `u.${c}`).join(', ')}) IS DISTINCT FROM (${USAGE_COUNTERS.map((c) => `c.${c}`).join(', ')})`;

/** Recounts the usage rows of the tenants of `rows` from the earliest day `times` gives each. */
export async function settleUsage<R extends { tenant_id: string | null }>(
  db: Queryable,
  rows: readonly R[],
  times: (row: R) => readonly (Date | string | null | undefined)[],
): Promise<void> {
  const earliest = new Map<string, number>();
  for (const row of rows) {
    if (!row.tenant_id) continue;
    for (const time of times(row)) {
      if (time === null || time === undefined) continue;
      const ms = new Date(time).getTime();
      const seen = earliest.get(row.tenant_id);
      if (seen === undefined || ms < seen) earliest.set(row.tenant_id, ms);
    }
  }
  for (const [tenant, ms] of earliest) {
    // Most inserts come before any usage row of their days exists: then there is nothing to recount.
    const day = tehranDate(ms);
    const { rows: due } = await db.query(
      'SELECT 1 FROM identity.tenant_usage_daily WHERE tenant_id = $1 AND usage_date >= $2::date LIMIT 1',
      [tenant, day],
    );
    if (due.length > 0) await db.query(RECOUNT, [tenant, day]);
  }
}

/** Recounts the storage quotas of the users of `files` (used_bytes, file_count: stored, unpurged files). */
export async function settleQuotas(
  db: Queryable,
  files: readonly { tenant_id: string; user_id: string }[],
): Promise<void> {
  const pairs = [...new Set(files.map((f) => `${f.tenant_id}/${f.user_id}`))].map((p) => p.split('/'));
  if (pairs.length === 0) return;
  await db.query(
    `UPDATE file_mgr.storage_quotas q
        SET used_bytes = c.bytes, file_count = c.files, updated_at = q.updated_at + interval '1 microsecond',
            -- Files beyond the quota mean the user moved up a plan (storage-quotas.ts: PLAN_QUOTAS_GB).
            quota_bytes = CASE WHEN q.quota_bytes < c.bytes
              THEN (SELECT coalesce(min(g), ceil(c.bytes / 1073741824.0)::bigint * 1073741824)
                      FROM unnest($3::bigint[]) g WHERE g * 0.8 > c.bytes)
              ELSE q.quota_bytes END
         FROM (SELECT p.tenant_id, p.user_id, coalesce(sum(f.size_bytes), 0) AS bytes, count(f.id) AS files
                 FROM unnest($1::uuid[], $2::uuid[]) AS p(tenant_id, user_id)
                 LEFT JOIN file_mgr.files f ON f.tenant_id = p.tenant_id AND f.user_id = p.user_id
                      AND f.status NOT IN ('Pending', 'Purged') AND f.purged_at IS NULL
                GROUP BY 1, 2) c
        WHERE q.tenant_id = c.tenant_id AND q.user_id = c.user_id AND (q.used_bytes, q.file_count) IS DISTINCT FROM (c.bytes, c.files)`,
    [pairs.map((p) => p[0]), pairs.map((p) => p[1]), PLAN_QUOTAS_GB.map((gb) => gb * 1_073_741_824)],
  );
}
