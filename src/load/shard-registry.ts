import { LOCK_CLASS } from '../database/database-lock.js';
import type { Queryable } from '../sql/queryable.js';
import type { IdOffsets } from './load-plan.js';

/**
 * The shards of a sharded load (`--shard i/n`) coordinate through this table, in the toolkit's own
 * schema of the database they fill. Row 0 is the run: its parameters (so every shard makes the same
 * plan, identity offsets included) and its state; row i is shard i. Each shard process holds a
 * session advisory lock (LOCK_CLASS, SHARD_LOCK_BASE + i) on its main connection for as long as it
 * lives: the server drops it when the process dies however it dies (SIGKILL, a crash, a lost
 * machine), so a registered shard without its lock is a dead one.
 */
export const LOAD_SHARDS = 'flatrender_seed.load_shards';
const SHARD_LOCK_BASE = 1000;

/** What every shard of one run must agree on. */
export interface ShardRunParams {
  readonly seed: number;
  readonly scale: number;
  readonly nowMs: number;
  readonly count: number;
  readonly idOffsets: IdOffsets;
}

/** `loading` until the last shard's rows are in, `rebuilding` its keys, then `complete` or `undone`. */
export type RunState = 'loading' | 'rebuilding' | 'complete' | 'undone';
export type ShardState = 'running' | 'done' | 'rebuilding' | 'failed';

export interface ShardRow {
  readonly shard: number;
  readonly state: ShardState;
  readonly backendPid: number;
  readonly client: string | null;
  readonly message: string | null;
  /** Its process still holds its lock. */
  readonly live: boolean;
}

export interface ShardRun {
  readonly params: ShardRunParams;
  readonly state: RunState;
  readonly message: string | null;
  readonly shards: readonly ShardRow[];
}

/** Creates the table (idempotent). */
export async function ensureShardRegistry(db: Queryable): Promise<void> {
  await db.query(`
    CREATE SCHEMA IF NOT EXISTS flatrender_seed;
    CREATE TABLE IF NOT EXISTS ${LOAD_SHARDS} (
      shard int PRIMARY KEY,
      state text NOT NULL,
      params text NOT NULL DEFAULT '',
      backend_pid int NOT NULL DEFAULT pg_backend_pid(),
      client text DEFAULT host(inet_client_addr()),
      message text,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    COMMENT ON TABLE ${LOAD_SHARDS} IS 'Written by @flatrender/seed: the shards of a sharded bulk load (seed --scenario load --shard i/n). Row 0 is the run.';`);
}

/** The current (or last) sharded run recorded in the database, or undefined. */
export async function readShardRun(db: Queryable): Promise<ShardRun | undefined> {
  const exists = await db.query<{ t: string | null }>(`SELECT to_regclass('${LOAD_SHARDS}')::text AS t`);
  if (!exists.rows[0]?.t) return undefined;
  const { rows } = await db.query<{
    shard: number;
    state: string;
    params: string;
    backend_pid: number;
    client: string | null;
    message: string | null;
    live: boolean;
  }>(
    `SELECT s.shard, s.state, s.params, s.backend_pid, s.client, s.message,
            EXISTS (SELECT 1 FROM pg_locks l
                     WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
                       AND l.classid::bigint = $1 AND l.objid::bigint = $2 + s.shard
                       AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())) AS live
       FROM ${LOAD_SHARDS} s ORDER BY s.shard`,
    [LOCK_CLASS, SHARD_LOCK_BASE],
  );
  const run = rows.find((r) => r.shard === 0);
  if (!run) return undefined;
  return {
    params: JSON.parse(run.params) as ShardRunParams,
    state: run.state as RunState,
    message: run.message,
    shards: rows
      .filter((r) => r.shard > 0)
      .map((r) => ({
        shard: r.shard,
        state: r.state as ShardState,
        backendPid: r.backend_pid,
        client: r.client,
        message: r.message,
        live: r.live,
      })),
  };
}

/** Forgets a finished run (complete or undone) before a new one starts. */
export async function clearShardRun(db: Queryable): Promise<void> {
  const exists = await db.query<{ t: string | null }>(`SELECT to_regclass('${LOAD_SHARDS}')::text AS t`);
  if (exists.rows[0]?.t) await db.query(`DELETE FROM ${LOAD_SHARDS}`);
}

/** Records a new run (the first shard to arrive does this). */
export async function startShardRun(db: Queryable, params: ShardRunParams): Promise<void> {
  await ensureShardRegistry(db);
  await db.query(`DELETE FROM ${LOAD_SHARDS}`);
  await db.query(`INSERT INTO ${LOAD_SHARDS} (shard, state, params) VALUES (0, 'loading', $1)`, [
    JSON.stringify(params),
  ]);
}

/**
 * Registers shard `index` as running on this session and takes its liveness lock (held until the
 * connection ends). Call with the database lock held.
 */
export async function registerShard(db: Queryable, index: number): Promise<void> {
  await db.query('SELECT pg_advisory_lock($1, $2)', [LOCK_CLASS, SHARD_LOCK_BASE + index]);
  await db.query(
    `INSERT INTO ${LOAD_SHARDS} (shard, state) VALUES ($1, 'running')
     ON CONFLICT (shard) DO UPDATE SET state = 'running', backend_pid = pg_backend_pid(),
       client = host(inet_client_addr()), message = NULL, updated_at = now()`,
    [index],
  );
}

export async function setShardState(
  db: Queryable,
  index: number,
  state: ShardState | RunState,
  message: string | null = null,
): Promise<void> {
  await db.query(
    `UPDATE ${LOAD_SHARDS} SET state = $2, message = coalesce($3, message), updated_at = now() WHERE shard = $1`,
    [index, state, message],
  );
}

/** Whether any shard process of a sharded load is alive on this database (another session's lock). */
export async function liveShards(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_locks
      WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND pid <> pg_backend_pid()
        AND classid::bigint = $1 AND objid::bigint > $2 AND objid::bigint <= $2 + 100000
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [LOCK_CLASS, SHARD_LOCK_BASE],
  );
  return rows[0]?.n ?? 0;
}

/** Registered shards that cannot finish: failed, or gone while running or rebuilding. */
export function brokenShards(run: ShardRun): ShardRow[] {
  return run.shards.filter(
    (s) => s.state === 'failed' || (!s.live && (s.state === 'running' || s.state === 'rebuilding')),
  );
}

/** "shard 2/3 (server pid 123 from 10.0.0.5) died while loading its rows", for messages. */
export function describeShard(row: ShardRow, count: number): string {
  const who = `shard ${row.shard}/${count} (server pid ${row.backendPid}${row.client ? ` from ${row.client}` : ''})`;
  if (row.state === 'failed') return `${who} failed${row.message ? `: ${row.message.split('\n')[0]}` : ''}`;
  if (row.state === 'rebuilding') return `${who} died while rebuilding the keys and indexes`;
  return `${who} died while loading its rows (its connection closed: killed, crashed or cut off)`;
}
