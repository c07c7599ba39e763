import type { Options } from 'yargs';

/** The --database-url option of commands that work on an existing database. */
export function databaseUrlOption(describe: string): Options & { type: 'string'; demandOption: true } {
  return {
    type: 'string',
    demandOption: true,
    describe: `${describe}, e.g. postgresql://user:pass@localhost:5432/flatrender`,
    default: process.env.FLATRENDER_SEED_DATABASE_URL ?? process.env.DATABASE_URL,
    defaultDescription: '$FLATRENDER_SEED_DATABASE_URL or $DATABASE_URL',
  };
}
