import type { SeedSummary } from '../scenarios/run-scenario.js';
import type { Queryable } from '../sql/queryable.js';

/**
 * The world a seeded template holds, kept inside it (table `flatrender_seed.world`, beside the
 * marker), so every clone carries it: a test file gets the scenario's handles and credentials from
 * its own database, without seeding again, and a Go or .NET suite can read them with one SELECT.
 */
export const WORLD_TABLE = 'flatrender_seed.world';

/**
 * Rows come back from `pg` with Dates (timestamps) and Buffers (bytea); plain JSON would hand
 * them back as strings and `{type, data}`. They are tagged on the way in and revived on the way out.
 */
function replacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  if (raw instanceof Date) return { $date: raw.toISOString() };
  if (Buffer.isBuffer(raw)) return { $bytes: raw.toString('base64') };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const tagged = value as { $date?: unknown; $bytes?: unknown };
    const keys = Object.keys(value);
    if (keys.length === 1 && typeof tagged.$date === 'string') return new Date(tagged.$date);
    if (keys.length === 1 && typeof tagged.$bytes === 'string') return Buffer.from(tagged.$bytes, 'base64');
  }
  return value;
}

/** Writes (or replaces) the world record of the database `db` is connected to. */
export async function writeWorld(db: Queryable, summary: SeedSummary): Promise<void> {
  await db.query(`
    CREATE SCHEMA IF NOT EXISTS flatrender_seed;
    CREATE TABLE IF NOT EXISTS ${WORLD_TABLE} (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      scenario text NOT NULL,
      seed bigint NOT NULL,
      now timestamptz NOT NULL,
      summary jsonb NOT NULL
    );
    COMMENT ON TABLE ${WORLD_TABLE} IS 'Written by @flatrender/seed: the scenario this database was seeded with, its handles and credentials.';`);
  await db.query(
    `INSERT INTO ${WORLD_TABLE} (scenario, seed, now, summary) VALUES ($1, $2, $3, $4)
     ON CONFLICT (singleton) DO UPDATE SET scenario = EXCLUDED.scenario, seed = EXCLUDED.seed, now = EXCLUDED.now, summary = EXCLUDED.summary`,
    [summary.scenario, summary.seed, summary.now, JSON.stringify(summary, replacer)],
  );
}

/** The world record of the database, or undefined when it was not seeded from a seeded template. */
export async function readWorld<Handles = unknown>(db: Queryable): Promise<SeedSummary<Handles> | undefined> {
  // Two statements: naming a table that does not exist fails the whole statement (and a transaction).
  const { rows } = await db.query<{ exists: boolean }>(
    `SELECT to_regclass('${WORLD_TABLE}') IS NOT NULL AS exists`,
  );
  if (!rows[0]?.exists) return undefined;
  const world = await db.query<{ summary: string }>(`SELECT summary::text AS summary FROM ${WORLD_TABLE}`);
  const text = world.rows[0]?.summary;
  return text ? (JSON.parse(text, reviver) as SeedSummary<Handles>) : undefined;
}

/** The world record of a clone of a seeded template, in one round trip (the table is known to be there). */
export async function readSeededWorld<Handles = unknown>(
  db: Queryable,
): Promise<SeedSummary<Handles> | undefined> {
  const { rows } = await db.query<{ summary: string }>(`SELECT summary::text AS summary FROM ${WORLD_TABLE}`);
  const text = rows[0]?.summary;
  return text ? (JSON.parse(text, reviver) as SeedSummary<Handles>) : undefined;
}

/** Removes the world record (reset and refresh: the database no longer holds that world). */
export async function forgetWorld(db: Queryable): Promise<void> {
  await db.query(
    `DO $$ BEGIN IF to_regclass('${WORLD_TABLE}') IS NOT NULL THEN DELETE FROM ${WORLD_TABLE}; END IF; END $$`,
  );
}
