import pg from 'pg';
import { messageOf, SeedError } from '../errors.js';
import { databaseOf, redact } from './database-url.js';

/** How long a connection attempt may take before it is reported as unreachable. */
export const CONNECT_TIMEOUT_MS = 4000;

/**
 * Opens a dedicated `pg.Client`, turning the usual connection failures into errors that name
 * the server and database and say what to do.
 */
export async function connect(url: string, options: { application?: string } = {}): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: options.application ?? 'flatrender-seed',
  });
  // A server that goes away later must not crash the process through an unhandled 'error'.
  client.on('error', () => {});
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => {});
    throw explainConnectError(url, error);
  }
}

export function explainConnectError(url: string, error: unknown): SeedError {
  const code = (error as { code?: string }).code;
  const where = `${redact(url)}`;
  const database = databaseOf(url);
  switch (code) {
    case '3D000':
      return new SeedError('E_NO_DATABASE', `Database "${database}" does not exist on ${where}.`, {
        fix: `Create it first (createdb ${database}), or point --database-url at an existing database.`,
        cause: error,
      });
    case '28P01':
    case '28000':
      return new SeedError('E_AUTH', `The server at ${where} refused the login: ${messageOf(error)}.`, {
        fix: 'Check the user and password in the URL (or PGUSER/PGPASSWORD).',
        cause: error,
      });
    default:
      return new SeedError(
        'E_UNREACHABLE',
        `Cannot connect to ${where} (database "${database}"): ${messageOf(error) || code || 'unknown error'}.`,
        {
          fix: 'Check that the server is running and that the host and port in the URL are right.',
          cause: error,
        },
      );
  }
}
