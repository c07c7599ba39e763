import { scenarioHistoryMonths } from '../domain/partitions.js';
import type { Queryable } from '../sql/queryable.js';

/** The tables FlatRender partitions by month (see ensure_monthly_partition in 00_setup.sql). */
export const MONTHLY_PARTITIONED_TABLES = [
  'identity.tenant_api_request_logs',
  'render.node_health_logs',
] as const;

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
  const { rows } = await db.query<{ name: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_inherits i
       JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE i.inhparent = ANY($1::regclass[])`,
    [[...MONTHLY_PARTITIONED_TABLES]],
  );
  const existing = new Set(rows.map((r) => r.name));
  let created = 0;
  for (const table of MONTHLY_PARTITIONED_TABLES) {
    for (const month of months) {
      const name = `${table}_${month.slice(0, 4)}_${month.slice(5, 7)}`;
      if (existing.has(name)) continue;
      await db.query('SELECT public.ensure_monthly_partition($1::regclass, $2::date)', [table, month]);
      created++;
    }
  }
  return created;
}
