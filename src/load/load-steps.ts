import { availableParallelism } from 'node:os';
import type pg from 'pg';
import { isSeedError, SeedError } from '../errors.js';
import { databaseOf, redact } from '../sql/database-url.js';
import { ensurePartitions } from '../sql/partitions.js';
import { advanceSequences } from '../sql/sequences.js';
import type { IdOffsets, LoadPlan } from './load-plan.js';

/**
 * The steps of a load that touch the schema or the sequences, shared by the one-process load
 * (run-load.ts) and the sharded one (run-shard.ts).
 */

/** Identity columns whose values the load gives (so they do not depend on the worker count). */
export const IDENTITY_TABLES = {
  events: 'render.render_job_events',
  requestLogs: 'identity.tenant_api_request_logs',
  healthLogs: 'render.node_health_logs',
} as const;

/** Connections that rebuild deferred indexes: one per CPU, at most 4. */
export function indexConnections(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

/** The highest identity value of each identity table: the load's ids start above them. */
export async function currentIdentityMaxima(db: pg.Client): Promise<IdOffsets> {
  const { rows } = await db.query<{ events: string; request_logs: string; health_logs: string }>(
    `SELECT (SELECT coalesce(max(id), 0) FROM ${IDENTITY_TABLES.events}) AS events,
            (SELECT coalesce(max(id), 0) FROM ${IDENTITY_TABLES.requestLogs}) AS request_logs,
            (SELECT coalesce(max(id), 0) FROM ${IDENTITY_TABLES.healthLogs}) AS health_logs`,
  );
  const row = rows[0]!;
  return {
    events: Number(row.events),
    requestLogs: Number(row.request_logs),
    healthLogs: Number(row.health_logs),
  };
}

/** Loading the same seed twice would clash on every id: say so before starting. */
export async function assertNotLoaded(db: pg.Client, plan: LoadPlan, url: string): Promise<void> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM identity.tenants WHERE id = ANY($1::uuid[])',
    [plan.tenants.map((t) => t.id)],
  );
  if ((rows[0]?.n ?? 0) > 0) {
    throw new SeedError(
      'E_ALREADY_LOADED',
      `Database "${databaseOf(url)}" on ${redact(url)} already holds the load data set of seed ${plan.seed} (its tenants exist).`,
      { fix: 'Load into a fresh database, reset this one first (seed reset), or pass another --seed.' },
    );
  }
}

/** Every month the logs fall in gets its partition before the first row (the default partition stays empty). */
export async function createPartitions(db: pg.Client, plan: LoadPlan): Promise<void> {
  await ensurePartitions(db, IDENTITY_TABLES.requestLogs, plan.months.requestLogs);
  await ensurePartitions(db, IDENTITY_TABLES.healthLogs, plan.months.healthLogs);
}

/** The load gave identity values itself: move each sequence past them so later INSERTs do not collide. */
export async function advanceIdentities(db: pg.Client): Promise<void> {
  await advanceSequences(db, Object.values(IDENTITY_TABLES));
}

/** The same error with a sentence about the database's state added to its message. */
export function withNote(error: unknown, note: string): unknown {
  if (!isSeedError(error)) return error;
  const problem = error.fix ? error.message.slice(0, -`\nFix: ${error.fix}`.length) : error.message;
  const noted = new SeedError(error.code, `${problem} ${note}`, { fix: error.fix, cause: error.cause });
  noted.stack = error.stack;
  return noted;
}
