import { tryLockDatabase, unlockDatabase } from '../database/database-lock.js';
import { quoteIdent } from '../sql/identifiers.js';
import type { Queryable } from '../sql/queryable.js';
import { inTransaction } from '../sql/transaction.js';
import { resumeAutovacuum } from './autovacuum.js';
import type { DeferredIndexes, SavedDefinition, SavedForeignKey } from './deferred-definitions.js';
import { clearShardRun, liveShards } from './shard-registry.js';

/**
 * The bulk load drops the keys, indexes and foreign keys of the tables it fills and rebuilds them
 * afterwards. Before the drop commits, their definitions are written here, in the same
 * transaction, in the toolkit's own schema of that database; they are deleted once everything is
 * rebuilt. Rows here therefore mean a load that did not finish (SIGKILL, a crash, a lost server):
 * the next command that takes the database's lock puts the schema back from them (undoLoad), and
 * `seed verify` reports each missing definition meanwhile.
 */
export const DEFERRED_DEFINITIONS = 'flatrender_seed.deferred_definitions';
/** A 'table' record's definition when the load turned its autovacuum off (records from before say ''). */
const AUTOVACUUM_OFF = 'autovacuum_enabled = false';

type Kind = 'table' | 'key' | 'index' | 'foreign key' | 'tenant';

interface DefinitionRow {
  kind: Kind;
  table_name: string;
  name: string;
  definition: string;
  partitioned: boolean;
}

/** Writes `deferred` to DEFERRED_DEFINITIONS; call it inside the transaction that drops them. */
export async function recordDeferred(db: Queryable, deferred: DeferredIndexes): Promise<void> {
  await db.query(`
    CREATE SCHEMA IF NOT EXISTS flatrender_seed;
    CREATE TABLE IF NOT EXISTS ${DEFERRED_DEFINITIONS} (
      kind text NOT NULL CHECK (kind IN ('table', 'key', 'index', 'foreign key', 'tenant')),
      table_name text NOT NULL,
      name text NOT NULL,
      definition text NOT NULL,
      partitioned boolean NOT NULL DEFAULT false,
      deferred_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (kind, table_name, name)
    );
    COMMENT ON TABLE ${DEFERRED_DEFINITIONS} IS 'Written by @flatrender/seed: what a bulk load dropped until it rebuilt it. Rows left here mean the load did not finish; the next seed command on this database restores them.';`);
  const paused = new Set(deferred.autovacuumOff ?? []);
  const rows: DefinitionRow[] = [
    ...deferred.tables.map((t) => ({
      kind: 'table' as const,
      table_name: t,
      name: t,
      definition: paused.has(t) ? AUTOVACUUM_OFF : '',
      partitioned: false,
    })),
    ...deferred.keys.map((k) => ({ kind: 'key' as const, ...fields(k) })),
    ...deferred.indexes.map((i) => ({ kind: 'index' as const, ...fields(i) })),
    ...deferred.foreignKeys.map((f) => ({
      kind: 'foreign key' as const,
      ...fields(f),
      partitioned: f.partitioned,
    })),
  ];
  await db.query(
    `INSERT INTO ${DEFERRED_DEFINITIONS} (kind, table_name, name, definition, partitioned)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[])`,
    [
      rows.map((r) => r.kind),
      rows.map((r) => r.table_name),
      rows.map((r) => r.name),
      rows.map((r) => r.definition),
      rows.map((r) => r.partitioned),
    ],
  );
}

function fields(saved: SavedDefinition) {
  return { table_name: saved.table, name: saved.name, definition: saved.definition, partitioned: false };
}

/**
 * Writes the ids of the tenants a load is about to add (none of them existed: see assertNotLoaded),
 * so that undoing it removes them too, and a second try with the same seed works.
 */
export async function recordLoadTenants(db: Queryable, tenantIds: readonly string[]): Promise<void> {
  await recordDeferred(db, { tables: [], keys: [], indexes: [], foreignKeys: [] });
  await db.query(
    `INSERT INTO ${DEFERRED_DEFINITIONS} (kind, table_name, name, definition)
     SELECT 'tenant', 'identity.tenants', id, '' FROM unnest($1::text[]) AS t(id) ON CONFLICT DO NOTHING`,
    [tenantIds],
  );
}

