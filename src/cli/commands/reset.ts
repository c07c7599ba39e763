import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../main.js';
import { databaseUrlOption } from '../options.js';

interface ResetArgs extends GlobalArgs {
  'database-url': string;
}

export const resetCommand: CommandModule<GlobalArgs, ResetArgs> = {
  command: 'reset',
  describe:
    'Empty every FlatRender table, keeping the schema (only on a database the toolkit created or marked)',
  builder: (yargs: Argv<GlobalArgs>) =>
    yargs.option('database-url', databaseUrlOption('The database to empty')),
  handler: async (args) => {
    const { withClient } = await import('../with-client.js');
    const { assertMayDestroy } = await import('../../database/safety.js');
    const { emptyFlatRenderTables } = await import('../../database/reset-database.js');
    const { databaseOf } = await import('../../database/database-url.js');
    const { createOutput } = await import('../output.js');
    const out = createOutput(args);
    const database = databaseOf(args['database-url']);
    const tables = await withClient(args['database-url'], async (client) => {
      await client.query('BEGIN');
      try {
        await assertMayDestroy(client, database, 'reset');
        const count = await emptyFlatRenderTables(client);
        await client.query('COMMIT');
        return count;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      }
    });
    out.result({ database, tables });
    out.say(
      `Emptied ${tables} tables of "${database}" (the default tenant stays, as the migrations insert it).`,
    );
  },
};
