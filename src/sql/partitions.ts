import { monthOf, type PartitionedTable } from '../domain/partitions.js';
import type { Queryable } from './queryable.js';

/** The statement that creates a month's partition of a partitioned table (idempotent). */
export function partitionStatement(table: PartitionedTable, month: string): string {
  return `SELECT public.ensure_monthly_partition('${table}', DATE '${month}')`;
}

/**
 * Creates the partitions of `table` for the given months (`YYYY-MM-01`) where they are missing.
 * A partition that exists costs one catalog lookup and takes no lock on the table; creating one
 * attaches it, which locks the parent: do that before readers' transactions where it matters.
 */
export async function ensurePartitions(
  db: Queryable,
  table: PartitionedTable,
  months: Iterable<string>,
): Promise<void> {
  for (const month of months) await db.query(partitionStatement(table, month));
}

/** The partition month of an instant, created if missing. */
export async function ensurePartitionFor(db: Queryable, table: PartitionedTable, at: Date): Promise<void> {
  await ensurePartitions(db, table, [monthOf(at.getTime())]);
}
