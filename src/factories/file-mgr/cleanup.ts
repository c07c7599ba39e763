import { TEHRAN_TIME_ZONE } from '../../domain/calendar.js';
import type { FileMgrCleanupTarget } from '../../schema/generated/tables.js';
import { defineFactory } from '../core/factory.js';
import { addSeconds, earliest, MIB, num, toDate } from './shared.js';

/** Each cleanup target: its Persian name and how many days it keeps things. */
const TARGETS: Record<FileMgrCleanupTarget, { name: string; retention: number }> = {
  ExpiredExports: { name: 'حذف خروجی‌های منقضی', retention: 30 },
  StaleUploadSessions: { name: 'پاک‌سازی بارگذاری‌های نیمه‌کاره', retention: 1 },
  SoftDeletedFiles: { name: 'حذف نهایی فایل‌های پاک‌شده', retention: 30 },
  RenderFrameChunks: { name: 'حذف فریم‌های موقت رندر', retention: 7 },
  OrphanObjects: { name: 'حذف اشیای بی‌صاحب', retention: 3 },
  ExpiredSnapshots: { name: 'حذف اسنپ‌شات‌های منقضی', retention: 14 },
};
const TARGET_NAMES = Object.keys(TARGETS) as FileMgrCleanupTarget[];

/** 03:00 in Asia/Tehran (UTC+03:30, no DST since 2022) is 23:30 UTC of the day before. */
const NIGHTLY_CRON = '0 3 * * *';
const DAY_MS = 86_400_000;
const RUN_OFFSET_MS = (23 * 60 + 30) * 60_000;

/** The last nightly 03:00 Tehran run at or before `now`. */
export function lastNightlyRun(now: Date): Date {
  const midnight = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const today = midnight + RUN_OFFSET_MS;
  return new Date(today <= now.getTime() ? today : today - DAY_MS);
}

/**
 * file_mgr.cleanup_schedules: a nightly (03:00 Tehran) cleanup job of the context's tenant; the
 * target cycles with the row number so a tenant's schedules do not collide. `platformWide`
 * covers every tenant (tenant_id NULL).
 */
export const cleanupScheduleFactory = defineFactory('file_mgr.cleanup_schedules', {
  defaults: ({ uid: n, rng, now, overrides }) => {
    const target = overrides.target ?? TARGET_NAMES[(n - 1) % TARGET_NAMES.length]!;
    const last = lastNightlyRun(now);
    return {
      name: `${TARGETS[target].name} ${n}`,
      target,
      cron_expr: NIGHTLY_CRON,
      timezone: TEHRAN_TIME_ZONE,
      retention_days: TARGETS[target].retention,
      batch_size: rng.pick([500, 1000, 5000]),
      dry_run: false,
      is_enabled: true,
      created_at: new Date(last.getTime() - rng.int(30, 400) * DAY_MS - rng.int(1, 3600) * 1000),
    };
  },
  finalize: (row, { now, rng }) => {
    const created = toDate(row.created_at, now);
    const last = lastNightlyRun(now);
    const ran = row.is_enabled !== false && last > created;
    return {
      last_run_at: ran ? addSeconds(last, rng.int(0, 20)) : null,
      next_run_at: row.is_enabled === false ? null : new Date(last.getTime() + DAY_MS),
      updated_at: ran ? earliest(addSeconds(last, rng.int(30, 600)), now) : created,
    };
  },
  traits: {
    /** One schedule for all tenants, run by the platform. */
    platformWide: (_t) => ({ tenant_id: null }),
    disabled: (_t) => ({ is_enabled: false }),
    /** Reports what it would delete without deleting it. */
    dryRun: (_t) => ({ dry_run: true }),
    /** A worker holds the lease right now (tonight's run is in progress). */
    locked: ({ now }) => ({
      lock_owner: 'file-cleanup-worker-2',
      locked_until: new Date(lastNightlyRun(now).getTime() + 3_600_000),
    }),
  },
});

/**
 * file_mgr.cleanup_runs: one nightly run of the context's schedule, on one of the last 30 nights
 * (a Running one is tonight's). Counters and times follow the status; dry runs delete nothing.
 */
export const cleanupRunFactory = defineFactory('file_mgr.cleanup_runs', {
  parents: ['file_mgr.cleanup_schedules'],
  defaults: ({ rng, parent, now, overrides }) => {
    const schedule = parent('file_mgr.cleanup_schedules');
    const status =
      overrides.status ??
      rng.weighted([
        ['Succeeded', 85],
        ['Failed', 15],
      ] as const);
    const nights = status === 'Running' ? 0 : rng.int(1, 30);
    const night = new Date(lastNightlyRun(now).getTime() - nights * DAY_MS);
    const scanned = rng.int(0, num(schedule.batch_size, 1000));
    return {
      schedule_id: schedule.id,
      status,
      started_at: earliest(addSeconds(night, rng.int(0, 20)), now),
      items_scanned: scanned,
      items_deleted:
        status === 'Failed'
          ? rng.int(0, Math.floor(scanned / 2))
          : rng.int(Math.floor(scanned * 0.7), scanned),
      dry_run: schedule.dry_run ?? false,
    };
  },
  finalize: (row, { rng, now }) => {
    const started = toDate(row.started_at, now);
    const running = row.status === 'Running';
    const deleted = row.dry_run ? 0 : num(row.items_deleted);
    return {
      finished_at: running ? null : earliest(addSeconds(started, rng.int(5, 900)), now),
      items_deleted: deleted,
      bytes_freed: deleted * rng.int(MIB, 80 * MIB),
      error_message:
        row.status === 'Failed'
          ? rng.pick([
              'MinIO: connection reset by peer (user-files)',
              'statement timeout: canceling statement due to statement timeout',
              'lease lost: locked_until passed before the batch finished',
            ])
          : null,
      details: { batches: Math.ceil(num(row.items_scanned) / 100) || 0, dry_run: Boolean(row.dry_run) },
    };
  },
  traits: {
    /** Tonight's run, still going. */
    running: (_t) => ({ status: 'Running' }),
    succeeded: (_t) => ({ status: 'Succeeded' }),
    failed: (_t) => ({ status: 'Failed' }),
    /** Counted what it would delete, deleted nothing. */
    dryRun: (_t) => ({ dry_run: true }),
  },
});
