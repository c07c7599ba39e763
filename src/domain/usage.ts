import { tehranDay } from './calendar.js';

/**
 * Usage metering: one `identity.tenant_usage_daily` row per tenant and Asia/Tehran calendar day,
 * each counter counted from the rows it meters. The rule, one for both engines and `seed verify`:
 *
 * | counter | counts, for the tenant's rows of that Tehran day |
 * |---|---|
 * | render_jobs_count | render jobs queued (`created_at`) that day |
 * | render_seconds | output seconds of those jobs that completed (rounded sum of `duration_sec`) |
 * | render_billable_seconds | their billable seconds less the refunded ones |
 * | compute_seconds | node seconds those jobs used (`compute_seconds`) |
 * | amount_charged_minor | their `cost_minor − refund_amount_minor` |
 * | api_requests / api_errors | API request logs that day / those answered with status ≥ 400 |
 * | new_users | users created that day |
 * | active_users | distinct users who queued a render, last signed in, or were last seen in a session that day |
 * | storage_bytes | end-of-day snapshot: bytes of stored files (not Pending) created before the day ends and not purged by then |
 * | egress_bytes | downloads of exports made that day (`size_bytes × download_count`): there are no per-download rows |
 *
 * Everything about a render is metered on the day it was queued, so a day's row is final once
 * the jobs queued that day have ended.
 */
export const USAGE_FIELDS = [
  'render_jobs_count',
  'render_seconds',
  'render_billable_seconds',
  'compute_seconds',
  'api_requests',
  'api_errors',
  'storage_bytes',
  'egress_bytes',
  'active_users',
  'new_users',
  'amount_charged_minor',
] as const;
export type UsageField = (typeof USAGE_FIELDS)[number];

/** The usage day (Tehran day number) an instant is metered on. */
export const usageDay = tehranDay;

/** What one render job adds to the usage of the day it was queued. */
export function jobUsage(job: {
  readonly status: string;
  readonly durationSec: number;
  readonly billableSeconds: number;
  readonly refundedSeconds: number;
  readonly computeSeconds: number;
  readonly costMinor: number;
  readonly refundMinor: number;
}): Readonly<Partial<Record<UsageField, number>>> {
  return {
    render_jobs_count: 1,
    // Summed as NUMERIC and rounded once per day: keep the milliseconds.
    render_seconds: job.status === 'Completed' ? job.durationSec : 0,
    render_billable_seconds: job.billableSeconds - job.refundedSeconds,
    compute_seconds: job.computeSeconds,
    amount_charged_minor: job.costMinor - job.refundMinor,
  };
}

/** The last write to a usage row: rows are upserted through the day, the last shortly after it ends. */
export const USAGE_SETTLE_MS = 10 * 60_000;
