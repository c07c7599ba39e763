import type { Queryable } from '../sql/queryable.js';
import type { MigrationFile } from './migration-files.js';

/** Where a database stands against a migrations folder. */
export interface MigrationStatus {
  /** Files already applied with the same text. */
  readonly applied: readonly MigrationFile[];
  /** Files not applied yet, in run order. */
  readonly pending: readonly MigrationFile[];
  /** Applied files whose text changed since (the database was built from the old text). */
  readonly changed: readonly MigrationFile[];
  /** Positions whose applied migration is now a different file: the folder's order changed. */
  readonly reordered: readonly { readonly file: MigrationFile; readonly appliedName: string }[];
  /** Migrations the database applied that the folder does not have (a newer toolkit applied them). */
  readonly unknown: readonly { readonly position: number; readonly name: string }[];
  /** The FlatRender schemas exist but no migrations were recorded: set up by hand (psql -f). */
  readonly unmanaged: boolean;
}

interface AppliedRow {
  id: number;
  name: string;
  hash: string;
}

/** Compares the `migrations` bookkeeping table of a database with a migrations folder. */
export async function migrationStatus(
  db: Queryable,
  files: readonly MigrationFile[],
): Promise<MigrationStatus> {
  const table = await db.query<{ exists: boolean; identity: boolean }>(
    `SELECT to_regclass('public.migrations') IS NOT NULL AS exists,
            to_regnamespace('identity') IS NOT NULL AS identity`,
  );
  const { exists, identity } = table.rows[0]!;
  if (!exists) {
    return { applied: [], pending: files, changed: [], reordered: [], unknown: [], unmanaged: identity };
  }
  const { rows } = await db.query<AppliedRow>(
    'SELECT id, name, hash FROM public.migrations WHERE id > 0 ORDER BY id',
  );
  const byPosition = new Map(rows.map((row) => [row.id, row]));
  const applied: MigrationFile[] = [];
  const pending: MigrationFile[] = [];
  const changed: MigrationFile[] = [];
  const reordered: { file: MigrationFile; appliedName: string }[] = [];
  for (const file of files) {
    const row = byPosition.get(file.position);
    if (!row) pending.push(file);
    else if (`${row.name}.sql` !== file.fileName) reordered.push({ file, appliedName: `${row.name}.sql` });
    else if (row.hash !== file.hash) changed.push(file);
    else applied.push(file);
  }
  const unknown = rows
    .filter((row) => row.id > files.length)
    .map((row) => ({ position: row.id, name: `${row.name}.sql` }));
  return { applied, pending, changed, reordered, unknown, unmanaged: false };
}
