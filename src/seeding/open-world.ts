import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../database/test-database.js';
import { SeedError } from '../errors.js';
import { findScenario, type SeedSummary } from '../scenarios/run-scenario.js';
import type { Progress, Scenario } from '../scenarios/scenario.js';
import { ensureSeededTemplate } from './seeded-template.js';
import { readSeededWorld } from './world-record.js';

export interface OpenWorldOptions<Handles = unknown> {
  /** URL of the server's maintenance database (ReadyServer.adminUrl, the vitest provided context). */
  readonly adminUrl: string;
  /** The migrated template (ReadyServer.template). */
  readonly template: string;
  /** A built-in scenario's name, or a scenario object (defineScenario). */
  readonly scenario: string | Scenario<Handles>;
  /** Default 1. */
  readonly seed?: number;
  /** Default midnight UTC today: the world's template is then rebuilt once a day. Pin it for stable data. */
  readonly now?: Date | string;
  /** Claim a spare clone of the seeded template first (where something keeps them; see createTestDatabase). */
  readonly spares?: boolean;
  /** Start of the clone's name (createTestDatabase's `prefix`). */
  readonly prefix?: string;
  /** An exact name for the clone (e.g. `flatrender` for `seed --scenario`). */
  readonly name?: string;
  readonly log?: (line: string) => void;
  readonly progress?: Progress;
  /** The toolkit's data root, where scenario digests are remembered (SeededTemplateOptions.dataRoot). */
  readonly dataRoot?: string | undefined;
}

/** A database of one's own holding a seeded world, with a pool on it and the world's handles. */
export interface OpenedWorld<Handles = unknown> extends AsyncDisposable {
  readonly database: TestDatabase;
  /** A pool on the database (5 connections); drop() and keep() end it. */
  readonly pool: pg.Pool;
  /** The seeded template it was cloned from (clone it yourself: CREATE DATABASE x TEMPLATE <it>). */
  readonly template: string;
  /** What the scenario made, as runScenario returns it (read from the clone: nothing is seeded again). */
  readonly world: SeedSummary<Handles>;
  /** True when this call seeded the template (the first caller of a run, or after an edit). */
  readonly created: boolean;
  /** Ends the pool and drops the database. */
  drop(): Promise<void>;
  /** Ends the pool and leaves the database for inspection; returns its URL. */
  keep(): Promise<string>;
}

/**
 * A seeded world for the price of a clone: makes sure the server holds the seeded template of
 * (scenario, seed, now) — seeding it once, under a lock, if no one has — then clones it (or claims
 * a spare clone: a rename) into a database of the caller's own. The vitest fixture, `seed
 * --scenario`, `seed up --scenario` and plain scripts all get their world through this function.
 *
 * @example
 * await using server = await startReadyServer();
 * await using world = await openWorld({ ...server, scenario: 'reseller', now: '2026-06-01T00:00:00Z' });
 * const [key] = world.world.credentials.apiKeys; // fr_test_…, valid against world.database.url
 */
export async function openWorld<Handles = unknown>(
  options: OpenWorldOptions<Handles>,
): Promise<OpenedWorld<Handles>> {
  const scenario = (
    typeof options.scenario === 'string' ? findScenario(options.scenario) : options.scenario
  ) as Scenario<Handles>;
  const seeded = await ensureSeededTemplate(options.adminUrl, {
    base: options.template,
    scenario: scenario as Scenario,
    seed: options.seed,
    now: options.now,
    log: options.log,
    progress: options.progress,
    dataRoot: options.dataRoot,
  });
  const database = await createTestDatabase({
    adminUrl: options.adminUrl,
    template: seeded.name,
    spares: options.spares,
    prefix: options.prefix,
    name: options.name,
  });
  const pool = new pg.Pool({ connectionString: database.url, max: 5 });
  pool.on('error', () => {});
  let world: SeedSummary<Handles> | undefined;
  try {
    world = (seeded.summary as SeedSummary<Handles> | undefined) ?? (await readSeededWorld<Handles>(pool));
  } catch (error) {
    await pool.end().catch(() => {});
    await database.drop().catch(() => {});
    throw error;
  }
  if (!world) {
    await pool.end().catch(() => {});
    await database.drop().catch(() => {});
    throw new SeedError(
      'E_NO_WORLD',
      `Template ${seeded.name} holds no world record (table flatrender_seed.world): it was not built by this toolkit's openWorld.`,
      { fix: `Drop it (seed clean --database-url <the server>) and run again: it is rebuilt.` },
    );
  }
  const end = () => pool.end().catch(() => {});
  return {
    database,
    pool,
    template: seeded.name,
    world,
    created: seeded.created,
    drop: async () => {
      await end();
      await database.drop();
    },
    keep: async () => {
      await end();
      return database.keep();
    },
    [Symbol.asyncDispose]: async () => {
      await end();
      await database.drop();
    },
  };
}
