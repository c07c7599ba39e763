import { createHash } from 'node:crypto';
import pg from 'pg';
import { test as base, inject } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../database/test-database.js';
import { DEFAULT_NOW } from '../domain/tenancy.js';
import { SeedError } from '../errors.js';
import { createFactories, type Factories } from '../factories/index.js';
import type { scenarios } from '../scenarios/registry.js';
import type { SeedSummary } from '../scenarios/run-scenario.js';
import type { Scenario } from '../scenarios/scenario.js';
import { openWorld } from '../seeding/open-world.js';
import { defaultWorldNow } from '../seeding/seeded-template.js';
import { roleUrl } from '../server/service-roles.js';
import { redact } from '../sql/database-url.js';
import type { Queryable } from '../sql/queryable.js';
import { PROVIDE_KEY, type SeedConnectionInfo } from './provided-context.js';

export type { SeedConnectionInfo } from './provided-context.js';

/** The `db` fixture: a database of the test's own, cloned from the migrated (or seeded) template. */
export interface SeedDb extends Queryable {
  /** Connection URL of this database (give it to the code under test). */
  readonly url: string;
  readonly name: string;
  /** A pool on this database; in `transaction` mode, queries through it are outside the test's transaction. */
  readonly pool: pg.Pool;
  /** The connection COPY uses for `createList` at scale: the pool, or the test's transaction. */
  readonly copyVia: pg.Pool | pg.PoolClient;
  /**
   * This database's URL as a service role (`identity_svc`…), with the password the server was
   * given at start: test what a service may and may not do.
   *
   * @example
   * const client = new pg.Client(db.roleUrl('render_svc'));
   */
  roleUrl(role: string): string;
}

/** The handles a built-in scenario's `run` returns, by its name. */
type BuiltInHandles = {
  [K in keyof typeof scenarios]: (typeof scenarios)[K] extends Scenario<infer H> ? H : never;
};

/** The `world` fixture's type for a `scenario` option: a built-in name or a scenario object. */
export type WorldOf<S> =
  S extends Scenario<infer H>
    ? SeedSummary<H>
    : S extends keyof BuiltInHandles
      ? SeedSummary<BuiltInHandles[S]>
      : undefined;

export interface SeedTestOptions<S extends keyof BuiltInHandles | Scenario | undefined = undefined> {
  /** `file` (default): one database per test file, shared by its tests. `test`: one per test. */
  readonly isolation?: 'file' | 'test';
  /** Run each test inside a transaction that is rolled back after it (`db.query` and `f` use it). */
  readonly transaction?: boolean;
  /**
   * A world to start from: a built-in scenario's name (`'reseller'`) or a scenario of yours
   * (defineScenario). It is seeded once per server into a seeded template, and every database is a
   * clone of it; `world` holds its handles and credentials.
   */
  readonly scenario?: S;
  /** The world's seed (default 1); `f` uses it too. */
  readonly seed?: number;
  /**
   * The world's reference time; `f` uses it too. Default midnight UTC today, so the world's template
   * is rebuilt once a day (the data looks current); pin it (`'2026-06-01T00:00:00Z'`) for data that
   * never changes.
   */
  readonly now?: Date | string;
}

/** A database the fixture made, and what it knows about it. */
interface OwnedDatabase {
  readonly database: TestDatabase;
  readonly pool: pg.Pool;
  readonly world: SeedSummary | undefined;
  /** The file-isolation `f`, shared by the file's tests (made on first use). */
  factories?: Factories;
  failed: boolean;
}

/** The database of a test file: swapped for a fresh clone after a failed test in transaction mode. */
interface FileDatabase {
  current: OwnedDatabase;
  readonly path: string;
  readonly prefix: string;
}

/** What one test runs on: its database, and the handle `db` and `f` query through. */
interface Session {
  readonly owned: OwnedDatabase;
  readonly query: Queryable['query'];
  readonly copyVia: pg.Pool | pg.PoolClient;
  /** Stable for the test (its file and id): `f`'s shard. */
  readonly id: string;
}

