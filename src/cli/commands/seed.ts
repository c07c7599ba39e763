import type { Argv, CommandModule } from 'yargs';
import { midnightUtc } from '../../config/parse-inputs.js';
import { providerNames } from '../../config/provider-names.js';
import type { GlobalArgs } from '../options.js';
import { migrationsOption, secretOption } from '../options.js';
import type { SeedArgs } from '../seed-scenario.js';

/** Midnight UTC today: demo data looks current, and reruns on the same day are identical. */
export function defaultNow(): string {
  return midnightUtc(new Date());
}

export const seedCommand: CommandModule<GlobalArgs, SeedArgs> = {
  command: '$0',
  describe:
    'Seed a scenario: into the embedded server (serves until Ctrl-C) or, with --database-url, into that database',
  builder: (yargs: Argv<GlobalArgs>) =>
    yargs
      .option('scenario', { type: 'string', describe: 'The scenario to seed (seed list shows them)' })
      .option('database-url', {
        type: 'string',
        describe:
          'Seed into this database and exit: a new, empty one (the toolkit migrates it first) or one it created or marked',
      })
      // Read as text and parsed by src/config/parse-inputs.ts, so a bad value is quoted back as typed.
      .option('seed', {
        type: 'string',
        describe: 'Fixes every generated value (a whole number): the same seed gives the same data',
        defaultDescription: '1',
      })
      .option('now', {
        type: 'string',
        describe:
          'Reference time (ISO-8601 date or time, UTC when no zone); generated history lies before it',
        defaultDescription: 'midnight UTC today',
      })
      .option('scale', { type: 'string', describe: 'load scenario: 1 ≈ 170k rows, 10 ≈ 1.3M (at most 1000)' })
      .option('workers', {
        type: 'string',
        describe: 'load scenario: generator threads, 1 to 64 (default: CPUs / 2, 1 to 4)',
      })
      .option('shard', {
        type: 'string',
        describe:
          'load scenario with --database-url: load the i-th of n slices (i/n); n processes with 1/n … n/n make the whole load together',
      })
      .option('provider', {
        type: 'string',
        choices: [...providerNames, 'auto'],
        describe: 'Where the server comes from when no --database-url is given',
      })
      .option('secret', secretOption)
      .option('migrate', {
        type: 'boolean',
        describe: 'With --database-url: apply missing migrations first instead of refusing',
      })
      .option('migrations', migrationsOption)
      .example('$0 --scenario reseller', 'a running database full of a reseller business; Ctrl-C stops it')
      .example('$0 --scenario load --scale 10', '≈1.3M rows over many tenants, by COPY from parallel workers')
      .example(
        '$0 --scenario load --scale 100 --shard 2/4 --database-url postgresql://db/big',
        'the second of four processes (or machines) loading one database together',
      )
      .example(
        '$0 --scenario demo --database-url postgresql://localhost/demo --json',
        'seed an existing (or new, empty) database, print JSON',
      ),
  handler: async (args) => {
    const { seedScenario } = await import('../seed-scenario.js');
    await seedScenario(args);
  },
};
