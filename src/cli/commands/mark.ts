import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../options.js';
import { databaseUrlOption } from '../options.js';

interface MarkArgs extends GlobalArgs {
  'database-url'?: string;
  yes?: boolean;
}

export const markCommand: CommandModule<GlobalArgs, MarkArgs> = {
  command: 'mark',
  describe:
    "Mark a database as the toolkit's to reset and reseed (needed for reset/refresh on databases it did not create)",
  builder: (yargs: Argv<GlobalArgs>) =>
    yargs.option('database-url', databaseUrlOption('The database to mark')).option('yes', {
      type: 'boolean',
      describe: 'Confirm that every row in it may be deleted by seed reset/refresh',
    }),
  handler: async (args) => {
    const { resolveTarget } = await import('../../config/resolve-config.js');
    const { markDatabase } = await import('../../seeding/mark-database.js');
    const { announceTarget } = await import('../target.js');
    const { createOutput } = await import('../output.js');
    const out = createOutput(args);
    const target = announceTarget(
      out,
      resolveTarget({ databaseUrl: args['database-url'], command: 'mark' }, process.env),
      'Marking',
    );
    const database = target.database;
    const marker = await markDatabase(target.url, { confirmed: args.yes === true, log: out.note });
    out.result({ database, marker });
    out.say(
      `Database "${database}" is marked (${marker?.origin}); seed reset and seed refresh may now replace its data.`,
    );
  },
};
