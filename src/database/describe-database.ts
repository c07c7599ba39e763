import { readMarker } from '../migrations/marker.js';
import { serviceTables } from '../sql/catalog.js';
import type { Queryable } from '../sql/queryable.js';

/** Counted up to this many rows per table: a description must not scan a big table. */
const COUNT_CAP = 100_000;

/** What a database holds, in one line for a person deciding whether to destroy it. */
export interface DatabaseContents {
  /** e.g. `marked by seed migrate (migrated-from-empty) on 2026-01-02` or `no toolkit marker`. */
  readonly marker: string;
  /** Tables of the six service schemas with rows, biggest first. */
  readonly tables: readonly { readonly name: string; readonly rows: number; readonly capped: boolean }[];
  /** `1,234 rows in 12 FlatRender tables (identity.users 20, …)`. */
  readonly summary: string;
}

/**
 * Describes what `db` holds: its toolkit marker and the rows of its FlatRender tables (each counted
 * up to 100,000, so describing a loaded database stays fast). Read-only.
 *
 * @example
 * const { summary } = await describeDatabase(client); // "317 rows in 28 FlatRender tables (…)"
 */
export async function describeDatabase(db: Queryable): Promise<DatabaseContents> {
  const marker = await readMarker(db).catch(() => undefined);
  const tables = (await serviceTables(db)).sort();
  let counted: { name: string; n: number }[] = [];
  if (tables.length > 0) {
    const probes = tables.map(
      (name) =>
        `SELECT '${name.replaceAll("'", "''")}' AS name, (SELECT count(*)::int FROM (SELECT 1 FROM ${name} LIMIT ${COUNT_CAP + 1}) s) AS n`,
    );
    counted = (await db.query<{ name: string; n: number }>(probes.join(' UNION ALL '))).rows;
  }
  const filled = counted
    .filter((t) => t.n > 0)
    .map((t) => ({ name: t.name, rows: Math.min(t.n, COUNT_CAP), capped: t.n > COUNT_CAP }))
    .sort((a, b) => b.rows - a.rows || a.name.localeCompare(b.name));
  const total = filled.reduce((sum, t) => sum + t.rows, 0);
  const capped = filled.some((t) => t.capped);
  const top = filled
    .slice(0, 4)
    .map((t) => `${t.name} ${t.capped ? 'over ' : ''}${t.rows.toLocaleString('en-US')}`)
    .join(', ');
  const summary =
    tables.length === 0
      ? 'no FlatRender tables'
      : filled.length === 0
        ? `no rows in its ${tables.length} FlatRender tables`
        : `${capped ? 'over ' : ''}${total.toLocaleString('en-US')} rows in ${filled.length} FlatRender table(s) (${top}${filled.length > 4 ? ', …' : ''})`;
  return {
    marker: marker
      ? `marked by ${marker.origin === 'seed mark' ? 'seed mark --yes' : 'the toolkit when it migrated it from empty'} on ${marker.markedAt.toISOString().slice(0, 10)}`
      : 'no toolkit marker',
    tables: filled,
    summary,
  };
}
