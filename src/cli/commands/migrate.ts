import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../options.js';
import { databaseUrlOption, migrationsOption } from '../options.js';

interface MigrateArgs extends GlobalArgs {
  'database-url'?: string;
  migrations?: string;
}

export const migrateCommand: CommandModule<GlobalArgs, MigrateArgs> = {
  command: 'migrate',
  describe: 'Apply the FlatRender migrations to a database (each file once, in order; safe to repeat)',
  builder: (yargs: Argv<GlobalArgs>) =>
    yargs
      .option('database-url', databaseUrlOption('The database to migrate'))
      .option('migrations', migrationsOption)
      .example('$0 migrate --database-url postgresql://localhost/flatrender', 'bring a database up to date'),
  handler: async (args) => {
    const { resolveConfig, resolveTarget } = await import('../../config/resolve-config.js');
    const { migrate } = await import('../../migrations/migrate.js');
    const { withClient } = await import('../../sql/with-client.js');
    const { recoverInterruptedLoad, repairedNote } = await import('../../load/interrupted-load.js');
    const { announceTarget } = await import('../target.js');
    const { createOutput } = await import('../output.js');
    const out = createOutput(args);
    const config = resolveConfig({ migrations: args.migrations, verbose: args.verbose }, process.env);
    const target = announceTarget(
      out,
      resolveTarget({ databaseUrl: args['database-url'], command: 'migrate' }, process.env),
      'Migrating',
    );
    // A migration must not run against tables an unfinished bulk load left without their keys.
    const recovered = await withClient(target.url, (client) => recoverInterruptedLoad(client));
    if (recovered) out.note(repairedNote(recovered));
    const result = await migrate(target.url, {
      migrationsDir: config.migrationsDir,
      verbose: config.verbose,
      log: (line) => out.progress(`  ${line}`),
    });
    out.result(result);
    if (result.applied.length === 0) {
      out.say(`Database "${result.database}" is up to date (${result.alreadyApplied} migrations applied).`);
    } else {
      out.say(`Applied ${result.applied.length} migration(s) to "${result.database}":`);
      for (const name of result.applied) out.say(`  ${name}`);
    }
    if (result.unknown.length > 0) {
      process.stderr.write(
        `warning: the database also has migrations this folder lacks (${result.unknown.join(', ')}): it was migrated by a newer toolkit.\n`,
      );
    }
  },
};
