import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { roleUrl } from '../../src/server/service-roles.js';
import { withDatabase } from '../../src/sql/database-url.js';
import { quoteIdent } from '../../src/sql/identifiers.js';

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

/** Runs `fn` on a client connected as `role`, with the password the test server gave it. */
export async function asRole<T>(
  url: string,
  role: string,
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client(roleUrl(url, role, inject('flatrenderSeed').serviceRoles));
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
