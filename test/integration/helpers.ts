import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { quoteIdent, withDatabase } from '../../src/database/database-url.js';

/** An empty database (no migrations) on the test server, dropped by the returned disposer. */
export async function emptyDatabase(): Promise<{ url: string; name: string } & AsyncDisposable> {
  const { adminUrl } = inject('flatrenderSeed');
  const name = `empty_${randomBytes(5).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0`);
  return {
    url: withDatabase(adminUrl, name),
    name,
    [Symbol.asyncDispose]: () =>
      adminQuery(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`).then(() => {}),
  };
}

export async function adminQuery(text: string, values?: unknown[]): Promise<pg.QueryResult> {
  const client = new pg.Client(inject('flatrenderSeed').adminUrl);
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

/** Runs `fn` on a client connected as `role` (the test server trusts local logins). */
export async function asRole<T>(
  url: string,
  role: string,
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const parsed = new URL(url);
  parsed.username = role;
  const client = new pg.Client(parsed.toString());
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
