import { messageOf, SeedError } from '../errors.js';
import { quoteIdent } from '../sql/identifiers.js';
import type { Queryable } from '../sql/queryable.js';
import { inTransaction } from '../sql/transaction.js';
import { pauseAutovacuum, resumeAutovacuum } from './autovacuum.js';
import type { DeferredIndexes, SavedDefinition, SavedForeignKey } from './deferred-definitions.js';
import { clearDeferred, recordDeferred } from './interrupted-load.js';

export type { DeferredIndexes, SavedDefinition, SavedForeignKey } from './deferred-definitions.js';

const NOTHING: DeferredIndexes = { tables: [], keys: [], indexes: [], foreignKeys: [] };

/**
 * What pg_restore does for a load into empty tables: drop the indexes and constraints of the
 * tables to load (primary keys, unique constraints, secondary indexes, foreign keys, and the
 * foreign keys elsewhere that point at those keys), so COPY pays for none of them; rebuild them
 * afterwards from their own catalog definitions (`pg_get_constraintdef`, `pg_get_indexdef`), which
 * leaves the catalog exactly as it was, each index built once from sorted data. CHECK and NOT NULL
 * constraints stay: they cost little and reject a bad row at once.
 *
 * Only tables with no rows are touched; the others keep everything. Autovacuum is turned off on
 * the deferred tables until they are rebuilt (autovacuum.ts). Runs in one transaction.
 */
