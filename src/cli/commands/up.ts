import type { Argv, CommandModule } from 'yargs';
import { providerNames } from '../../config/provider-names.js';
import type { GlobalArgs } from '../options.js';
import { migrationsOption } from '../options.js';

interface UpArgs extends GlobalArgs {
  provider?: string;
  'database-url'?: string;
  migrations?: string;
  scenario?: string;
  seed?: string;
  now?: string;
}

export const upCommand: CommandModule<GlobalArgs, UpArgs> = {
  command: 'up',
  describe:
    'Start a PostgreSQL with a freshly migrated FlatRender database (or a seeded world) and serve it until Ctrl-C',
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
      .option('scenario', {
        type: 'string',
        describe:
          'Serve a seeded world: a clone of its seeded template (a name from seed list, or a scenario file); --json then names the template to clone per test',
      })
      .option('seed', {
        type: 'string',
        describe: "The world's seed (with --scenario)",
        defaultDescription: '1',
      })
      .option('now', {
        type: 'string',
        describe: "The world's reference time (with --scenario)",
        defaultDescription: 'midnight UTC today',
      })
      .example('$0 up', 'start the embedded server; prints DATABASE_URL=… when ready')
      .example(
        '$0 up --json',
        'print {"databaseUrl": …, "adminUrl": …, "template": …, "serviceRoleUrls": {…}} instead',
      )
      .example(
        '$0 up --scenario reseller --json',
        'the reseller world; "template" is its seeded template: CREATE DATABASE x TEMPLATE <it> per test',
      ),
  handler: async (args) => {
    const { resolveConfig } = await import('../../config/resolve-config.js');
    const { midnightUtc, parseNow, parseSeed } = await import('../../config/parse-inputs.js');
    const { startServing } = await import('../../seeding/serve-database.js');
    const { assertUsable, resolveScenario } = await import('../../seeding/scenario-catalog.js');
    const { serviceRoleUrls } = await import('../../server/service-roles.js');
    const { announceServer } = await import('../seed-scenario.js');
    const { shownUrl } = await import('../shown-url.js');
    const { createOutput } = await import('../output.js');
    const out = createOutput(args);
    const config = resolveConfig(
      {
        provider: args.provider,
        databaseUrl: args['database-url'],
        migrations: args.migrations,
        showPassword: args['show-password'],
        verbose: args.verbose,
      },
      process.env,
    );
    const entry = args.scenario !== undefined ? await resolveScenario(args.scenario) : undefined;
    if (entry) assertUsable(entry, 'template', 'seed up --scenario');
    const seed = parseSeed(args.seed);
    const now = parseNow(args.now, midnightUtc(new Date()));
    announceServer(out, config);
    out.progress('Starting PostgreSQL…');
    const served = await startServing({
      config,
      purpose: 'dev',
      log: out.progress,
      note: out.note,
      ...(entry
        ? { world: { scenario: entry.scenario!, seed, now, progress: (step) => out.progress(`  ${step}`) } }
        : {}),
    });
    try {
      const show = (url: string) =>
        shownUrl(url, { userPassword: served.server.provider === 'url', showPassword: config.showPassword });
      const world = served.world;
      out.result({
        databaseUrl: show(served.url),
        provider: served.server.provider,
        template: served.template,
        adminUrl: show(served.server.adminUrl),
        serviceRoleUrls: Object.fromEntries(
          Object.entries(serviceRoleUrls(served.url, served.server.serviceRoles)).map(([role, url]) => [
            role,
            show(url),
          ]),
        ),
        ...(world
          ? {
              scenario: world.scenario,
              seed: world.seed,
              now: world.now,
              counts: world.counts,
              credentials: world.credentials,
              credentialSource: world.credentialSource,
            }
          : {}),
      });
      if (world)
        out.say(
          `Template ${served.template} holds scenario "${world.scenario}" (seed ${world.seed}, now ${world.now}).`,
        );
      out.say(`DATABASE_URL=${show(served.url)}`);
    } catch (error) {
      await served.stop();
      throw error;
    }
    out.progress('Ready. Press Ctrl-C to stop and delete it.');
    await served.serveUntilSignal('seed up');
  },
};
