import type { Argv, CommandModule } from 'yargs';
import { providerNames } from '../../server/started-server.js';
import type { GlobalArgs } from '../main.js';
import { migrationsOption } from '../options.js';

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
          'Where the server comes from (default: $FLATRENDER_SEED_PROVIDER, else auto: url if one is given, else embedded, else docker)',
      })
      .option('database-url', {
        type: 'string',
        describe: 'An existing server to create the database on (the url provider)',
        defaultDescription: '$FLATRENDER_SEED_DATABASE_URL (a bare $DATABASE_URL is not used)',
      })
      .option('migrations', migrationsOption)
      .example('$0 up', 'start the embedded server; prints DATABASE_URL=… when ready')
      .example('$0 up --json', 'print {"databaseUrl": …, "serviceRoleUrls": {…}} instead'),
  handler: async (args) => {
    const { resolveConfig } = await import('../../config/resolve-config.js');
    const { startReadyServer } = await import('../../server/ready-server.js');
    const { createTestDatabase } = await import('../../database/test-database.js');
    const { withClient } = await import('../with-client.js');
    const { openKeeper, reapAbandonedDatabases, servedDatabaseName } = await import(
      '../../database/served-databases.js'
    );
    const { serviceRoleUrls } = await import('../../server/service-roles.js');
    const { announceServer } = await import('../seed-scenario.js');
    const { serveUntilSignal } = await import('../serve-until-signal.js');
    const { shownUrl } = await import('../shown-url.js');
    const { createOutput } = await import('../output.js');
    const out = createOutput(args);
    const config = resolveConfig(
      {
        provider: args.provider,
        databaseUrl: args['database-url'],
        migrations: args.migrations,
        showPassword: args['show-password'],
      },
      process.env,
    );
    announceServer(out, config);
    out.progress('Starting PostgreSQL…');
    const server = await startReadyServer(config, { log: out.progress });
    try {
      const onUserServer = server.provider === 'url';
      const name = onUserServer ? servedDatabaseName('dev') : 'flatrender';
      if (onUserServer) {
        const reaped = await withClient(server.adminUrl, (admin) =>
          reapAbandonedDatabases(admin, server.adminUrl),
        );
        if (reaped.length > 0)
          out.note(`Dropped ${reaped.length} database(s) abandoned by killed runs: ${reaped.join(', ')}.`);
      }
      const keeper = onUserServer ? await openKeeper(server.adminUrl, name) : undefined;
      try {
        const database = await createTestDatabase({
          adminUrl: server.adminUrl,
          template: server.template,
          name,
        });
        const show = (url: string) =>
          shownUrl(url, { userPassword: onUserServer, showPassword: config.showPassword });
        out.result({
          databaseUrl: show(database.url),
          provider: server.provider,
          template: server.template,
          serviceRoleUrls: Object.fromEntries(
            Object.entries(serviceRoleUrls(database.url, server.serviceRoles)).map(([role, url]) => [
              role,
              show(url),
            ]),
          ),
        });
        out.say(`DATABASE_URL=${show(database.url)}`);
        out.progress('Ready. Press Ctrl-C to stop and delete it.');
        try {
          await serveUntilSignal({ adminUrl: server.adminUrl, database: name, command: 'seed up' });
        } finally {
          out.progress('Stopping…');
          await database.drop().catch(() => {});
        }
      } finally {
        await keeper?.end().catch(() => {});
      }
    } finally {
      await server.stop();
    }
  },
};
