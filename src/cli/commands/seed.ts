import type { Argv, CommandModule } from 'yargs';
import { providerNames } from '../../server/started-server.js';
import type { GlobalArgs } from '../main.js';

export interface SeedArgs extends GlobalArgs {
  scenario?: string;
  'database-url'?: string;
  seed: number;
  now?: string;
  provider?: string;
  scale?: number;
  workers?: number;
}

/** Midnight UTC today: demo data looks current, and reruns on the same day are identical. */
export function defaultNow(): string {
  return `${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`;
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
          'Seed into this existing database and exit (it must be new, or created or marked by the toolkit)',
      })
      .option('seed', {
        type: 'number',
        default: 1,
        describe: 'Fixes every generated value: the same seed gives the same data',
      })
      .option('now', {
        type: 'string',
        describe: 'Reference time (ISO-8601); generated history lies before it',
        defaultDescription: 'midnight UTC today',
      })
      .option('scale', { type: 'number', describe: 'load scenario: 1 ≈ 170k rows, 10 ≈ 1.3M' })
      .option('workers', { type: 'number', describe: 'load scenario: generator threads (default: CPUs / 2)' })
      .option('provider', {
        type: 'string',
        choices: [...providerNames, 'auto'],
        describe: 'Where the server comes from when no --database-url is given',
      })
      .example('$0 --scenario reseller', 'a running database full of a reseller business; Ctrl-C stops it')
      .example('$0 --scenario load --scale 10', '≈1.3M rows over many tenants, by COPY from parallel workers')
      .example(
        '$0 --scenario demo --database-url postgresql://localhost/demo --json',
        'seed an existing database, print JSON',
      ),
  handler: async (args) => {
    const { seedScenario } = await import('../seed-scenario.js');
    await seedScenario(args);
  },
};
