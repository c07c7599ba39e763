import { lockDatabase } from '../database/database-lock.js';
import { assertMaySeed } from '../database/safety.js';
import { recoverInterruptedLoad, repairedNote } from '../load/interrupted-load.js';
import { type RunScenarioOptions, runScenario, type SeedSummary } from '../scenarios/run-scenario.js';
import type { Scenario } from '../scenarios/scenario.js';
import { databaseOf } from '../sql/database-url.js';
import { inTransaction } from '../sql/transaction.js';
import { withClient } from '../sql/with-client.js';
import { prepareDatabase } from './prepare-database.js';

export interface SeedDatabaseOptions extends RunScenarioOptions {
  readonly migrationsDir?: string;
  /** Apply missing migrations first instead of refusing a database behind them. */
  readonly migrate?: boolean;
  /** The migration runner's own log when it migrates (config.verbose: --verbose). */
  readonly verbose?: boolean;
  /** A line for a person: waiting for another command, repairing an unfinished load. */
  readonly log?: (line: string) => void;
  /** How long to wait for another seed, refresh, reset or load of the same database (default 5 minutes). */
  readonly lockWaitMs?: number;
}

/**
 * Seeds a scenario into an existing database, in one transaction, with every check the CLI makes:
 * a new, empty database is migrated first (one behind only with `migrate`), the database's lock is
 * held (another seed, refresh, reset or load is waited for), what an unfinished bulk load left is
 * repaired, and a database that holds data beyond the migrations' is refused unless the toolkit
 * created or marked it. `seed --scenario <name> --database-url <url>` is this function.
 *
 * @example
 * const summary = await seedDatabase('postgresql://…/demo', 'reseller', { seed: 1 });
 */
export async function seedDatabase<Handles = unknown>(
  url: string,
  scenario: string | Scenario<Handles>,
  options: SeedDatabaseOptions = {},
): Promise<SeedSummary<Handles>> {
  const database = databaseOf(url);
  const name = typeof scenario === 'string' ? scenario : scenario.name;
  await prepareDatabase(url, {
    migrationsDir: options.migrationsDir,
    migrate: options.migrate,
    verbose: options.verbose,
    action: 'seed',
    migrateHint: `add --migrate (seed --scenario ${name} --database-url <its URL> --migrate), or run seed migrate --database-url <its URL>`,
  });
  return withClient(url, async (client) => {
    const lock = await lockDatabase(client, database, {
      action: 'seed',
      waitMs: options.lockWaitMs,
      onWait: (holder) => options.log?.(`Waiting for ${holder} to finish with database "${database}"…`),
    });
    try {
      const recovered = await recoverInterruptedLoad(client);
      if (recovered) options.log?.(repairedNote(recovered));
      return await inTransaction(client, async () => {
        await assertMaySeed(client, database);
        return runScenario(client, scenario, options);
      });
    } finally {
      await lock.release();
    }
  });
}
