import pg from 'pg';
import { messageOf, SeedError } from '../errors.js';
import { redact } from '../sql/database-url.js';

/** How often a served server is asked whether it is still there. */
const PING_EVERY_MS = 2000;
/** How long a ping may take before the server counts as gone (a host that stopped answering). */
const PING_TIMEOUT_MS = 10_000;

export interface ServeOptions {
  /** The server's maintenance database: the watch connection never holds the served database open. */
  readonly adminUrl: string;
  /** The database being served, for the watch connection's name (see reapAbandonedDatabases). */
  readonly database: string;
  /** What is serving, for the message: `seed up`, `seed --scenario demo`. */
  readonly command: string;
}

/**
 * Waits for Ctrl-C or SIGTERM, watching the server meanwhile over one connection: if the server
 * dies or stops answering, rejects with E_SERVER_DIED (exit 1) instead of serving a dead URL
 * forever. The connection is named `flatrender-seed keeper <database>`: while it is open, the
 * database is in use by a live process, so a later start does not reap it.
 */
export async function serveUntilSignal(options: ServeOptions): Promise<void> {
  // Listening before the first await: a Ctrl-C right after the URL was printed must stop cleanly.
  let signalled = false;
  const early = () => {
    signalled = true;
  };
  process.once('SIGINT', early);
  process.once('SIGTERM', early);
  const watch = new pg.Client({
    connectionString: options.adminUrl,
    application_name: `flatrender-seed keeper ${options.database}`.slice(0, 63),
    connectionTimeoutMillis: PING_TIMEOUT_MS,
    keepAlive: true,
  });
  watch.on('error', () => {});
  try {
    await watch.connect();
  } catch {
    // A server that cannot be reached any more is found dead by the first ping below.
  }
  process.off('SIGINT', early);
  process.off('SIGTERM', early);
  if (signalled) {
    await watch.end().catch(() => {});
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  let keepAlive: NodeJS.Timeout | undefined;
  const onSignal: { stop?: () => void } = {};
  try {
    await new Promise<void>((resolve, reject) => {
      // Signal listeners alone do not keep Node's event loop alive.
      keepAlive = setInterval(() => {}, 1 << 30);
      const died = (why: string) =>
        reject(
          new SeedError(
            'E_SERVER_DIED',
            `The PostgreSQL server at ${redact(options.adminUrl)} stopped while ${options.command} was serving database "${options.database}": ${why}.`,
            {
              fix: 'Read the server log for why it stopped (out of memory or disk, killed); then start it again. Nothing of the served database can be recovered from a stopped embedded server.',
            },
          ),
        );
      onSignal.stop = () => resolve();
      process.once('SIGINT', onSignal.stop);
      process.once('SIGTERM', onSignal.stop);
      watch.once('end', () => died('its connection closed'));
      watch.on('error', (error) => died(messageOf(error)));
      const ping = () => {
        timer = setTimeout(async () => {
          const deadline = setTimeout(
            () => died(`no answer within ${PING_TIMEOUT_MS / 1000} s`),
            PING_TIMEOUT_MS,
          );
          try {
            await watch.query('SELECT 1');
            ping();
          } catch (error) {
            died(messageOf(error));
          } finally {
            clearTimeout(deadline);
          }
        }, PING_EVERY_MS);
      };
      ping();
    });
  } finally {
    clearTimeout(timer);
    clearInterval(keepAlive);
    if (onSignal.stop) {
      process.off('SIGINT', onSignal.stop);
      process.off('SIGTERM', onSignal.stop);
    }
    await watch.end().catch(() => {});
  }
}
