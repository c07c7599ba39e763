import type { Queryable } from '../sql/queryable.js';

/**
 * Autovacuum, left on, starts VACUUM ANALYZE on the tables while they are being filled and while
 * their keys and indexes are rebuilt: on 2 CPUs it took a CPU from the load, and a rebuild
 * statement that needs a lock it holds waits until the server cancels it (deadlock_timeout).
 * Measured at scale 10: the rebuild took 1.9–2.0 s with autovacuum off and 3.8–5.2 s in most runs
 * with it on. So the load turns it off on the tables it defers (they were empty: nothing is left
 * unvacuumed) and turns it back on when their keys are back (or the load is undone); autovacuum
 * then analyzes them as it would after any bulk load.
 */

/** The leaf relations (the table itself, or its partitions) of each table, and whether any sets autovacuum_enabled itself. */
async function leaves(
  db: Queryable,
  tables: readonly string[],
): Promise<{ table: string; leaves: string[]; own: boolean }[]> {
  if (tables.length === 0) return [];
  const { rows } = await db.query<{ table: string; leaves: string[]; own: boolean }>(
    `SELECT t.name AS table,
            array_agg(format('%I.%I', n.nspname, c.relname) ORDER BY c.relname) AS leaves,
            bool_or(EXISTS (SELECT 1 FROM unnest(c.reloptions) o WHERE o LIKE 'autovacuum_enabled=%')) AS own
       FROM unnest($1::text[]) AS t(name)
       -- pg_partition_tree lists nothing for a plain table: the table itself is its leaf.
       CROSS JOIN LATERAL (
         SELECT relid FROM pg_partition_tree(t.name::regclass) WHERE isleaf
          UNION
         SELECT oid FROM pg_class WHERE oid = t.name::regclass AND relkind = 'r'
       ) p
       JOIN pg_class c ON c.oid = p.relid JOIN pg_namespace n ON n.oid = c.relnamespace
      GROUP BY t.name`,
    [tables],
  );
  return rows;
}

/**
 * Turns autovacuum off on `tables` (every leaf relation), except a table where the schema sets
 * autovacuum_enabled itself (left as it is). Returns the tables it turned it off on.
 */
export async function pauseAutovacuum(db: Queryable, tables: readonly string[]): Promise<string[]> {
  const paused: string[] = [];
  for (const entry of await leaves(db, tables)) {
    if (entry.own) continue;
    for (const leaf of entry.leaves) await db.query(`ALTER TABLE ${leaf} SET (autovacuum_enabled = false)`);
    paused.push(entry.table);
  }
  return paused;
}

/** Undoes pauseAutovacuum on `tables` (a table that no longer exists is skipped). */
export async function resumeAutovacuum(db: Queryable, tables: readonly string[]): Promise<void> {
  const { rows } = await db.query<{ name: string }>(
    'SELECT t.name FROM unnest($1::text[]) AS t(name) WHERE to_regclass(t.name) IS NOT NULL',
    [tables],
  );
  for (const entry of await leaves(
    db,
    rows.map((r) => r.name),
  )) {
    for (const leaf of entry.leaves) await db.query(`ALTER TABLE ${leaf} RESET (autovacuum_enabled)`);
  }
}
