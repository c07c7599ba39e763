import type pg from 'pg';
import { lockDatabase } from '../database/database-lock.js';
import { assertMayDestroy } from '../database/safety.js';
import { DEFAULT_TENANT_ID } from '../domain/tenancy.js';
import { recoverInterruptedLoad, repairedNote } from '../load/interrupted-load.js';
import { assertMigrated } from '../migrations/assert-migrated.js';
import { serviceTables } from '../sql/catalog.js';
import { databaseOf } from '../sql/database-url.js';
import type { Queryable } from '../sql/queryable.js';
import { inTransaction } from '../sql/transaction.js';
import { forgetWorld } from './world-record.js';

/**
 * Empties every FlatRender table and restarts identity sequences, keeping the schema and what the
 * migrations inserted (the default tenant). One TRUNCATE for all tables: truncating
 * notification.notifications alone fails because of the cross-schema FK from identity.earned_gifts.
 * The caller checks the marker first (see safety.ts) and owns the transaction.
 */
export async function emptyFlatRenderTables(db: Queryable): Promise<number> {
  const tables = (await serviceTables(db)).filter((table) => table !== 'identity.tenants');
  await db.query(`TRUNCATE ${tables.join(', ')} RESTART IDENTITY`);
  await db.query('DELETE FROM identity.tenants WHERE id <> $1', [DEFAULT_TENANT_ID]);
  return tables.length + 1;
}

export interface ResetOptions {
  readonly migrationsDir?: string;
  /** A line for a person: waiting for another command, repairing an unfinished load. */
  readonly log?: (line: string) => void;
  /** How long to wait for another refresh, reset or load of the same database (default 5 minutes). */
  readonly lockWaitMs?: number;
}

/**
 * `seed reset` as a function: under the database's lock (a refresh or load in progress is waited
 * for), on a marked database migrated with these migrations, repairs what an unfinished bulk load
 * left, then empties every FlatRender table in one transaction. Returns how many tables it emptied.
 *
 * @param client a dedicated connection.
 * @example
 * await resetDatabase(client, 'postgresql://…/demo');
 */
export async function resetDatabase(
  client: pg.Client,
  url: string,
  options: ResetOptions = {},
): Promise<number> {
  const database = databaseOf(url);
  const lock = await lockDatabase(client, database, {
    action: 'reset',
    waitMs: options.lockWaitMs,
    onWait: (holder) => options.log?.(`Waiting for ${holder} to finish with database "${database}"…`),
  });
  try {
    await assertMayDestroy(client, database, 'reset');
    const recovered = await recoverInterruptedLoad(client);
    if (recovered) options.log?.(repairedNote(recovered));
    await assertMigrated(client, database, { action: 'reset', migrationsDir: options.migrationsDir });
    return await inTransaction(client, async () => {
      const count = await emptyFlatRenderTables(client);
      await forgetWorld(client);
      return count;
    });
  } finally {
    await lock.release();
  }
}