export async function deferIndexes(db: Queryable, tables: readonly string[]): Promise<DeferredIndexes> {
  const { rows: candidates } = await db.query<{ name: string; oid: number }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name, c.oid::int AS oid
       FROM unnest($1::text[]) AS t(name)
       JOIN pg_class c ON c.oid = to_regclass(t.name)
       JOIN pg_namespace n ON n.oid = c.relnamespace`,
    [tables],
  );
  if (candidates.length === 0) return NOTHING;
  const probes = candidates.map((c, i) => `SELECT ${i} AS i WHERE NOT EXISTS (SELECT 1 FROM ${c.name})`);
  const { rows: empty } = await db.query<{ i: number }>(probes.join(' UNION ALL '));
  const emptyTables = await keepReferencedParents(
    db,
    candidates,
    empty.map((r) => candidates[r.i]!),
  );
  if (emptyTables.length === 0) return NOTHING;
  const oids = emptyTables.map((t) => t.oid);

  // conparentid = 0: a partitioned table's constraint covers its partitions' copies.
  const { rows: keys } = await db.query<SavedDefinition>(
    `SELECT format('%I.%I', n.nspname, t.relname) AS table, k.conname AS name, pg_get_constraintdef(k.oid) AS definition
       FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE k.contype IN ('p', 'u') AND k.conrelid = ANY($1::oid[]) AND k.conparentid = 0
      ORDER BY 1, 2`,
    [oids],
  );
  const { rows: indexes } = await db.query<SavedDefinition>(
    `SELECT format('%I.%I', tn.nspname, t.relname) AS table, format('%I.%I', n.nspname, ic.relname) AS name,
            pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i
       JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_namespace n ON n.oid = ic.relnamespace
       JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace
      WHERE i.indrelid = ANY($1::oid[])
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype <> 'f')
      ORDER BY 1, 2`,
    [oids],
  );
  const { rows: foreignKeys } = await db.query<SavedForeignKey>(
    `SELECT format('%I.%I', n.nspname, t.relname) AS table, k.conname AS name,
            pg_get_constraintdef(k.oid) AS definition, t.relkind = 'p' AS partitioned
       FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE k.contype = 'f' AND k.conparentid = 0 AND (k.conrelid = ANY($1::oid[]) OR k.confrelid = ANY($1::oid[]))
      ORDER BY 1, 2`,
    [oids],
  );

  let deferred: DeferredIndexes = NOTHING;
  await inTransaction(db, async () => {
    for (const fk of foreignKeys)
      await db.query(`ALTER TABLE ${fk.table} DROP CONSTRAINT ${quoteIdent(fk.name)}`);
    for (const index of indexes) await db.query(`DROP INDEX ${index.name}`);
    for (const key of keys)
      await db.query(`ALTER TABLE ${key.table} DROP CONSTRAINT ${quoteIdent(key.name)}`);
    const names = emptyTables.map((t) => t.name);
    const autovacuumOff = await pauseAutovacuum(db, names);
    // In the same transaction: there is never a moment where they are gone and not written down.
    deferred = { tables: names, keys, indexes, foreignKeys, autovacuumOff };
    await recordDeferred(db, deferred);
  });
  return deferred;
}

/**
 * An empty table may be deferred only if no loaded table that keeps its keys references it: rows
 * loaded into the kept table would point at rows of the deferred one, and undoing an unfinished
 * load (which empties the deferred tables, see undoLoad) would leave them dangling. Such parents keep
 * their keys, and so, in turn, do the parents they reference. (With a fresh database only
 * identity.tenants keeps its keys, and it references no loaded table.)
 */
async function keepReferencedParents(
  db: Queryable,
  loaded: readonly { name: string; oid: number }[],
  empty: readonly { name: string; oid: number }[],
): Promise<{ name: string; oid: number }[]> {
  const { rows: references } = await db.query<{ child: number; parent: number }>(
    `SELECT conrelid::int AS child, confrelid::int AS parent FROM pg_constraint
      WHERE contype = 'f' AND conparentid = 0 AND conrelid = ANY($1::oid[]) AND confrelid = ANY($1::oid[])`,
    [loaded.map((t) => t.oid)],
  );
  const deferred = new Set(empty.map((t) => t.oid));
  for (let changed = true; changed; ) {
    changed = false;
    for (const { child, parent } of references) {
      if (!deferred.has(child) && deferred.has(parent)) {
        deferred.delete(parent);
        changed = true;
      }
    }
  }
  return empty.filter((t) => deferred.has(t.oid));
}

/** `CREATE INDEX … ON ONLY parent` makes an invalid parent index without children: build them all. */
function buildStatement(index: SavedDefinition): string {
  return index.definition.replace(/ ON ONLY /, ' ON ');
}

/**
 * Recreates what deferIndexes dropped: keys first, then indexes (spread over the connections,
 * one table per connection at a time), then the foreign keys, added NOT VALID one at a time (a
 * brief lock each) and validated in parallel (validation only needs a share lock). A rule the
 * loaded rows break fails here, naming it; everything else is still restored, and the error lists
 * the statements left to run.
 */
export async function restoreIndexes(
  connections: readonly Queryable[],
  deferred: DeferredIndexes,
): Promise<RebuildSeconds> {
  const failures: string[] = [];
  const run = async (db: Queryable, sql: string): Promise<boolean> => {
    try {
      await db.query(sql);
      return true;
    } catch (error) {
      failures.push(`${sql}\n  -- failed: ${messageOf(error)}`);
      return false;
    }
  };
  // Parallelism comes from the connections; PostgreSQL's own parallel workers on top of them
  // oversubscribe the CPUs (measured: 25% slower on 2 CPUs).
  const session = `SET maintenance_work_mem = '256MB'; SET max_parallel_maintenance_workers = ${connections.length > 1 ? 0 : 2}; SET max_parallel_workers_per_gather = ${connections.length > 1 ? 0 : 2}`;
  for (const db of connections) await db.query(session);
  // Biggest tables first, so the connections finish together.
  const [first] = connections;
  const { rows: sizes } = await first!.query<{ table: string; bytes: string }>(
    `SELECT t.name AS table, (SELECT coalesce(sum(pg_relation_size(p.relid)), 0) FROM pg_partition_tree(t.name::regclass) p)::text AS bytes
       FROM unnest($1::text[]) AS t(name)`,
    [deferred.tables],
  );
  const size = new Map(sizes.map((r) => [r.table, Number(r.bytes)]));
  const bySize = <T extends SavedDefinition>(items: readonly T[]) =>
    [...items].sort((a, b) => (size.get(b.table) ?? 0) - (size.get(a.table) ?? 0));

  const started = performance.now();
  // ALTER TABLE … ADD PRIMARY KEY locks its table: one statement per table at a time.
  await byTable(connections, bySize(deferred.keys), (db, key) =>
    run(db, `ALTER TABLE ${key.table} ADD CONSTRAINT ${quoteIdent(key.name)} ${key.definition}`),
  );
  const keysDone = performance.now();
  // CREATE INDEX takes a share lock: several on one table may run together.
  await inParallel(connections, bySize(deferred.indexes), (db, index) => run(db, buildStatement(index)));
  const indexesDone = performance.now();

  const validate: SavedForeignKey[] = [];
  for (const fk of deferred.foreignKeys) {
    const add = `ALTER TABLE ${fk.table} ADD CONSTRAINT ${quoteIdent(fk.name)} ${fk.definition}`;
    if (fk.partitioned) await run(first!, add);
    else if (await run(first!, `${add} NOT VALID`)) validate.push(fk);
  }
  await inParallel(connections, bySize(validate), (db, fk) =>
    run(db, `ALTER TABLE ${fk.table} VALIDATE CONSTRAINT ${quoteIdent(fk.name)}`),
  );
  for (const db of connections) {
    await db.query(
      'RESET maintenance_work_mem; RESET max_parallel_maintenance_workers; RESET max_parallel_workers_per_gather',
    );
  }

  // Whatever failed above, autovacuum comes back: it does not depend on the rows.
  await resumeAutovacuum(first!, deferred.autovacuumOff ?? []);
  const foreignKeysDone = performance.now();
  if (failures.length === 0) await clearDeferred(first!);
  if (failures.length > 0) {
    throw new SeedError(
      'E_RESTORE_INDEXES',
      `The rows are loaded, but ${failures.length} deferred key, index or foreign key statement(s) failed:\n${failures.join('\n')}`,
      {
        fix: 'The loaded rows break the rule named above (a bug in the generator): fix the rows, then run the statements listed; or reset the database and load again.',
      },
    );
  }
  return {
    keys: (keysDone - started) / 1000,
    indexes: (indexesDone - keysDone) / 1000,
    foreignKeys: (foreignKeysDone - indexesDone) / 1000,
  };
}

/** Where restoreIndexes spent its time: primary/unique keys, other indexes, foreign keys (added and validated). */
export interface RebuildSeconds {
  readonly keys: number;
  readonly indexes: number;
  readonly foreignKeys: number;
}

/** Runs `work` over `items`, one at a time per connection, all connections busy. */
async function inParallel<T>(
  connections: readonly Queryable[],
  items: readonly T[],
  work: (db: Queryable, item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    connections.map(async (db) => {
      while (next < items.length) {
        const item = items[next++]!;
        await work(db, item);
      }
    }),
  );
}

/** Like inParallel, but a table's items run one after another on one connection. */
async function byTable<T extends { table: string }>(
  connections: readonly Queryable[],
  items: readonly T[],
  work: (db: Queryable, item: T) => Promise<unknown>,
): Promise<void> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(item.table, [...(groups.get(item.table) ?? []), item]);
  await inParallel(connections, [...groups.values()], async (db, group) => {
    for (const item of group) await work(db, item);
  });
}
