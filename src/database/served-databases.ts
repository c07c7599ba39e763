import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { readMarker } from '../migrations/marker.js';
import { withDatabase } from '../sql/database-url.js';
import { quoteIdent } from '../sql/identifiers.js';
import type { Queryable } from '../sql/queryable.js';

/**
 * On a server the user owns (the url provider), `seed up`, `seed --scenario` and the load create a
 * database of their own, `flatrender_<purpose>_<time>_<8 hex>`, and drop it when they stop. A
 * SIGKILL skips that, and the database stayed for good. So the process keeps a connection named
 * `flatrender-seed keeper <database>` on the server for as long as it serves it; a database of
 * this shape with no keeper and nobody connected was abandoned, and the next start reaps it.
 */
export type ServedPurpose = 'dev' | 'demo' | 'load';

const SERVED = /^flatrender_(dev|demo|load)_[0-9a-z]+_[0-9a-f]{8}$/;
const KEEPER = 'flatrender-seed keeper ';

/** A fresh name for a served database. */
export function servedDatabaseName(purpose: ServedPurpose): string {
  return `flatrender_${purpose}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** Whether `name` has the shape of a database seed up / seed --scenario / the load served. */
export function isServedDatabaseName(name: string): boolean {
  return SERVED.test(name);
}

/**
 * Opens the keeper connection for `database` on the server's maintenance database: open it before
 * creating the database, and keep it until the database is dropped.
 */
export async function openKeeper(adminUrl: string, database: string): Promise<pg.Client> {
  const keeper = new pg.Client({
    connectionString: adminUrl,
    application_name: `${KEEPER}${database}`.slice(0, 63),
    keepAlive: true,
  });
  keeper.on('error', () => {});
  await keeper.connect();
  return keeper;
}

/** A toolkit database on a server, and whether something still uses it. */
export interface ServerLeftover {
  readonly name: string;
  readonly kind: 'template' | 'spare clone' | 'served database' | 'test database';
  /** Connected sessions, or a live keeper: left alone. */
  readonly inUse: boolean;
}

/** The leftover kinds, by name shape (each is also checked for the toolkit's mark before removal). */
const KINDS: readonly [RegExp, ServerLeftover['kind']][] = [
  [/^flatrender_tpl_[0-9a-f]{16}$/, 'template'],
  [/^flatrender_tpl_[0-9a-f]{16}_spare_[0-9a-f]{8}$/, 'spare clone'],
  [SERVED, 'served database'],
  [/^ft_[a-z0-9_]*_[0-9a-z]+_[0-9a-f]{8}$/, 'test database'],
];

/**
 * Lists the databases the toolkit made on the server `admin` is connected to: templates (by name
 * and by the comment the toolkit puts on them), spare clones, served and test databases (by name
 * and by the marker they inherited from the template, checked by connecting to each). Databases
 * whose name fits but that carry neither are not listed: they are not the toolkit's.
 */
export async function listServerLeftovers(
  admin: Queryable,
  adminUrl: string,
  only?: ServerLeftover['kind'],
): Promise<ServerLeftover[]> {
  const { rows } = await admin.query<{
    name: string;
    comment: string | null;
    sessions: number;
    kept: boolean;
  }>(
    `SELECT d.datname AS name, shobj_description(d.oid, 'pg_database') AS comment,
            (SELECT count(*)::int FROM pg_stat_activity a WHERE a.datname = d.datname) AS sessions,
            EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.application_name = $1 || d.datname) AS kept
       FROM pg_database d ORDER BY d.datname`,
    [KEEPER],
  );
  const leftovers: ServerLeftover[] = [];
  for (const row of rows) {
    const kind = KINDS.find(([shape]) => shape.test(row.name))?.[1];
    if (!kind || (only && kind !== only)) continue;
    const ours =
      kind === 'template'
        ? (row.comment ?? '').startsWith('created by @flatrender/seed')
        : await carriesMarker(withDatabase(adminUrl, row.name));
    if (ours) leftovers.push({ name: row.name, kind, inUse: row.sessions > 0 || row.kept });
  }
  return leftovers;
}

/** A template or clone carries the marker its template had ('migrated-from-empty'). */
async function carriesMarker(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, application_name: 'flatrender-seed clean' });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await readMarker(client))?.origin === 'migrated-from-empty';
  } catch {
    // Templates refuse connections (ALLOW_CONNECTIONS false): they are told apart by their comment.
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Drops one toolkit database, never one in use (no FORCE): a template is first unmarked as a
 * template (PostgreSQL refuses to drop a database with IS_TEMPLATE true). Returns false when it was
 * in use or already gone.
 */
export async function dropLeftover(admin: Queryable, leftover: ServerLeftover): Promise<boolean> {
  try {
    if (leftover.kind === 'template') {
      await admin.query(`ALTER DATABASE ${quoteIdent(leftover.name)} WITH IS_TEMPLATE false`);
    }
    await admin.query(`DROP DATABASE ${quoteIdent(leftover.name)}`);
    return true;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === '55006' || code === '3D000') return false;
    throw error;
  }
}

/**
 * Drops the served databases of processes that are gone (no keeper, nobody connected): what a
 * SIGKILLed `seed up` or `seed --scenario` left on a server the user owns. Returns their names.
 */
export async function reapAbandonedDatabases(admin: Queryable, adminUrl: string): Promise<string[]> {
  const reaped: string[] = [];
  for (const leftover of await listServerLeftovers(admin, adminUrl, 'served database')) {
    if (leftover.inUse) continue;
    if (await dropLeftover(admin, leftover)) reaped.push(leftover.name);
  }
  return reaped;
}
