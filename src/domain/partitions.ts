import { DAY } from './calendar.js';

/**
 * Monthly partitions (spec C16/D9): the two time-series tables are partitioned by UTC month, and
 * a row may only be written once its month's partition exists (`public.ensure_monthly_partition`).
 */
export const PARTITIONED_TABLES = {
  'identity.tenant_api_request_logs': 'created_at',
  'render.node_health_logs': 'recorded_at',
} as const;
export type PartitionedTable = keyof typeof PARTITIONED_TABLES;

/** How far back any seeded time series reaches before its reference time (render nodes are the oldest). */
export const HISTORY_DAYS = 430;

/** The first day (`YYYY-MM-01`) of the UTC month of an instant: its partition. */
export function monthOf(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 7)}-01`;
}

/** The partition months from the one holding `fromMs` to the one holding `toMs − 1`, in order. */
export function monthsBetween(fromMs: number, toMs: number): string[] {
  const months: string[] = [];
  const end = monthOf(Math.max(fromMs, toMs - 1));
  const date = new Date(`${monthOf(fromMs)}T00:00:00Z`);
  for (;;) {
    const month = date.toISOString().slice(0, 10);
    months.push(month);
    if (month >= end) return months;
    date.setUTCMonth(date.getUTCMonth() + 1);
  }
}

/** Every partition month a seeded world with reference time `nowMs` can write to. */
export function historyMonths(nowMs: number): string[] {
  return monthsBetween(nowMs - HISTORY_DAYS * DAY, nowMs + 1);
}

/**
 * How many months before the reference time's month a scenario's dated rows may lie: enough for
 * HISTORY_DAYS. It is the one number `seed refresh` reads to create, before its transaction, every
 * monthly partition the new data can need.
 */
export const SCENARIO_HISTORY_MONTHS = Math.ceil((HISTORY_DAYS * 12) / 365);

/**
 * The first days (`YYYY-MM-01`, UTC) of every month from `months` before `now`'s month up to
 * `now`'s month, oldest first. Pure.
 *
 * @example
 * scenarioHistoryMonths(new Date('2026-03-10T00:00:00Z'), 2); // ['2026-01-01', '2026-02-01', '2026-03-01']
 */
export function scenarioHistoryMonths(now: Date, months = SCENARIO_HISTORY_MONTHS): string[] {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  return Array.from({ length: months + 1 }, (_, k) => {
    const first = new Date(Date.UTC(year, month - months + k, 1));
    return first.toISOString().slice(0, 10);
  });
}