/** The ids of the tenants an unfinished load was adding. */
export async function readLoadTenants(db: Queryable): Promise<string[]> {
  const exists = await db.query<{ t: string | null }>(
    `SELECT to_regclass('${DEFERRED_DEFINITIONS}')::text AS t`,
  );
  if (!exists.rows[0]?.t) return [];
  const { rows } = await db.query<{ name: string }>(
    `SELECT name FROM ${DEFERRED_DEFINITIONS} WHERE kind = 'tenant' ORDER BY name`,
  );
  return rows.map((r) => r.name);
}

/** What an unfinished load left recorded, or undefined when nothing is. */
export async function readDeferred(db: Queryable): Promise<DeferredIndexes | undefined> {
  const exists = await db.query<{ t: string | null }>(
    `SELECT to_regclass('${DEFERRED_DEFINITIONS}')::text AS t`,
  );
  if (!exists.rows[0]?.t) return undefined;
  const { rows } = await db.query<DefinitionRow>(
    `SELECT kind, table_name, name, definition, partitioned FROM ${DEFERRED_DEFINITIONS} ORDER BY kind, table_name, name`,
  );
  if (rows.length === 0) return undefined;
  const of = (kind: Kind) => rows.filter((r) => r.kind === kind);
  const saved = (r: DefinitionRow): SavedDefinition => ({
    table: r.table_name,
    name: r.name,
    definition: r.definition,
  });
  return {
    tables: of('table').map((r) => r.table_name),
    autovacuumOff: of('table')
      .filter((r) => r.definition === AUTOVACUUM_OFF)
      .map((r) => r.table_name),
    keys: of('key').map(saved),
    indexes: of('index').map(saved),
    foreignKeys: of('foreign key').map((r): SavedForeignKey => ({ ...saved(r), partitioned: r.partitioned })),
  };
}

/** Forgets the records: everything they list is back. */
export async function clearDeferred(db: Queryable): Promise<void> {
  const exists = await db.query<{ t: string | null }>(
    `SELECT to_regclass('${DEFERRED_DEFINITIONS}')::text AS t`,
  );
  if (exists.rows[0]?.t) await db.query(`DELETE FROM ${DEFERRED_DEFINITIONS}`);
}

/** `CREATE INDEX … ON ONLY parent` makes an invalid parent index without children: build them all. */
export function indexStatement(index: SavedDefinition): string {
  return index.definition.replace(/ ON ONLY /, ' ON ');
}

/**
 * Undoes a load that did not finish, in one transaction: empties the tables it was filling (they
 * were empty before it: only empty tables are deferred), then recreates every recorded key, index
 * and foreign key that is missing, removes the tenants it added, and forgets the records. On empty
 * tables each statement is instant and cannot fail on the data, so this always gives back the
 * schema the load found. Loaded rows of the tables that kept their keys reference only tables that
 * kept theirs (see deferIndexes), so they stay valid; most go with their tenant (ON DELETE CASCADE).
 * Returns whether the tenants had to stay (a kept table's RESTRICT key holds rows of theirs: they
 * stay, valid, and the schema is restored all the same).
 */
export async function undoLoad(
  db: Queryable,
  deferred: DeferredIndexes,
  tenants: readonly string[] = [],
): Promise<{ tenantsKept: boolean }> {
  let tenantsKept = false;
  await inTransaction(db, async () => {
    // A foreign key rebuilt before the load died would keep the TRUNCATE from running.
    for (const fk of deferred.foreignKeys) {
      await db.query(`ALTER TABLE ${fk.table} DROP CONSTRAINT IF EXISTS ${quoteIdent(fk.name)}`);
    }
    if (deferred.tables.length > 0) await db.query(`TRUNCATE ${deferred.tables.join(', ')}`);
    for (const key of deferred.keys) {
      if (await constraintExists(db, key)) continue;
      await db.query(`ALTER TABLE ${key.table} ADD CONSTRAINT ${quoteIdent(key.name)} ${key.definition}`);
    }
    for (const index of deferred.indexes) {
      const { rows } = await db.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [
        index.name,
      ]);
      if (!rows[0]?.t) await db.query(indexStatement(index));
    }
    for (const fk of deferred.foreignKeys) {
      await db.query(`ALTER TABLE ${fk.table} ADD CONSTRAINT ${quoteIdent(fk.name)} ${fk.definition}`);
    }
    await resumeAutovacuum(db, deferred.autovacuumOff ?? []);
    if (tenants.length > 0) {
      await db.query('SAVEPOINT load_tenants');
      try {
        await db.query('DELETE FROM identity.tenants WHERE id = ANY($1::uuid[])', [tenants]);
      } catch {
        tenantsKept = true;
        // Rows a kept table holds with ON DELETE RESTRICT: the tenants stay, the schema is restored.
        await db.query('ROLLBACK TO SAVEPOINT load_tenants');
      }
    }
    await clearDeferred(db);
  });
  return { tenantsKept };
}

