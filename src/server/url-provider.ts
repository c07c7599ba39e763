import { SeedError } from '../errors.js';
import { assertCanCreateDatabases } from '../migrations/template-database.js';
import { connect } from '../sql/connect.js';
import { redact, withDatabase } from '../sql/database-url.js';
import type { StartedServer } from './started-server.js';

/**
 * An existing server, reached by URL. "Starting" checks that it answers and that the role may
 * create databases; "stopping" leaves the server and everything on it as it was — the databases
 * the toolkit cloned are dropped by their own owners (TestDatabase.drop), and the template stays
 * for the next run.
 *
 * @example
 * await using server = await useExistingServer(process.env.DATABASE_URL!);
 */
export async function useExistingServer(url: string): Promise<StartedServer> {
  if (!url) {
    throw new SeedError('E_NO_URL', 'The url provider needs a server URL and none was given.', {
      fix: 'Pass --database-url postgresql://user:password@host:5432/postgres or set FLATRENDER_SEED_DATABASE_URL.',
    });
  }
  const adminUrl = withDatabase(url, 'postgres');
  const client = await connect(adminUrl);
  try {
    await assertCanCreateDatabases(client, redact(adminUrl));
  } finally {
    await client.end().catch(() => {});
  }
  const stop = async () => {};
  return { provider: 'url', adminUrl, serviceRoles: {}, stop, [Symbol.asyncDispose]: stop };
}
