import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../options.js';
import { databaseUrlOption, migrationsOption, yesOption } from '../options.js';

interface ResetArgs extends GlobalArgs {
  'database-url'?: string;
  yes?: boolean;
  migrations?: string;
}

export const resetCommand: CommandModule<GlobalArgs, ResetArgs> = {
  command: 'reset',
  describe:
    'Empty every FlatRender table, keeping the schema (only on a database the toolkit created or marked; asks first)',
  builder: (yargs: Argv<GlobalArgs>) =>
    yargs
      .option('database-url', databaseUrlOption('The database to empty'))
      .option('yes', yesOption)
      .option('migrations', migrationsOption)
      .example('$0 reset --database-url postgresql://localhost/demo --yes', 'in a script: no question asked'),
  handler: async (args) => {
    const { resolveConfig, resolveTarget } = await import('../../config/resolve-config.js');
    const { withClient } = await import('../../sql/with-client.js');
    const { assertMayDestroy } = await import('../../database/safety.js');
    const { resetDatabase } = await import('../../seeding/reset-database.js');
    const { describeDatabase } = await import('../../database/describe-database.js');
    const { assertMigrated } = await import('../../migrations/assert-migrated.js');
    const { confirmDestructive } = await import('../confirm.js');
    const { announceTarget } = await import('../target.js');
    const { createOutput } = await import('../output.js');
    const out = createOutput(args);
    const config = resolveConfig(
      { yes: args.yes, migrations: args.migrations, verbose: args.verbose },
      process.env,
    );
    const target = announceTarget(
      out,
      resolveTarget({ databaseUrl: args['database-url'], command: 'reset' }, process.env),
      'Resetting',
    );
    const tables = await withClient(target.url, async (client) => {
      // Refusals first: a database the toolkit may not touch is never offered for confirmation.
      await assertMayDestroy(client, target.database, 'reset');
      await assertMigrated(client, target.database, { action: 'reset', migrationsDir: config.migrationsDir });
      const contents = await describeDatabase(client);
      await confirmDestructive({
        command: 'seed reset',
        effect: 'empty every FlatRender table (keeping the schema and the default tenant) of',
        database: target.database,
        where: target.where,
        holds: `${contents.summary}; ${contents.marker}`,
        yes: config.yes,
        again: `seed reset --database-url <its URL> --yes`,
      });
      return resetDatabase(client, target.url, { migrationsDir: config.migrationsDir, log: out.note });
    });
    out.result({ database: target.database, tables });
    out.say(
      `Emptied ${tables} tables of "${target.database}" (the default tenant stays, as the migrations insert it).`,
    );
  },
};
