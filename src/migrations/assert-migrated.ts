import { SeedError } from '../errors.js';
import { userTables } from '../sql/catalog.js';
import type { Queryable } from '../sql/queryable.js';
import { defaultMigrationsDir, readMigrationFiles } from './migration-files.js';
import { type MigrationStatus, migrationStatus } from './migration-status.js';

/** Where a database stands, as the commands that need FlatRender's schema see it. */
export type SchemaState =
  /** No tables at all (beyond an empty `migrations` bookkeeping table): migrating it is safe. */
  | { readonly kind: 'new' }
  /** Migrated with exactly these migrations. */
  | { readonly kind: 'migrated'; readonly status: MigrationStatus }
  /** Migrated with an earlier subset of them: `seed migrate` brings it up to date. */
  | { readonly kind: 'behind'; readonly status: MigrationStatus }
  /** Anything else: another application's database, hand-made, edited or newer migrations. */
  | { readonly kind: 'foreign'; readonly error: SeedError };

export interface AssertMigratedOptions {
  /** The migrations folder the database is compared with; default the bundled one. */
  readonly migrationsDir?: string | undefined;
  /** What the caller is about to do, for the message: `seed`, `verify`, `reset`, `load`… */
  readonly action: string;
  /** The command that would migrate it, for the fix (default `seed migrate --database-url <its URL>`). */
  readonly migrateHint?: string;
}

/**
 * Reads where `db` stands against the migrations: new, migrated, behind or not FlatRender's. Every
 * query is a catalog read; nothing is changed.
 */
export async function schemaState(
  db: Queryable,
  database: string,
  migrationsDir: string | undefined,
): Promise<SchemaState> {
  const files = await readMigrationFiles(migrationsDir ?? defaultMigrationsDir);
  const tables = await userTables(db);
  const { rows } = await db.query<{ has_bookkeeping: boolean; bookkeeping: boolean }>(
    `SELECT to_regclass('public.migrations') IS NOT NULL AS has_bookkeeping,
            (SELECT count(*) = 3 FROM pg_attribute WHERE attrelid = to_regclass('public.migrations')
                AND attname IN ('id', 'name', 'hash') AND NOT attisdropped) AS bookkeeping`,
  );
  const { has_bookkeeping: hasBookkeeping, bookkeeping } = rows[0]!;
  if (hasBookkeeping && !bookkeeping) {
    return {
      kind: 'foreign',
      error: new SeedError(
        'E_NOT_FLATRENDER',
        `Database "${database}" is not a FlatRender database: its table public.migrations is not postgres-migrations' record of applied migrations.`,
        {
          fix: 'Point --database-url at a FlatRender database, or create a new one (createdb) and let the toolkit migrate it.',
        },
      ),
    };
  }
  if (!hasBookkeeping && tables.length === 0) return { kind: 'new' };
  const status = await migrationStatus(db, files);
  if (status.unmanaged) {
    return {
      kind: 'foreign',
      error: new SeedError(
        'E_UNMANAGED_DATABASE',
        `Database "${database}" has the FlatRender schemas but no record of applied migrations (table public.migrations): it was set up outside this toolkit, e.g. with psql -f.`,
        {
          fix: 'Use a database the toolkit migrated: create a new one (createdb) and run seed migrate on it.',
        },
      ),
    };
  }
  if (!hasBookkeeping) {
    const listed =
      tables.slice(0, 5).join(', ') + (tables.length > 5 ? `, and ${tables.length - 5} more` : '');
    return {
      kind: 'foreign',
      error: new SeedError(
        'E_NOT_FLATRENDER',
        `Database "${database}" is not a FlatRender database: it holds other tables (${listed}) and no record of FlatRender's migrations (table public.migrations).`,
        {
          fix: 'Point --database-url at a FlatRender database, or create a new, empty one (createdb) for the toolkit.',
        },
      ),
    };
  }
  const differences = [
    ...status.changed.map((f) => `edited since applied: ${f.fileName}`),
    ...status.reordered.map((r) => `applied ${r.appliedName} where the toolkit has ${r.file.fileName}`),
    ...status.unknown.map((u) => `applied but unknown to this toolkit: ${u.name}`),
  ];
  // A first migration that failed leaves postgres-migrations' own table and nothing else.
  if (differences.length === 0 && status.applied.length === 0 && tables.length === 0) return { kind: 'new' };
  if (differences.length > 0 || status.applied.length === 0) {
    const pending = status.pending.map((f) => `not applied: ${f.fileName}`);
    return {
      kind: 'foreign',
      error: new SeedError(
        'E_MIGRATIONS_DIFFER',
        `Database "${database}" was not migrated with these FlatRender migrations (${[...differences, ...pending].join('; ')}).`,
        {
          fix:
            status.applied.length === 0
              ? 'Point --database-url at a FlatRender database, or create a new, empty one for the toolkit.'
              : 'Use the toolkit version (or --migrations folder) that migrated this database, or recreate the database.',
        },
      ),
    };
  }
  return status.pending.length > 0 ? { kind: 'behind', status } : { kind: 'migrated', status };
}

/**
 * Refuses, before anything is changed, a database that is not migrated with FlatRender's migrations:
 * a new one, one behind (the fix is `seed migrate`), or one that is not FlatRender's at all. Without
 * this check such a database failed deep inside a scenario or a check with "relation does not exist"
 * and an internal-error exit code.
 *
 * @example
 * await assertMigrated(client, 'demo', { action: 'reset' });
 */
export async function assertMigrated(
  db: Queryable,
  database: string,
  options: AssertMigratedOptions,
): Promise<MigrationStatus> {
  const state = await schemaState(db, database, options.migrationsDir);
  const migrate = options.migrateHint ?? 'seed migrate --database-url <its URL>';
  switch (state.kind) {
    case 'migrated':
      return state.status;
    case 'foreign':
      throw state.error;
    case 'new':
      throw new SeedError(
        'E_NOT_MIGRATED',
        `Cannot ${options.action} database "${database}": it is empty (no FlatRender tables); it was never migrated. Nothing was changed.`,
        { fix: `Migrate it first: ${migrate}` },
      );
    case 'behind': {
      const names = state.status.pending.map((f) => f.fileName);
      throw new SeedError(
        'E_NOT_MIGRATED',
        `Cannot ${options.action} database "${database}": ${names.length} migration(s) are not applied (not applied: ${names.join(', ')}). Nothing was changed.`,
        { fix: `Apply them first: ${migrate}` },
      );
    }
  }
}
