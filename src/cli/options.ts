import type { Options } from 'yargs';

/** The flags every command takes. */
export interface GlobalArgs {
  json?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  'show-password'?: boolean;
}

/**
 * The --database-url option of commands that work on an existing database. Its environment
 * fallbacks (FLATRENDER_SEED_DATABASE_URL, then DATABASE_URL) are read by resolveTarget, the one
 * place that resolves them, which also says where the URL came from.
 */
export function databaseUrlOption(describe: string): Options & { type: 'string' } {
  return {
    type: 'string',
    describe: `${describe}, e.g. postgresql://user:pass@localhost:5432/flatrender`,
    defaultDescription: '$FLATRENDER_SEED_DATABASE_URL, else $DATABASE_URL',
  };
}

/** --yes of the destructive commands. */
export const yesOption: Options & { type: 'boolean' } = {
  type: 'boolean',
  describe: 'Go ahead without asking; required off a terminal (scripts, cron)',
};

/** --secret of the commands that print API keys. */
export const secretOption: Options & { type: 'string' } = {
  type: 'string',
  describe:
    'Derive the printed API keys from this secret (stable across runs, unguessable without it); prefer $FLATRENDER_SEED_SECRET, a flag shows in ps',
  defaultDescription: '$FLATRENDER_SEED_SECRET',
};

/** --migrations of the commands that compare a database with the migrations or apply them. */
export const migrationsOption: Options & { type: 'string' } = {
  type: 'string',
  describe: 'A folder of NN_name.sql files instead of the bundled ones',
  defaultDescription: '$FLATRENDER_SEED_MIGRATIONS, else the bundled migrations/',
};
