import { SeedError } from '../errors.js';

/** Returns `url` pointing at database `name` instead, keeping host, port, user and options. */
export function withDatabase(url: string, name: string): string {
  const parsed = parseUrl(url);
  parsed.pathname = `/${encodeURIComponent(name)}`;
  return parsed.toString();
}

/** The database name a URL points at (PostgreSQL's default: the user name). */
export function databaseOf(url: string): string {
  const parsed = parseUrl(url);
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  return name || decodeURIComponent(parsed.username) || 'postgres';
}

/** The URL with any password replaced by `***`, for messages and logs. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

function parseUrl(url: string): URL {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') throw new Error('protocol');
    return parsed;
  } catch (cause) {
    throw new SeedError('E_BAD_URL', `"${redact(url)}" is not a PostgreSQL connection URL.`, {
      fix: 'Pass a URL like postgresql://user:password@localhost:5432/flatrender.',
      cause,
    });
  }
}
