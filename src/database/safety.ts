import { SeedError } from '../errors.js';
import { readMarker } from '../migrations/marker.js';
import { SERVICE_SCHEMAS } from '../schema/schema-info.js';
import type { Queryable } from '../sql/queryable.js';

const DEFAULT_TENANT_ID = '00000000-0000-0000-0000-000000000001';

/** Tables of the six service schemas holding rows the migrations did not insert (all but the default tenant). */
export async function tablesWithData(db: Queryable): Promise<string[]> {
  const { rows: tables } = await db.query<{ name: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1`,
    [[...SERVICE_SCHEMAS]],
  );
  if (tables.length === 0) return [];
  const probes = tables.map(
    ({ name }) =>
      `SELECT '${name}' AS name WHERE EXISTS (SELECT 1 FROM ${name}${
        name === 'identity.tenants' ? ` WHERE id <> '${DEFAULT_TENANT_ID}'` : ''
      })`,
  );
  const { rows } = await db.query<{ name: string }>(probes.join(' UNION ALL '));
  return rows.map((r) => r.name);
}

/**
 * Refuses a destructive command (reset, refresh) on a database the toolkit did not create and
 * nobody marked: such a database may be someone's real data.
 */
export async function assertMayDestroy(db: Queryable, database: string, action: string): Promise<void> {
  if (await readMarker(db)) return;
  throw new SeedError(
    'E_NOT_MARKED',
    `Refusing to ${action} database "${database}": it was not created by @flatrender/seed and carries no toolkit marker (table flatrender_seed.marker). Nothing was changed.`,
    { fix: `If its data may be thrown away, mark it once: seed mark --database-url <its URL> --yes` },
  );
}

/** Seeding adds rows; into an unmarked database that already holds data it could mix with real rows. */
export async function assertMaySeed(db: Queryable, database: string): Promise<void> {
  if (await readMarker(db)) return;
  const tables = await tablesWithData(db);
  if (tables.length === 0) return;
  throw new SeedError(
    'E_NOT_MARKED',
    `Refusing to seed database "${database}": it holds data beyond what the migrations insert (in ${tables.slice(0, 5).join(', ')}${
      tables.length > 5 ? `, and ${tables.length - 5} more tables` : ''
    }) and carries no toolkit marker. Nothing was changed.`,
    {
      fix: 'Seed a new, empty database instead (createdb, then pass its URL: the toolkit migrates it), or mark this one if its data may go: seed mark --database-url <its URL> --yes',
    },
  );
}
