import { messageOf, SeedError } from '../errors.js';

/**
 * Failures of the machine or the server rather than of the toolkit: a full disk, a server that died
 * or went away, a host that stopped answering. They are the user's to act on, so they are reported
 * as a SeedError (exit 1, what happened and the fix) instead of "a bug in @flatrender/seed" (exit 2).
 * Returns undefined for anything else.
 *
 * @example
 * catch (error) { throw explainEnvironmentFailure(error) ?? error; }
 */
export function explainEnvironmentFailure(error: unknown): SeedError | undefined {
  if (error instanceof SeedError) return undefined;
  const code = (error as { code?: unknown }).code;
  const message = messageOf(error);
  const errno = typeof code === 'string' ? code : '';

  if (
    errno === '53100' ||
    errno === 'ENOSPC' ||
    errno === 'EDQUOT' ||
    /No space left on device/i.test(message)
  ) {
    return new SeedError(
      'E_NO_SPACE',
      `Out of disk space: ${message.trim()}. The failed step was not kept.`,
      {
        fix: 'Free space on that disk (seed clean --yes removes what the toolkit left in its data folder), or set FLATRENDER_SEED_DATA_DIR to a folder on a disk with room, and run the command again.',
        cause: error,
      },
    );
  }
  if (errno === '53200' || errno === 'ENOMEM') {
    return new SeedError('E_OUT_OF_MEMORY', `The server ran out of memory: ${message.trim()}.`, {
      fix: 'Close other work on that machine or use a smaller --scale, and run the command again.',
      cause: error,
    });
  }
  if (errno === '53300') {
    return new SeedError('E_TOO_MANY_CONNECTIONS', `The server refused a connection: ${message.trim()}.`, {
      fix: 'Close idle connections to that server (or raise its max_connections), or pass fewer --workers.',
      cause: error,
    });
  }
  const gone =
    errno === '57P01' ||
    errno === '57P02' ||
    errno === '57P03' ||
    errno.startsWith('08') ||
    errno === 'ECONNRESET' ||
    errno === 'ECONNREFUSED' ||
    errno === 'EPIPE' ||
    errno === 'ETIMEDOUT' ||
    errno === 'EHOSTUNREACH' ||
    errno === 'ENETUNREACH' ||
    /Connection terminated|terminating connection|server closed the connection|Client has encountered a connection error|Connection ended unexpectedly/i.test(
      message,
    );
  if (gone) {
    return new SeedError(
      'E_SERVER_GONE',
      `The connection to the PostgreSQL server was lost: ${message.trim() || errno}. The server stopped, crashed or became unreachable; whatever had not been committed was rolled back.`,
      {
        fix: 'Check that the server is running (its log says why it stopped) and reachable, then run the command again; with the embedded server, start it again (seed up).',
        cause: error,
      },
    );
  }
  return undefined;
}
