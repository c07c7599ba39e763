import { PARTITIONED_TABLES, type PartitionedTable, scenarioHistoryMonths } from '../domain/partitions.js';
import { partitionsOf } from '../sql/catalog.js';
import { ensurePartitions } from '../sql/partitions.js';
import type { Queryable } from '../sql/queryable.js';

/** The tables FlatRender partitions by month: the domain's list (see ensure_monthly_partition in 00_setup.sql). */
export const MONTHLY_PARTITIONED_TABLES = Object.keys(PARTITIONED_TABLES) as PartitionedTable[];

/**
 * Creates every monthly partition a scenario seeded at `now` can write into, each in its own short
 * transaction, before a refresh opens its own. Inside the refresh, ensure_monthly_partition then
 * finds them made and takes no lock on the table; attaching one inside the refresh took an ACCESS
 * EXCLUSIVE lock on the `_default` partition until COMMIT (readers stalled 276–374 ms) and let
 * readers planned before the commit see a state that never committed. Empty partitions are
 * harmless: the month's rows land there whenever they come. Returns how many were created.
 *
 * @example
 * await ensureHistoryPartitions(client, new Date('2026-03-10T00:00:00Z'));
 */
export async function ensureHistoryPartitions(db: Queryable, now: Date): Promise<number> {
  const months = scenarioHistoryMonths(now);
  const existing = new Set(await partitionsOf(db, MONTHLY_PARTITIONED_TABLES));
  let created = 0;
  for (const table of MONTHLY_PARTITIONED_TABLES) {
    for (const month of months) {
      const name = `${table}_${month.slice(0, 4)}_${month.slice(5, 7)}`;
      if (existing.has(name)) continue;
      await ensurePartitions(db, table, [month]);
      created++;
    }
  }
  return created;
}
