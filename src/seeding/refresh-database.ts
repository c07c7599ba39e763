import type pg from 'pg';
import { lockDatabase } from '../database/database-lock.js';
import { ensureHistoryPartitions } from '../database/history-partitions.js';
import { assertMayDestroy } from '../database/safety.js';
import { DEFAULT_TENANT_ID, referenceTime } from '../domain/tenancy.js';
import { SeedError } from '../errors.js';
import { recoverInterruptedLoad, repairedNote } from '../load/interrupted-load.js';
import { assertMigrated } from '../migrations/assert-migrated.js';
import { LOAD_SCENARIO, loadEntry } from '../scenarios/registry.js';
import { type RunScenarioOptions, runScenario, type SeedSummary } from '../scenarios/run-scenario.js';
import type { Scenario } from '../scenarios/scenario.js';
import { serviceTableParents } from '../sql/catalog.js';
import { databaseOf } from '../sql/database-url.js';
import { restartServiceSequences } from '../sql/sequences.js';
import { inTransaction } from '../sql/transaction.js';
import { forgetWorld } from './world-record.js';

export interface RefreshOptions extends RunScenarioOptions {
  readonly migrationsDir?: string;
  /** A line for a person: waiting for another command, repairing an unfinished load. */
  readonly log?: (line: string) => void;
  /** How long to wait for another refresh, reset or load of the same database (default 5 minutes). */
  readonly lockWaitMs?: number;
}

/**
 * Replaces a demo database's data with a freshly seeded scenario, atomically: the old rows are
 * DELETEd (not TRUNCATEd, whose exclusive lock would block readers) and the new ones inserted in
 * one transaction, so readers keep seeing the old data until COMMIT, and a failure or a killed
 * process (the server rolls back when the connection drops) leaves the old data intact.
 *
 * Before the transaction: it takes the database's lock (a second refresh waits for the first,
 * so two at once leave one whole scenario, never a mix), repairs what an unfinished bulk load left,
 * and creates every monthly log partition the scenario can write into (see
 * ensureHistoryPartitions): attaching one inside the transaction would lock readers out until the
 * commit.
 *
 * API keys the scenario prints are random unless `credentials` says otherwise: this is the
 * long-lived demo, and a key derived from a public seed would open it to anyone.
 *
 * @param client a dedicated connection (the whole refresh is one transaction on it).
 */
export async function refreshDatabase(
  client: pg.Client,
  url: string,
  scenario: string | Scenario,
  options: RefreshOptions = {},
): Promise<SeedSummary> {
  const database = databaseOf(url);
  assertRefreshable(scenario);
  const now = referenceTime(options.now);
  const lock = await lockDatabase(client, database, {
    action: 'refresh',
    waitMs: options.lockWaitMs,
    onWait: (holder) => options.log?.(`Waiting for ${holder} to finish with database "${database}"…`),
  });
  try {
    await assertMayDestroy(client, database, 'refresh');
    const recovered = await recoverInterruptedLoad(client);
    if (recovered) options.log?.(repairedNote(recovered));
    await assertMigrated(client, database, {
      action: 'refresh',
      migrationsDir: options.migrationsDir,
      migrateHint:
        'run seed refresh with --migrate to apply them first (or seed migrate --database-url <its URL>)',
    });
    await ensureHistoryPartitions(client, now);
    return await inTransaction(client, async () => {
      await deleteAllRows(client);
      await forgetWorld(client);
      return runScenario(client, scenario, {
        ...options,
        now,
        credentials: options.credentials ?? { kind: 'random' },
      });
    });
  } finally {
    await lock.release();
  }
}

/** The load cannot replace data inside one transaction: refused before anything is touched, with what to do instead. */
export function assertRefreshable(scenario: string | Scenario): void {
  if (scenario !== LOAD_SCENARIO) return;
  throw new SeedError(
    'E_SCENARIO_REFUSED',
    `seed refresh cannot use scenario "load": ${loadEntry.refuses('refresh')}.`,
    {
      fix: 'Refresh with a factory scenario (seed list shows them), or reset and load as said above.',
    },
  );
}

/** DELETE every row but the default tenant, children before parents, and restart identity sequences. */
async function deleteAllRows(client: pg.Client): Promise<void> {
  const rows = await serviceTableParents(client);
  for (const table of childrenFirst(rows)) {
    await client.query(
      table === 'identity.tenants'
        ? `DELETE FROM identity.tenants WHERE id <> '${DEFAULT_TENANT_ID}'`
        : `DELETE FROM ${table}`,
    );
  }
  await restartServiceSequences(client);
}

/** Orders tables so that every table comes before the tables it references. */
function childrenFirst(tables: readonly { name: string; parents: string[] }[]): string[] {
  const referencedBy = new Map<string, Set<string>>(tables.map((t) => [t.name, new Set()]));
  for (const t of tables) for (const p of t.parents) referencedBy.get(p)?.add(t.name);
  const order: string[] = [];
  const done = new Set<string>();
  const visit = (name: string) => {
    if (done.has(name)) return;
    done.add(name);
    for (const child of referencedBy.get(name) ?? []) visit(child);
    order.push(name);
  };
  for (const t of tables) visit(t.name);
  return order;
}
