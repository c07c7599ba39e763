import type { Argv, CommandModule } from 'yargs';
import { providerNames } from '../../server/started-server.js';
import type { GlobalArgs } from '../main.js';

interface UpArgs extends GlobalArgs {
  provider?: string;
  'database-url'?: string;
  migrations?: string;
}

export const upCommand: CommandModule<GlobalArgs, UpArgs> = {
  command: 'up',
  describe: 'Start a PostgreSQL with a freshly migrated FlatRender database and serve it until Ctrl-C',
  builder: (yargs: Argv<GlobalArgs>) =>
    yargs
      .option('provider', {
        type: 'string',
        choices: [...providerNames, 'auto'],
        describe:
          'Where the server comes from (default: $FLATRENDER_SEED_PROVIDER, else auto: url if given, else embedded, else docker)',
      })
      .option('database-url', {
        type: 'string',
        describe: 'An existing server to create the database on (the url provider)',
      })
      .option('migrations', {
        type: 'string',
        describe: 'A folder of NN_name.sql files instead of the bundled ones',
      })
      .example('$0 up', 'start the embedded server; prints DATABASE_URL=… when ready')
      .example('$0 up --json', 'print {"databaseUrl": …} instead'),
  handler: async (args) => {
    const { resolveConfig } = await import('../../config/resolve-config.js');
    const { startReadyServer } = await import('../../server/ready-server.js');
    const { createTestDatabase } = await import('../../database/test-database.js');
    const { createOutput } = await import('../output.js');
    const out = createOutput(args);
    const config = resolveConfig(
      { provider: args.provider, databaseUrl: args['database-url'], migrations: args.migrations },
      process.env,
    );
    out.progress('Starting PostgreSQL…');
    const server = await startReadyServer(config, { log: out.progress });
    const database = await createTestDatabase({
      adminUrl: server.adminUrl,
      template: server.template,
      ...(server.provider === 'url' ? { prefix: 'flatrender_dev' } : { name: 'flatrender' }),
    }).catch(async (error: unknown) => {
      await server.stop();
      throw error;
    });
    out.result({ databaseUrl: database.url, provider: server.provider, template: server.template });
    out.say(`DATABASE_URL=${database.url}`);
    out.progress('Ready. Press Ctrl-C to stop and delete it.');
    await new Promise<void>((resolve) => {
      // Signal listeners alone do not keep Node's event loop alive.
      const keepAlive = setInterval(() => {}, 1 << 30);
      const stop = () => {
        clearInterval(keepAlive);
        resolve();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    out.progress('Stopping…');
    await database.drop().catch(() => {});
    await server.stop();
  },
};
