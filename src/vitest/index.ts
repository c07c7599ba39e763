import pg from 'pg';
import { test as base, inject } from 'vitest';
import { redact } from '../database/database-url.js';
import { COPY_VIA, type Queryable } from '../database/queryable.js';
import { createTestDatabase, type TestDatabase } from '../database/test-database.js';
import { SeedError } from '../errors.js';
import { roleUrl } from '../server/service-roles.js';
import { PROVIDE_KEY, type SeedConnectionInfo } from './provided-context.js';

export type { SeedConnectionInfo } from './provided-context.js';

/** The `db` fixture: a database of the test's own, cloned from the migrated template. */
export interface SeedDb extends Queryable {
  /** Connection URL of this database (give it to the code under test). */
  readonly url: string;
  readonly name: string;
  /** A pool on this database; in `transaction` mode, queries through it are outside the test's transaction. */
  readonly pool: pg.Pool;
  /** The connection COPY uses for `createList` at scale: the pool, or the test's transaction. */
  readonly [COPY_VIA]: pg.Pool | pg.PoolClient;
  /**
   * This database's URL as a service role (`identity_svc`…), with the password the server was
   * given at start: test what a service may and may not do.
   *
   * @example
   * const client = new pg.Client(db.roleUrl('render_svc'));
   */
  roleUrl(role: string): string;
}

export interface SeedTestOptions {
  /** `file` (default): one database per test file, shared by its tests. `test`: one per test. */
  readonly isolation?: 'file' | 'test';
  /** Run each test inside a transaction that is rolled back after it (`db.query` uses it). */
  readonly transaction?: boolean;
}

interface OwnedDatabase {
  readonly database: TestDatabase;
  readonly pool: pg.Pool;
  failed: boolean;
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

async function openDatabase(prefix: string): Promise<OwnedDatabase> {
  const { adminUrl, template, spares } = connectionInfo();
  const database = await createTestDatabase({ adminUrl, template, spares, prefix });
  const pool = new pg.Pool({ connectionString: database.url, max: 5 });
  pool.on('error', () => {});
  return { database, pool, failed: false };
}

async function closeDatabase(owned: OwnedDatabase, label: string): Promise<void> {
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
  process.stderr.write(`[@flatrender/seed] ${label} failed; kept its database: ${url}${note}\n`);
}

/** `ft_<file>` for a test file's database (`render-jobs.test.ts` → `ft_render_jobs_test`). */
function prefixForFile(path: string): string {
  return `ft_${path.replace(/^.*[\\/]/, '').replace(/\.[cm]?[jt]sx?$/, '')}`;
}

/** `ft_<test name>` for a test's own database; createTestDatabase keeps it to [a-z0-9_]. */
function prefixForTest(name: string): string {
  return `ft_${name}`;
}

/**
 * Builds a vitest `test` with a `db` fixture; `test` below is the default (a database per file).
 *
 * @example
 * const test = createSeedTest({ isolation: 'test', transaction: false });
 * test('inserts a tenant', async ({ db }) => {
 *   await db.query("INSERT INTO identity.tenants (slug, name) VALUES ('acme', 'Acme')");
 * });
 */
export function createSeedTest(options: SeedTestOptions = {}) {
  const perTest = options.isolation === 'test';
  return base.extend<{ db: SeedDb; flatrenderFileDatabase: OwnedDatabase | undefined }>({
    flatrenderFileDatabase: [
      // biome-ignore lint/correctness/noEmptyPattern: vitest reads fixture dependencies from the pattern.
      async ({}, use) => {
        if (perTest) return use(undefined);
        const path =
          (globalThis as { __vitest_worker__?: { filepath?: string } }).__vitest_worker__?.filepath ?? 'file';
        const owned = await openDatabase(prefixForFile(path));
        await use(owned);
        await closeDatabase(owned, `A test in ${path}`);
      },
      { scope: 'file' },
    ],
    db: async ({ flatrenderFileDatabase, task, onTestFailed }, use) => {
      const owned = flatrenderFileDatabase ?? (await openDatabase(prefixForTest(task.name)));
      onTestFailed(() => {
        owned.failed = true;
      });
      const { serviceRoles } = connectionInfo();
      const handle = {
        url: owned.database.url,
        name: owned.database.name,
        pool: owned.pool,
        roleUrl: (role: string) => roleUrl(owned.database.url, role, serviceRoles),
      };
      try {
        if (!options.transaction) {
          await use({
            ...handle,
            query: (text, values) => owned.pool.query(text, values),
            [COPY_VIA]: owned.pool,
          });
          return;
        }
        const client = await owned.pool.connect();
        try {
          await client.query('BEGIN');
          // COPY (createList at scale) runs on the transaction's own connection, so it rolls back too.
          await use({ ...handle, query: (text, values) => client.query(text, values), [COPY_VIA]: client });
        } finally {
          await client.query('ROLLBACK').catch(() => {});
          client.release();
        }
      } finally {
        // vitest tears fixtures down before it runs onTestFailed hooks: read the result itself.
        if (task.result?.state === 'fail') owned.failed = true;
        if (!flatrenderFileDatabase) await closeDatabase(owned, `Test "${task.name}"`);
      }
    },
  });
}

/** `test` with a `db` fixture: one freshly migrated database per test file. */
export const test = createSeedTest();
export const it = test;
