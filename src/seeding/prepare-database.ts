import { assertMigrated, schemaState } from '../migrations/assert-migrated.js';
import { migrate } from '../migrations/migrate.js';
import { databaseOf } from '../sql/database-url.js';
import { withClient } from '../sql/with-client.js';

export interface PrepareOptions {
  readonly migrationsDir?: string;
  /** Apply missing migrations to a database behind them, instead of refusing (`--migrate`). */
  readonly migrate?: boolean;
  /** What is about to happen, for the refusal: `seed`, `load into`. */
  readonly action: string;
  /** How to migrate it, for the refusal. */
  readonly migrateHint: string;
  /** The migration runner's own log (config.verbose: --verbose). */
  readonly verbose?: boolean;
}

/**
 * Before seeding into an existing database: a new, empty one is migrated (seeding promises that the
 * target may be new); one behind is migrated with `migrate: true`; anything else that is not
 * FlatRender's, or is behind without it, is refused with the command that fixes it.
 *
 * @example
 * await prepareDatabase(url, { action: 'seed', migrateHint: 'run seed migrate first' });
 */
export async function prepareDatabase(url: string, options: PrepareOptions): Promise<void> {
  const state = await withClient(url, (client) =>
    schemaState(client, databaseOf(url), options.migrationsDir),
  );
  if (state.kind === 'foreign') throw state.error;
  if (state.kind === 'new' || (state.kind === 'behind' && options.migrate)) {
    await migrate(url, { migrationsDir: options.migrationsDir, verbose: options.verbose });
    return;
  }
  if (state.kind === 'behind') {
    await withClient(url, (client) =>
      assertMigrated(client, databaseOf(url), {
        action: options.action,
        migrationsDir: options.migrationsDir,
        migrateHint: options.migrateHint,
      }),
    );
  }
}
