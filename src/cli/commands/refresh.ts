import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../main.js';
import { databaseUrlOption } from '../options.js';
import { defaultNow } from './seed.js';

interface RefreshArgs extends GlobalArgs {
  'database-url': string;
  scenario: string;
  seed: number;
  now?: string;
  migrate?: boolean;
  migrations?: string;
}

export const refreshCommand: CommandModule<GlobalArgs, RefreshArgs> = {
  command: 'refresh',
  describe:
    "Atomically replace a marked demo database's data with a fresh scenario (readers see the old data until it is done)",
  builder: (yargs: Argv<GlobalArgs>) =>
    yargs
      .option('database-url', databaseUrlOption('The demo database'))
      .option('scenario', { type: 'string', demandOption: true, describe: 'The scenario to seed' })
      .option('seed', { type: 'number', default: 1, describe: 'Fixes every generated value' })
      .option('now', {
        type: 'string',
        describe: 'Reference time (ISO-8601)',
        defaultDescription: 'midnight UTC today',
      })
      .option('migrate', { type: 'boolean', describe: 'Apply missing migrations first instead of refusing' })
      .option('migrations', {
        type: 'string',
        describe: 'A folder of NN_name.sql files instead of the bundled ones',
      }),
  handler: async (args) => {
    const { withClient } = await import('../with-client.js');
    const { refreshDatabase } = await import('../../database/refresh-database.js');
    const { findScenario } = await import('../../scenarios/run-scenario.js');
    const { migrate } = await import('../../migrations/migrate.js');
    const { createOutput } = await import('../output.js');
    const { summaryJson } = await import('../seed-scenario.js');
    const out = createOutput(args);
    const url = args['database-url'];
    findScenario(args.scenario);
    if (args.migrate) {
      const result = await migrate(url, { migrationsDir: args.migrations });
      if (result.applied.length) out.progress(`Applied ${result.applied.length} migration(s) first.`);
    }
    out.progress(`Refreshing with scenario "${args.scenario}" in one transaction…`);
    const summary = await withClient(url, (client) =>
      refreshDatabase(client, url, args.scenario, {
        seed: args.seed,
        now: args.now ?? defaultNow(),
        migrationsDir: args.migrations,
        progress: (step) => out.progress(`  ${step}`),
      }),
    );
    out.result(summaryJson(url, summary));
    out.say(`Refreshed with scenario "${summary.scenario}" (seed ${summary.seed}).`);
  },
};
