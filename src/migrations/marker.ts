import type { Queryable } from '../sql/queryable.js';

/**
 * The toolkit's marker: a one-row table in its own schema. A database carries it when the toolkit
 * migrated it from empty (templates, clones and `seed migrate` on a new database) or when a person
 * said so with `seed mark --yes`. Destructive commands require it. Clones inherit it from the
 * template, so every test database is marked for free.
 */
export const MARKER_TABLE = 'flatrender_seed.marker';

export type MarkOrigin = 'migrated-from-empty' | 'seed mark';

export interface Marker {
  readonly origin: MarkOrigin;
  readonly markedAt: Date;
}

export async function readMarker(db: Queryable): Promise<Marker | undefined> {
  const { rows } = await db.query<{ exists: boolean }>(
    `SELECT to_regclass('${MARKER_TABLE}') IS NOT NULL AS exists`,
  );
  if (!rows[0]?.exists) return undefined;
  const marker = await db.query<{ origin: MarkOrigin; marked_at: Date }>(
    `SELECT origin, marked_at FROM ${MARKER_TABLE}`,
  );
  const row = marker.rows[0];
  return row ? { origin: row.origin, markedAt: row.marked_at } : undefined;
}

/** Marks a database (idempotent: an existing marker keeps its origin). */
export async function writeMarker(db: Queryable, origin: MarkOrigin): Promise<void> {
  await db.query(`
    CREATE SCHEMA IF NOT EXISTS flatrender_seed;
    CREATE TABLE IF NOT EXISTS ${MARKER_TABLE} (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      origin text NOT NULL,
      marked_at timestamptz NOT NULL DEFAULT now()
    );
    COMMENT ON TABLE ${MARKER_TABLE} IS 'Written by @flatrender/seed: this database may be reset and reseeded by the toolkit.';`);
  await db.query(`INSERT INTO ${MARKER_TABLE} (origin) VALUES ($1) ON CONFLICT (singleton) DO NOTHING`, [
    origin,
  ]);
}
