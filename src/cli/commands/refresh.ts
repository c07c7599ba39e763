import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../options.js';
import { databaseUrlOption, migrationsOption, secretOption, yesOption } from '../options.js';

interface RefreshArgs extends GlobalArgs {
  'database-url'?: string;
  scenario: string;
  seed?: string;
  now?: string;
  migrate?: boolean;
  migrations?: string;
  yes?: boolean;
  secret?: string;
}

export const refreshCommand: CommandModule<GlobalArgs, RefreshArgs> = {
  command: 'refresh',
  describe:
    "Atomically replace a marked demo database's data with a fresh scenario (readers see the old data until it is done; asks first)",
  builder: (yargs: Argv<GlobalArgs>) =>
    yargs
      .option('database-url', databaseUrlOption('The demo database'))
      .option('scenario', {
        type: 'string',
        demandOption: true,
        describe:
          'The scenario to seed: a name (seed list) or a scenario file of yours. Not load: it writes by COPY over several connections, so it cannot replace data in one transaction (run seed reset, then seed --scenario load)',
      })
      .option('seed', {
        type: 'string',
        describe: 'Fixes every generated value (a whole number)',
        defaultDescription: '1',
      })
      .option('now', {
        type: 'string',
        describe: 'Reference time (ISO-8601 date or time)',
        defaultDescription: 'midnight UTC today',
      })
      .option('secret', secretOption)
      .option('migrate', { type: 'boolean', describe: 'Apply missing migrations first instead of refusing' })
      .option('migrations', migrationsOption)
      .option('yes', yesOption)
      .example(
        'FLATRENDER_SEED_SECRET=… $0 refresh --database-url postgresql://localhost/demo --scenario demo --yes',
        'from cron: API keys stay the same across refreshes and nobody can guess them',
      ),
  handler: async (args) => {
    const { resolveConfig, resolveTarget } = await import('../../config/resolve-config.js');
    const { midnightUtc, parseNow, parseSeed } = await import('../../config/parse-inputs.js');
    const { withClient } = await import('../../sql/with-client.js');
    const { refreshDatabase } = await import('../../seeding/refresh-database.js');
    const { assertMayDestroy } = await import('../../database/safety.js');
    const { describeDatabase } = await import('../../database/describe-database.js');
    const { assertUsable, resolveScenario } = await import('../../seeding/scenario-catalog.js');
    const { migrate } = await import('../../migrations/migrate.js');
    const { confirmDestructive } = await import('../confirm.js');
    const { announceTarget } = await import('../target.js');
    const { createOutput } = await import('../output.js');
    const { reportSummary } = await import('../seed-scenario.js');
    const out = createOutput(args);
    const config = resolveConfig(
      {
        yes: args.yes,
        migrations: args.migrations,
        secret: args.secret,
        showPassword: args['show-password'],
        verbose: args.verbose,
      },
      process.env,
    );
    const entry = await resolveScenario(args.scenario);
    assertUsable(entry, 'refresh', 'seed refresh');
    const seed = parseSeed(args.seed);
    const now = parseNow(args.now, midnightUtc(new Date()));
    const target = announceTarget(
      out,
      resolveTarget({ databaseUrl: args['database-url'], command: 'refresh' }, process.env),
      'Refreshing',
    );
    await withClient(target.url, async (client) => {
      await assertMayDestroy(client, target.database, 'refresh');
      const contents = await describeDatabase(client);
      await confirmDestructive({
        command: 'seed refresh',
        effect: `replace, in one transaction, all the data with scenario "${args.scenario}" (seed ${seed}) in`,
        database: target.database,
        where: target.where,
        holds: `${contents.summary}; ${contents.marker}`,
        yes: config.yes,
        again: `seed refresh --database-url <its URL> --scenario ${args.scenario} --yes`,
      });
    });
    if (args.migrate) {
      const result = await migrate(target.url, {
        migrationsDir: config.migrationsDir,
        verbose: config.verbose,
      });
      if (result.applied.length) out.progress(`Applied ${result.applied.length} migration(s) first.`);
    }
    out.progress(`Refreshing with scenario "${args.scenario}" in one transaction…`);
    const summary = await withClient(target.url, (client) =>
      refreshDatabase(client, target.url, entry.scenario!, {
        seed,
        now,
        migrationsDir: config.migrationsDir,
        credentials: config.secret ? { kind: 'secret', secret: config.secret } : { kind: 'random' },
        progress: (step) => out.progress(`  ${step}`),
        log: out.note,
      }),
    );
    reportSummary(out, summary, { url: target.url, userPassword: true, showPassword: config.showPassword });
    out.say(`Refreshed "${target.database}" with scenario "${summary.scenario}" (seed ${summary.seed}).`);
  },
};