function connectionInfo(): SeedConnectionInfo {
  const info = inject(PROVIDE_KEY);
  if (!info) {
    throw new SeedError(
      'E_NO_GLOBAL_SETUP',
      'The db fixture found no FlatRender server: the global setup did not run.',
      {
        fix: "Add globalSetup: ['@flatrender/seed/vitest/global-setup'] to the test section of vitest.config.ts.",
      },
    );
  }
  return info;
}

/** `ft_<file>` for a test file's database (`render-jobs.test.ts` → `ft_render_jobs_test`). */
function prefixForFile(path: string): string {
  return `ft_${path.replace(/^.*[\\/]/, '').replace(/\.[cm]?[jt]sx?$/, '')}`;
}

/** `ft_<test name>` for a test's own database; createTestDatabase keeps it to [a-z0-9_]. */
function prefixForTest(name: string): string {
  return `ft_${name}`;
}

function currentFile(): string {
  return (globalThis as { __vitest_worker__?: { filepath?: string } }).__vitest_worker__?.filepath ?? 'file';
}

/**
 * `f`'s shard: a number from the test file (file isolation) or the test (test and transaction
 * isolation). The factories derive ids and unique values (slugs, codes, e-mails) from seed and
 * shard, and the world is seeded in shard 0: so `f` never makes a row the world or another `f`
 * on the same database made, and a test never gets back a row a rollback removed.
 */
function shardOf(id: string): number {
  return 1 + (createHash('sha256').update(id).digest().readUInt32BE(0) % 0x3fff_ffff);
}

/**
 * Builds a vitest `test` with `db`, `world` and `f` fixtures; `test` below is the default (a
 * migrated database per file, no world).
 *
 * @example
 * const test = createSeedTest({ scenario: 'reseller', now: '2026-06-01T00:00:00Z' });
 * test('bills a reseller', async ({ db, world, f }) => {
 *   const { tenant, admin } = world.handles; // the reseller world: seeded once per run, cloned per file
 *   const job = await f.forTenant(tenant).renderJob.completed().create({ user_id: admin.id });
 *   // … db.query(…) sees the world and this file's own rows, nothing of other files
 * });
 */
