import { DEFAULT_TENANT_ID } from '../domain/tenancy.js';
import { SeedError } from '../errors.js';
import { readMarker } from '../migrations/marker.js';
import { serviceTables } from '../sql/catalog.js';
import type { Queryable } from '../sql/queryable.js';

/** Tables of the six service schemas holding rows the migrations did not insert (all but the default tenant). */
export async function tablesWithData(db: Queryable): Promise<string[]> {
  const tables = (await serviceTables(db)).sort();
  if (tables.length === 0) return [];
  const probes = tables.map(
    (name) =>
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
