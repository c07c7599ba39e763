import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { messageOf, SeedError } from '../errors.js';
import { redact, withDatabase } from '../sql/database-url.js';
import { quoteIdent } from '../sql/identifiers.js';
import { askForSpares, claimSpare } from './spare-clones.js';

export interface CreateTestDatabaseOptions {
  /** URL of the server's maintenance database (StartedServer.adminUrl). */
  readonly adminUrl: string;
  /** The template to clone (ensureTemplate().name). */
  readonly template: string;
  /** Start of the clone's name, e.g. the test file's; kept to letters, digits and `_`. Default `ft`. */
  readonly prefix?: string;
  /** An exact name instead of `<prefix>_<time>_<random>` (e.g. `flatrender` for `seed up`). */
  readonly name?: string;
  /**
   * Take a spare clone made ahead of time, if one is left (a rename: about a millisecond),
   * before cloning. Only where something keeps spares of this template (stockSpares; the vitest
   * global setup does for servers it starts). Default false.
   */
  readonly spares?: boolean;
}

/**
 * A database cloned from the template for one test file, worker or test. `drop()` removes it;
 * `keep()` leaves it for inspection and returns its URL (for a failed test).
 */
export interface TestDatabase extends AsyncDisposable {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
  keep(): string;
}

// One small admin pool per server and process: a clone is one statement, a new connection per
// clone would double its cost.
const adminPools = new Map<string, pg.Pool>();

/**
 * The process's shared pool on a server's maintenance database (closed by closeAdminConnections;
 * idle connections close by themselves after a second).
 */
export function adminPool(adminUrl: string): pg.Pool {
  let pool = adminPools.get(adminUrl);
  if (!pool) {
    pool = new pg.Pool({
      connectionString: adminUrl,
      max: 4,
      allowExitOnIdle: true,
      idleTimeoutMillis: 1000,
    });
    pool.on('error', () => {});
    adminPools.set(adminUrl, pool);
  }
  return pool;
}

/**
 * Clones the template into a new database (`CREATE DATABASE … TEMPLATE … STRATEGY FILE_COPY`: a
 * file copy, milliseconds on a RAM disk) and returns it. With `spares: true`, renames a spare
 * clone of the template instead when one is left (see spare-clones.ts).
 *
 * @example
 * await using db = await createTestDatabase({ adminUrl, template });
 * const client = new pg.Client(db.url);
 */
export async function createTestDatabase(options: CreateTestDatabaseOptions): Promise<TestDatabase> {
  const prefix = (options.prefix ?? 'ft')
    .replace(/[^a-zA-Z0-9_]+/g, '_')
    .slice(0, 30)
    .toLowerCase();
  const name = options.name ?? `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = adminPool(options.adminUrl);
  // Whatever goes wrong with a claim, the clone below either works or says what is wrong.
  const claimed = options.spares ? await claimSpare(admin, options.template, name).catch(() => false) : false;
  if (!claimed) await cloneTemplate(admin, options, name);
  // None left, or none kept yet for this template (a seeded one the stock has not heard of): ask.
  if (options.spares && !claimed) await askForSpares(admin, options.template).catch(() => {});
  const url = withDatabase(options.adminUrl, name);
  let settled = false;
  const drop = async () => {
    if (settled) return;
    settled = true;
    await dropDatabase(admin, name);
  };
  return {
    name,
    url,
    drop,
    keep() {
      settled = true;
      return url;
    },
    [Symbol.asyncDispose]: drop,
  };
}

async function cloneTemplate(admin: pg.Pool, options: CreateTestDatabaseOptions, name: string) {
  try {
    await admin.query(
      `CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(options.template)} STRATEGY FILE_COPY`,
    );
  } catch (error) {
    const missing = (error as { code?: string }).code === '3D000';
    throw new SeedError(
      missing ? 'E_NO_TEMPLATE' : 'E_CLONE',
      `Could not clone template "${options.template}" into "${name}" on ${redact(options.adminUrl)}: ${messageOf(error)}.`,
      {
        fix: missing
          ? 'Call ensureTemplate() first (the vitest global setup does), or check that the server was not restarted without its data.'
          : 'Check the server log; the template must have no open connections.',
        cause: error,
      },
    );
  }
}

async function dropDatabase(admin: pg.Pool, name: string): Promise<void> {
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`);
  } catch (error) {
    // Someone still holds a connection (a pool not yet closed): cut it, the database is ours.
    if ((error as { code?: string }).code !== '55006') throw error;
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  }
}

/** Closes the admin connections kept for cloning (idle ones also close by themselves after 1 s). */
export async function closeAdminConnections(): Promise<void> {
  const pools = [...adminPools.values()];
  adminPools.clear();
  await Promise.all(pools.map((pool) => pool.end().catch(() => {})));
}

/** Closes the admin connections kept for one server (one about to stop). */
export async function closeAdminPool(adminUrl: string): Promise<void> {
  const pool = adminPools.get(adminUrl);
  adminPools.delete(adminUrl);
  await pool?.end().catch(() => {});
}
