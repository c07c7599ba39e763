import type pg from 'pg';
import { SeedError } from '../errors.js';
import { defaultMigrationsDir, readMigrationFiles } from '../migrations/migration-files.js';
import { migrationStatus } from '../migrations/migration-status.js';
import { type RunScenarioOptions, runScenario, type SeedSummary } from '../scenarios/run-scenario.js';
import { SERVICE_SCHEMAS } from '../schema/introspect.js';
import { databaseOf } from './database-url.js';
import { assertMayDestroy } from './safety.js';

const DEFAULT_TENANT_ID = '00000000-0000-0000-0000-000000000001';

export interface RefreshOptions extends RunScenarioOptions {
  readonly migrationsDir?: string;
}

/**
 * Replaces a demo database's data with a freshly seeded scenario, atomically: the old rows are
 * DELETEd (not TRUNCATEd, whose exclusive lock would block readers) and the new ones inserted in
 * one transaction, so readers keep seeing the old data until COMMIT, and a failure or a killed
 * process (the server rolls back when the connection drops) leaves the old data intact.
 *
 * @param client a dedicated connection (the whole refresh is one transaction on it).
 */
export async function refreshDatabase(
  client: pg.Client,
  url: string,
  scenario: string,
  options: RefreshOptions = {},
): Promise<SeedSummary> {
  const database = databaseOf(url);
  await client.query('BEGIN');
  try {
    await assertMayDestroy(client, database, 'refresh');
    await assertMigrationsMatch(client, database, options.migrationsDir);
    await deleteAllRows(client);
    const summary = await runScenario(client, scenario, options);
    await client.query('COMMIT');
    return summary;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

async function assertMigrationsMatch(
  client: pg.Client,
  database: string,
  dir: string | undefined,
): Promise<void> {
  const status = await migrationStatus(client, await readMigrationFiles(dir ?? defaultMigrationsDir));
  const differences = [
    ...status.pending.map((f) => `not applied: ${f.fileName}`),
    ...status.changed.map((f) => `edited since applied: ${f.fileName}`),
    ...status.reordered.map((r) => `applied ${r.appliedName} where the toolkit has ${r.file.fileName}`),
    ...status.unknown.map((u) => `applied but unknown to this toolkit: ${u.name}`),
  ];
  if (differences.length === 0) return;
  throw new SeedError(
    'E_MIGRATIONS_DIFFER',
    `Database "${database}" is not at the toolkit's migrations (${differences.join('; ')}). Nothing was changed.`,
    {
      fix:
        status.changed.length || status.reordered.length || status.unknown.length
          ? 'Use the toolkit version that migrated this database, or recreate the database.'
          : 'Run seed refresh with --migrate to apply the missing migrations first (or seed migrate).',
    },
  );
}

/** DELETE every row but the default tenant, children before parents, and restart identity sequences. */
async function deleteAllRows(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ name: string; parents: string[] }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name,
            coalesce(array_agg(DISTINCT format('%I.%I', pn.nspname, p.relname)) FILTER (WHERE p.oid IS NOT NULL AND p.oid <> c.oid), '{}') AS parents
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_constraint k ON k.conrelid = c.oid AND k.contype = 'f'
       LEFT JOIN pg_class p ON p.oid = k.confrelid LEFT JOIN pg_namespace pn ON pn.oid = p.relnamespace
      WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      GROUP BY 1`,
    [[...SERVICE_SCHEMAS]],
  );
  for (const table of childrenFirst(rows)) {
    await client.query(
      table === 'identity.tenants'
        ? `DELETE FROM identity.tenants WHERE id <> '${DEFAULT_TENANT_ID}'`
        : `DELETE FROM ${table}`,
    );
  }
  const { rows: sequences } = await client.query<{ sequence: string }>(
    `SELECT pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) AS sequence
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ANY($1) AND a.attidentity <> '' AND c.relkind IN ('r', 'p') AND NOT c.relispartition`,
    [[...SERVICE_SCHEMAS]],
  );
  for (const { sequence } of sequences) await client.query(`ALTER SEQUENCE ${sequence} RESTART`);
}

/** Orders tables so that every table comes before the tables it references. */
function childrenFirst(tables: readonly { name: string; parents: string[] }[]): string[] {
  const referencedBy = new Map<string, Set<string>>(tables.map((t) => [t.name, new Set()]));
  for (const t of tables) for (const p of t.parents) referencedBy.get(p)?.add(t.name);
  const order: string[] = [];
  const done = new Set<string>();
  const visit = (name: string) => {
    if (done.has(name)) return;
    done.add(name);
    for (const child of referencedBy.get(name) ?? []) visit(child);
    order.push(name);
  };
  for (const t of tables) visit(t.name);
  return order;
}
