import { createHash } from 'node:crypto';
import pg from 'pg';
import { midnightUtc } from '../config/parse-inputs.js';
import { adminPool } from '../database/test-database.js';
import { messageOf, SeedError } from '../errors.js';
import { assertCanCreateDatabases, TOOLKIT_COMMENT } from '../migrations/template-database.js';
import { scenarios } from '../scenarios/registry.js';
import { runScenario, type SeedSummary } from '../scenarios/run-scenario.js';
import type { Progress, Scenario } from '../scenarios/scenario.js';
import { connect } from '../sql/connect.js';
import { withDatabase } from '../sql/database-url.js';
import { quoteIdent } from '../sql/identifiers.js';
import { inTransaction } from '../sql/transaction.js';
import { scenarioDigest } from './scenario-digest.js';
import { writeWorld } from './world-record.js';

/** Bumped when what a seeded template holds changes beyond the scenario (e.g. the world record). */
export const WORLD_FORMAT = 1;

const TEMPLATE_PREFIX = 'flatrender_tpl_';
/** How a seeded template's comment starts; the rest is JSON saying which world it holds. */
export const WORLD_COMMENT = `${TOOLKIT_COMMENT}: world `;

/** Which world a seeded template holds, as its comment records it. */
export interface WorldLabel {
  readonly scenario: string;
  /** `built-in`, or the file of a service repository's scenario. */
  readonly origin: string;
  readonly seed: number;
  readonly now: string;
}

export interface SeededTemplateOptions {
  /** The migrated template it is built on (ensureTemplate().name, ReadyServer.template). */
  readonly base: string;
  readonly scenario: Scenario;
  /** Default 1. */
  readonly seed?: number;
  /** The reference time; default midnight UTC today (so the template is rebuilt once a day). */
  readonly now?: Date | string;
  /** A line for a person, e.g. that a world is being seeded. */
  readonly log?: (line: string) => void;
  readonly progress?: Progress;
  /** The toolkit's data root (dataRoot(config.dataDir)): scenario digests are remembered there (see scenarioDigest). */
  readonly dataRoot?: string | undefined;
}

export interface SeededTemplate {
  /** `flatrender_tpl_<16 hex>`, like the migrated template: `seed clean` knows both. */
  readonly name: string;
  /** True when this call seeded it. */
  readonly created: boolean;
  readonly seed: number;
  /** ISO-8601. */
  readonly now: string;
  /** What the scenario made, when this call seeded it (otherwise read it from a clone: readWorld). */
  readonly summary?: SeedSummary;
}

/**
 * The name of the seeded template of a world: a hash of the migrated template's name (itself a hash
 * of the migrations, the server version and the toolkit version), the scenario's name and the digest
 * of its code and everything that code imports (scenarioDigest), the seed and the reference time.
 * Anything that changes what the world holds changes the name, so a stale world is never served.
 */
export async function seededTemplateName(
  base: string,
  scenario: Scenario,
  seed: number,
  now: string,
  options: { readonly dataRoot?: string | undefined } = {},
): Promise<string> {
  const digest = await scenarioDigest(scenario, options);
  return (
    TEMPLATE_PREFIX +
    createHash('sha256')
      .update(['world', WORLD_FORMAT, base, scenario.name, digest, seed, now].join('|'))
      .digest('hex')
      .slice(0, 16)
  );
}

/** `--now`'s default for worlds, as for every scenario: midnight UTC today. */
export function defaultWorldNow(): string {
  return midnightUtc(new Date());
}

/**
 * Makes sure the server holds the seeded template of a world and returns its name: a clone of the
 * migrated template, seeded with the scenario in one transaction (with the world record that
 * clones read their handles and credentials from), then marked `IS_TEMPLATE … ALLOW_CONNECTIONS
 * false`, only after all of that succeeded. Many processes may ask at once: one builds under an
 * advisory lock, the others wait and find it made; a half-built one (its builder died) is never a
 * template, and the next caller drops and rebuilds it. API keys derive from the seed, as in tests.
 *
 * @example
 * const { name } = await ensureSeededTemplate(server.adminUrl, { base: server.template, scenario: scenarios.reseller });
 * await admin.query(`CREATE DATABASE mine TEMPLATE ${name}`);
 */