export function createSeedTest<S extends keyof BuiltInHandles | Scenario | undefined = undefined>(
  options: SeedTestOptions<S> = {},
) {
  const perTest = options.isolation === 'test';
  const scenario = options.scenario as string | Scenario | undefined;
  // Fixed once for the file: every test of it sees the same world, even across midnight.
  const now = options.now ?? (scenario ? defaultWorldNow() : undefined);

  async function open(prefix: string): Promise<OwnedDatabase> {
    const { adminUrl, template, spares, dataRoot } = connectionInfo();
    if (scenario) {
      const opened = await openWorld({
        adminUrl,
        template,
        scenario,
        seed: options.seed,
        now,
        spares,
        prefix,
        log: (line) => process.stderr.write(`[@flatrender/seed] ${line}\n`),
        dataRoot,
      });
      return { database: opened.database, pool: opened.pool, world: opened.world, failed: false };
    }
    const database = await createTestDatabase({ adminUrl, template, spares, prefix });
    const pool = new pg.Pool({ connectionString: database.url, max: 5 });
    pool.on('error', () => {});
    return { database, pool, world: undefined, failed: false };
  }

  async function close(owned: OwnedDatabase, label: string, why = ''): Promise<void> {
    await owned.pool.end();
    if (!owned.failed) {
      await owned.database.drop();
      return;
    }
    const kept = owned.database.keep();
    const onUserServer = connectionInfo().provider === 'url';
    // On a server of the user's, the URL holds their password: never repeated in output.
    const url = onUserServer ? redact(kept) : kept;
    const note = onUserServer
      ? ' (seed clean --database-url <your server> lists and removes kept databases)'
      : ' (it lives until the test server stops; to keep it after the run, run the tests against `npx seed up` with FLATRENDER_SEED_DATABASE_URL)';
    process.stderr.write(`[@flatrender/seed] ${label} failed; kept its database${why}: ${url}${note}\n`);
  }

  function factoriesFor(session: Session): Factories {
    const world = session.owned.world;
    const db = { query: session.query, copyVia: session.copyVia } as Queryable;
    return createFactories(db, {
      seed: world?.seed ?? options.seed ?? 1,
      now: world?.now ?? now ?? DEFAULT_NOW,
      shard: shardOf(session.id),
    });
  }

  return base.extend<{
    db: SeedDb;
    world: WorldOf<S>;
    f: Factories;
    flatrenderSession: Session;
    flatrenderFileDatabase: FileDatabase | undefined;
  }>({
    flatrenderFileDatabase: [
      // biome-ignore lint/correctness/noEmptyPattern: vitest reads fixture dependencies from the pattern.
      async ({}, use) => {
        if (perTest) return use(undefined);
        const path = currentFile();
        const prefix = prefixForFile(path);
        const file: FileDatabase = { current: await open(prefix), path, prefix };
        await use(file);
        await close(file.current, `A test in ${path}`);
      },
      { scope: 'file' },
    ],
    flatrenderSession: async ({ flatrenderFileDatabase: file, task, onTestFailed }, use) => {
      const owned = file?.current ?? (await open(prefixForTest(task.name)));
      onTestFailed(() => {
        owned.failed = true;
      });
      const id = `${currentFile()}|${perTest || options.transaction ? task.id : ''}`;
      let why = '';
      try {
        if (!options.transaction) {
          await use({
            owned,
            query: (text, values) => owned.pool.query(text, values),
            copyVia: owned.pool,
            id,
          });
          return;
        }
        const client = await owned.pool.connect();
        let committed = false;
        try {
          await client.query('BEGIN');
          // COPY (createList at scale) runs on the transaction's own connection, so it rolls back too.
          await use({ owned, query: (text, values) => client.query(text, values), copyVia: client, id });
        } finally {
          if (task.result?.state === 'fail') {
            // Keep what the test wrote: commit instead of rolling back, and keep this database.
            const end = await client.query('COMMIT').catch(() => undefined);
            committed = end?.command === 'COMMIT';
            why = committed
              ? " with the test's rows (its transaction was committed instead of rolled back)"
              : ' as it was before the test (its transaction had failed at a statement, so PostgreSQL rolled it back)';
          } else {
            await client.query('ROLLBACK').catch(() => {});
          }
          client.release();
        }
      } finally {
        // vitest tears fixtures down before it runs onTestFailed hooks: read the result itself.
        if (task.result?.state === 'fail') owned.failed = true;
        if (!file) {
          await close(owned, `Test "${task.name}"`, why);
        } else if (owned.failed && options.transaction) {
          // The file's next tests start from a clean clone, as a rollback would have left them.
          file.current = await open(file.prefix);
          await close(owned, `Test "${task.name}" in ${file.path}`, why);
        }
      }
    },
    db: async ({ flatrenderSession: session }, use) => {
      const { owned } = session;
      const { serviceRoles } = connectionInfo();
      await use({
        url: owned.database.url,
        name: owned.database.name,
        pool: owned.pool,
        roleUrl: (role: string) => roleUrl(owned.database.url, role, serviceRoles),
        query: session.query,
        copyVia: session.copyVia,
      } as SeedDb);
    },
    world: async ({ flatrenderSession: session }, use) => {
      if (!scenario) return use(undefined as WorldOf<S>);
      await use(session.owned.world as WorldOf<S>);
    },
    f: async ({ flatrenderSession: session }, use) => {
      // File isolation without transactions: one factories object for the file's tests, so the
      // rows of earlier tests stay usable as parents and nothing is made twice.
      if (!perTest && !options.transaction) {
        session.owned.factories ??= factoriesFor(session);
        return use(session.owned.factories);
      }
      await use(factoriesFor(session));
    },
  });
}

/** `test` with a `db` fixture: one freshly migrated database per test file. */
export const test = createSeedTest();
export const it = test;
