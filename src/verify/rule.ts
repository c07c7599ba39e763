import type { TableName } from '../schema/generated/tables.js';

/**
 * A rule of a FlatRender world that `seed verify` checks: a query returning the rows that break
 * it, as (id, detail). The rule's name is what a report shows in brackets; the table and column
 * say where to look.
 */
export interface Rule {
  readonly rule: string;
  readonly table: TableName;
  readonly column: string;
  /** Returns `id` (the row's key as text) and `detail` (what is wrong, with the values). */
  readonly sql: string;
}

/** A jsonb text field as SQL: `metadata->'billing'->>'funded_by'`. */
export const BILLING = `j.metadata->'billing'`;

/** The seconds a job gave back, per pricing.ts: all if it failed, the unrendered share if cancelled. */
export const REFUNDED_SECONDS = `(CASE j.status
  WHEN 'Failed' THEN j.billable_seconds
  WHEN 'Cancelled' THEN j.billable_seconds - ceil(j.billable_seconds::numeric * j.frames_done / greatest(j.total_frames, 1))::int
  ELSE 0 END)`;
