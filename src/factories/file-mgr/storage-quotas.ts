import type { Queryable } from '../../sql/queryable.js';
import { defineFactory } from '../core/factory.js';
import { between, GIB, latest, num, toDate } from './shared.js';

/** Storage of the plans (identity.plans.storage_quota_gb): Free, Basic, Pro, Business. */
export const PLAN_QUOTAS_GB = [2, 10, 50, 200] as const;

/** What a quota counts: the user's files whose objects still exist (soft-deleted ones included). */
export async function storedFiles(
  db: Queryable,
  tenantId: string,
  userId: string,
): Promise<{ bytes: number; count: number }> {
  const { rows } = await db.query<{ bytes: string; count: number }>(
    `SELECT coalesce(sum(size_bytes), 0)::text AS bytes, count(*)::int AS count FROM file_mgr.files
      WHERE tenant_id = $1 AND user_id = $2 AND purged_at IS NULL AND status NOT IN ('Pending', 'Purged')`,
    [tenantId, userId],
  );
  return { bytes: num(rows[0]?.bytes), count: rows[0]?.count ?? 0 };
}

/**
 * A quota that holds `bytes`: as given when the files fit (below the warning threshold unless a
 * notice says otherwise), else the first plan that fits; full means used = quota.
 */
function fittingQuota(quota: number, bytes: number, threshold: number, level: number | null): number | null {
  if (level === 1) return Math.max(quota, bytes);
  if (level !== null) return bytes > quota ? Math.ceil(bytes / level) : quota;
  if (bytes < quota * threshold) return quota;
  return PLAN_QUOTAS_GB.map((gb) => gb * GIB).find((q) => bytes < q * threshold) ?? null;
}

/**
 * file_mgr.storage_quotas: the one quota row of the context's user. create() counts the user's
 * stored files into used_bytes and file_count and keeps them within quota_bytes (moving up a
 * plan if needed); the `nearlyFull` and `full` traits add a large file to reach their level.
 */
export const storageQuotaFactory = defineFactory('file_mgr.storage_quotas', {
  parents: ['identity.users'],
  defaults: ({ rng, parent, now }) => {
    const user = parent('identity.users');
    const recalculated = between(
      rng,
      latest(toDate(user.created_at, now), new Date(now.getTime() - 86_400_000)),
      now,
    );
    return {
      user_id: user.id,
      quota_bytes:
        rng.weighted([
          [PLAN_QUOTAS_GB[0], 50],
          [PLAN_QUOTAS_GB[1], 25],
          [PLAN_QUOTAS_GB[2], 20],
          [PLAN_QUOTAS_GB[3], 5],
        ]) * GIB,
      used_bytes: 0,
      file_count: 0,
      warning_threshold_pct: 80,
      recalculated_at: recalculated,
      updated_at: recalculated,
    };
  },
  finalize: (row, { now, rng }) => {
    const recalculated = toDate(row.recalculated_at, now);
    const full = row.full_sent_at ? toDate(row.full_sent_at, now) : null;
    let warned = row.warning_sent_at ? toDate(row.warning_sent_at, now) : null;
    // The full notice follows the warning one: a quota crossed its threshold before it filled up.
    if (full && (!warned || warned > full)) warned = new Date(full.getTime() - rng.int(1, 72) * 3_600_000);
    return {
      warning_sent_at: warned,
      updated_at: latest(recalculated, full ?? recalculated, warned ?? recalculated),
    };
  },
  beforeCreate: async (row, { db, create, rng, now }) => {
    const tenantId = String(row.tenant_id);
    const userId = String(row.user_id);
    let { bytes, count } = await storedFiles(db, tenantId, userId);
    const quota = row.quota_bytes === null || row.quota_bytes === undefined ? null : num(row.quota_bytes);
    if (quota === null) return { used_bytes: bytes, file_count: count };
    const threshold = num(row.warning_threshold_pct, 80) / 100;
    const level = row.full_sent_at ? 1 : row.warning_sent_at ? (threshold + 1) / 2 : null;
    if (level !== null && bytes < quota * level) {
      // One big backup archive, uploaded before the notice, takes the user to the level it claims.
      const notice = toDate(row.warning_sent_at ?? row.full_sent_at, now);
      const size = Math.round(quota * level) - bytes;
      await create('file_mgr.files', {
        user_id: userId,
        kind: 'Archive',
        mime_type: 'application/zip',
        original_name: `پشتیبان پروژه‌ها ${rng.int(1, 99)}.zip`,
        size_bytes: size,
        status: 'Active',
        created_at: new Date(notice.getTime() - rng.int(1, 48) * 3_600_000),
      });
      bytes += size;
      count += 1;
    }
    return {
      quota_bytes: fittingQuota(quota, bytes, threshold, level),
      used_bytes: bytes,
      file_count: count,
    };
  },
  traits: {
    unlimited: (_t) => ({ quota_bytes: null }),
    /** Past the 80% warning on the Free plan; StorageWarning went out. */
    nearlyFull: ({ now, rng }) => ({
      quota_bytes: PLAN_QUOTAS_GB[0] * GIB,
      warning_sent_at: new Date(now.getTime() - rng.int(2, 72) * 3_600_000),
    }),
    /** Every byte of the Free plan used; StorageWarning and StorageFull went out. */
    full: ({ now, rng }) => ({
      quota_bytes: PLAN_QUOTAS_GB[0] * GIB,
      full_sent_at: new Date(now.getTime() - rng.int(1, 48) * 3_600_000),
    }),
  },
});
