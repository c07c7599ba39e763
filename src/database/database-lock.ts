import pg from 'pg';
import { SeedError } from '../errors.js';
import type { Queryable } from '../sql/queryable.js';

/**
 * The advisory lock every command that replaces a database's data holds while it works: seed
 * refresh, seed reset, seeding a scenario into an existing database and the bulk load. PostgreSQL
 * scopes advisory locks to the current database, so one fixed key is a lock per database.
 * Two-int form, so the holder is easy to find in pg_locks (classid, objid).
 */
export const LOCK_CLASS = 0x46_52_53_44; // 'FRSD'
const LOCK_OBJECT = 1;

/** How long a second command waits for the first before it gives up, naming it. */
export const DATABASE_LOCK_WAIT_MS = 5 * 60_000;

export interface LockOptions {
  /** What this command is, e.g. `refresh`: the other side's error names it. */
  readonly action: string;
  /** How long to wait for another holder; default DATABASE_LOCK_WAIT_MS. */
  readonly waitMs?: number;
  /** Told once, when another command holds the lock and this one starts waiting. */
  readonly onWait?: (holder: string) => void;
}

/** A held database lock: release it, or let the connection's end release it. */
export interface DatabaseLock {
  release(): Promise<void>;
}

/**
 * Takes the database's lock on `client` (a session lock: it outlives transactions and is released
 * when the connection ends, so a killed process never leaves it held). When another command holds
 * it, waits up to `waitMs`, then fails with exit 1 naming the holder. Sets the session's
 * application_name to say what holds it.
 *
 * @example
 * const lock = await lockDatabase(client, 'demo', { action: 'refresh' });
 * try { … } finally { await lock.release(); }
 */
export async function lockDatabase(
  client: Queryable,
  database: string,
  options: LockOptions,
): Promise<DatabaseLock> {
  const label = `flatrender-seed ${options.action} (pid ${process.pid})`;
  await client.query(`SET application_name = ${pg.escapeLiteral(label.slice(0, 63))}`);
  const acquired = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [
    LOCK_CLASS,
    LOCK_OBJECT,
  ]);
  if (!acquired.rows[0]?.ok) {
    const first = await lockHolder(client);
    options.onWait?.(first);
    const waitMs = options.waitMs ?? DATABASE_LOCK_WAIT_MS;
    try {
      // lock_timeout bounds the wait for any heavyweight lock, advisory ones included.
      await client.query(`SET lock_timeout = ${Math.max(1, Math.round(waitMs))}`);
      await client.query('SELECT pg_advisory_lock($1, $2)', [LOCK_CLASS, LOCK_OBJECT]);
    } catch (error) {
      if ((error as { code?: string }).code !== '55P03') throw error;
      const holder = await lockHolder(client).catch(() => first);
      throw new SeedError(
        'E_DATABASE_BUSY',
        `Cannot ${options.action} database "${database}": ${holder} has been working on it for longer than this command waits (${Math.round(waitMs / 1000)} s). Nothing was changed.`,
        { fix: 'Let the other command finish (or stop it), then run this one again.', cause: error },
      );
    } finally {
      await client.query('RESET lock_timeout').catch(() => {});
    }
  }
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      await client.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_CLASS, LOCK_OBJECT]).catch(() => {});
    },
  };
}

/** Who holds the database's lock, in words: its application name, pid, client and start. */
export async function lockHolder(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ app: string; pid: number; client: string | null; since: Date | null }>(
    `SELECT a.application_name AS app, a.pid, host(a.client_addr) AS client, a.backend_start AS since
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1 AND l.objid = $2 AND l.objsubid = 2
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [LOCK_CLASS, LOCK_OBJECT],
  );
  const row = rows[0];
  if (!row) return 'another command';
  const who = row.app.startsWith('flatrender-seed ')
    ? `seed ${row.app.slice('flatrender-seed '.length)}`
    : `"${row.app || 'a client'}"`;
  return `${who} (server pid ${row.pid}${row.client ? ` from ${row.client}` : ''}${row.since ? `, connected since ${row.since.toISOString()}` : ''})`;
}

/** Whether another session holds the database's lock right now (a load or refresh is running). */
export async function isDatabaseLocked(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ held: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = $1 AND objid = $2
        AND objsubid = 2 AND pid <> pg_backend_pid()
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())) AS held`,
    [LOCK_CLASS, LOCK_OBJECT],
  );
  return rows[0]?.held === true;
}

/**
 * Takes the database's lock if nobody else holds it, without waiting (re-entrant: a session that
 * holds it already takes it again, and must unlock as many times).
 */
export async function tryLockDatabase(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [
    LOCK_CLASS,
    LOCK_OBJECT,
  ]);
  return rows[0]?.ok === true;
}

/** Releases one hold of the database's lock taken by tryLockDatabase. */
export async function unlockDatabase(db: Queryable): Promise<void> {
  await db.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_CLASS, LOCK_OBJECT]).catch(() => {});
}