async function constraintExists(db: Queryable, saved: SavedDefinition): Promise<boolean> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM pg_constraint WHERE conrelid = $1::regclass AND conname = $2',
    [saved.table, saved.name],
  );
  return (rows[0]?.n ?? 0) > 0;
}

/** What recoverInterruptedLoad put back. */
export interface RecoveredLoad {
  /** Tables emptied (the unfinished load's rows). */
  readonly tables: readonly string[];
  /** Keys, indexes and foreign keys recreated from the records. */
  readonly definitions: number;
  /** Whether the tenants it had added stay (see undoLoad). */
  readonly tenantsKept: boolean;
}

/**
 * If a load that did not finish left records and no load is running now (nobody holds the
 * database's lock, and no shard of a sharded load is alive), undoes it (undoLoad). Every command that writes to a database calls this first,
 * so a SIGKILLed load is repaired by the next command that touches the database. Returns what it
 * did, or undefined when there was nothing to do (or a load is running: it restores its own).
 */
export async function recoverInterruptedLoad(db: Queryable): Promise<RecoveredLoad | undefined> {
  const deferred = await readDeferred(db);
  if (!deferred) return undefined;
  if (!(await tryLockDatabase(db))) return undefined;
  try {
    const current = await readDeferred(db);
    if (!current) return undefined;
    // A sharded load holds the database's lock only between its steps: its live shards restore it.
    if ((await liveShards(db)) > 0) return undefined;
    const { tenantsKept } = await undoLoad(db, current, await readLoadTenants(db));
    await clearShardRun(db);
    return {
      tables: current.tables,
      definitions: current.keys.length + current.indexes.length + current.foreignKeys.length,
      tenantsKept,
    };
  } finally {
    await unlockDatabase(db);
  }
}

/** What a command says after repairing an unfinished load. */
export function repairedNote(recovered: RecoveredLoad): string {
  return `Repaired an unfinished bulk load first: emptied the ${recovered.tables.length} table(s) it was filling, ${recovered.tenantsKept ? 'kept the tenants it had added (other rows hold them)' : 'removed the tenants it had added'} and restored ${recovered.definitions} key(s), index(es) and foreign key(s).`;
}

/** A recorded key, index or foreign key that is not in the catalog now (or a foreign key not yet validated). */
export interface MissingDefinition {
  readonly kind: 'key' | 'index' | 'foreign key';
  readonly table: string;
  readonly name: string;
  readonly definition: string;
  /** Present but NOT VALID: the load died while checking it. */
  readonly unvalidated: boolean;
}

/** Compares the records of an unfinished load with the catalog: what is missing right now. */
export async function missingDefinitions(db: Queryable): Promise<MissingDefinition[]> {
  const deferred = await readDeferred(db);
  if (!deferred) return [];
  const missing: MissingDefinition[] = [];
  for (const [kind, list] of [
    ['key', deferred.keys],
    ['foreign key', deferred.foreignKeys],
  ] as const) {
    for (const saved of list) {
      const { rows } = await db.query<{ validated: boolean }>(
        'SELECT convalidated AS validated FROM pg_constraint WHERE conrelid = $1::regclass AND conname = $2',
        [saved.table, saved.name],
      );
      if (rows.length === 0 || !rows[0]!.validated) {
        missing.push({ kind, ...saved, unvalidated: rows.length > 0 });
      }
    }
  }
  for (const index of deferred.indexes) {
    const { rows } = await db.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [index.name]);
    if (!rows[0]?.t) missing.push({ kind: 'index', ...index, unvalidated: false });
  }
  return missing;
}