export async function ensureSeededTemplate(
  adminUrl: string,
  options: SeededTemplateOptions,
): Promise<SeededTemplate> {
  const seed = options.seed ?? 1;
  const now = new Date(options.now ?? defaultWorldNow()).toISOString();
  const name = await seededTemplateName(options.base, options.scenario, seed, now, options);
  const admin = adminPool(adminUrl);
  const isReady = async (db: pg.Pool | pg.PoolClient) =>
    (await db.query('SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate', [name])).rowCount === 1;
  if (await isReady(admin)) return { name, created: false, seed, now };

  const client = await admin.connect();
  try {
    await assertCanCreateDatabases(client as never, adminUrl);
    await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [name]);
    try {
      if (await isReady(client)) return { name, created: false, seed, now };
      // A leftover of a builder that died: never marked as a template, safe to rebuild.
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      await client.query(
        `CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(options.base)} STRATEGY FILE_COPY`,
      );
      const label: WorldLabel = {
        scenario: options.scenario.name,
        origin: originOf(options.scenario),
        seed,
        now,
      };
      await client.query(
        `COMMENT ON DATABASE ${quoteIdent(name)} IS ${pg.escapeLiteral(WORLD_COMMENT + JSON.stringify(label))}`,
      );
      options.log?.(
        `Seeding world "${options.scenario.name}" (seed ${seed}, now ${now}) into template ${name}…`,
      );
      const summary = await seedInto(withDatabase(adminUrl, name), options, seed, now);
      await client.query(`ALTER DATABASE ${quoteIdent(name)} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
      return { name, created: true, seed, now, summary };
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [name]).catch(() => {});
    }
  } finally {
    client.release();
  }
}

/** The scenario, its world record and a VACUUM, on the new database's own connection. */
async function seedInto(url: string, options: SeededTemplateOptions, seed: number, now: string) {
  const db = await connect(url, { application: 'flatrender-seed world' });
  try {
    let summary: SeedSummary;
    try {
      summary = await inTransaction(db, async () => {
        const seeded = await runScenario(db, options.scenario, { seed, now, progress: options.progress });
        await writeWorld(db, seeded);
        return seeded;
      });
    } catch (error) {
      throw new SeedError(
        'E_WORLD_FAILED',
        `Scenario "${options.scenario.name}" (seed ${seed}, now ${now}) failed while its seeded template was built: ${messageOf(error)}`,
        {
          fix: 'Fix the scenario (the error above names the table and values); the half-built template is dropped by the next run.',
          cause: error,
        },
      );
    }
    // Frozen and analysed once here, not in every clone: hint bits set, plans from real statistics.
    await db.query('VACUUM (FREEZE, ANALYZE)');
    return summary;
  } finally {
    await db.end().catch(() => {});
  }
}

/** `built-in` for the toolkit's own scenarios (by identity, or by name and file), else its file. */
export function originOf(scenario: Scenario): string {
  const builtIn = (scenarios as Record<string, Scenario>)[scenario.name];
  if (builtIn && (builtIn === scenario || builtIn.module === scenario.module)) return 'built-in';
  return scenario.module ?? 'unknown';
}

/** The world a seeded template holds, read from its comment; undefined for any other database. */
export function worldLabelOf(comment: string | null): WorldLabel | undefined {
  if (!comment?.startsWith(WORLD_COMMENT)) return undefined;
  try {
    return JSON.parse(comment.slice(WORLD_COMMENT.length)) as WorldLabel;
  } catch {
    return undefined;
  }
}
