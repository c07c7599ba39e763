import type { Argv, CommandModule } from 'yargs';
import { SeedError } from '../../errors.js';
import type { GlobalArgs } from '../main.js';
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
    const { withClient } = await import('../with-client.js');
    const { writeMarker, readMarker } = await import('../../database/marker.js');
    const { recoverInterruptedLoad, repairedNote } = await import('../../load/interrupted-load.js');
    const { announceTarget } = await import('../target.js');
    const { createOutput } = await import('../output.js');
    const out = createOutput(args);
    const target = announceTarget(
      out,
      resolveTarget({ databaseUrl: args['database-url'] }, process.env),
      'Marking',
    );
    const database = target.database;
    if (!args.yes) {
      throw new SeedError(
        'E_MARK_UNCONFIRMED',
        `Marking database "${database}" allows seed reset and seed refresh to delete all of its FlatRender data; nothing was changed.`,
        { fix: `Add --yes to confirm: seed mark --database-url <its URL> --yes` },
      );
    }
    const marker = await withClient(target.url, async (client) => {
      const recovered = await recoverInterruptedLoad(client);
      if (recovered) out.note(repairedNote(recovered));
      await writeMarker(client, 'seed mark');
      return readMarker(client);
    });
    out.result({ database, marker });
    out.say(
      `Database "${database}" is marked (${marker?.origin}); seed reset and seed refresh may now replace its data.`,
    );
  },
};
