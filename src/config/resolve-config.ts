import { SeedError } from '../errors.js';
import { type ProviderName, providerNames } from './provider-names.js';

/** Where the server comes from: a named provider, or `auto` (url if a URL is given, else embedded, else docker). */
export type ProviderChoice = ProviderName | 'auto';

/** Spare clones kept when FLATRENDER_SEED_SPARE_CLONES is not set: enough for four test files starting at once. */
export const DEFAULT_SPARE_CLONES = 4;

/** The setting a server or database URL came from, for saying which one the toolkit uses. */
export type UrlSource = '--database-url' | 'FLATRENDER_SEED_DATABASE_URL' | 'DATABASE_URL';

/** Shortest FLATRENDER_SEED_SECRET / --secret accepted: API keys derived from it are only as strong. */
export const MIN_SECRET_LENGTH = 16;

export interface SeedConfig {
  readonly provider: ProviderChoice;
  /**
   * The server the toolkit should use instead of starting its own: --database-url or
   * FLATRENDER_SEED_DATABASE_URL. A bare DATABASE_URL is the application's, not the toolkit's: it
   * never moves `seed --scenario`, `seed up` or the vitest global setup off the embedded server.
   */
  readonly databaseUrl: string | undefined;
  /** Where databaseUrl came from (undefined when none). */
  readonly databaseUrlFrom: UrlSource | undefined;
  /** DATABASE_URL is set and, as above, was not used to pick the server (worth saying so). */
  readonly ignoredDatabaseUrl: boolean;
  readonly migrationsDir: string | undefined;
  /**
   * Spare clones of the template the vitest global setup keeps ready on a server it started
   * (embedded, docker; never url). 0: none, every test database is cloned when asked for.
   */
  readonly spareClones: number;
  /**
   * The operator's secret (--secret, FLATRENDER_SEED_SECRET) that printed API keys are derived from;
   * undefined: keys come from the seed, or are random for `seed refresh`.
   */
  readonly secret: string | undefined;
  /** --yes: destructive commands (reset, refresh, clean) go ahead without asking. */
  readonly yes: boolean;
  /** --show-password: output repeats the password of a URL the user passed in. */
  readonly showPassword: boolean;
  /**
   * --verbose, FLATRENDER_SEED_VERBOSE=1: the migration runner's own log (postgres-migrations)
   * wherever the toolkit migrates (a template, `seed migrate`, `seed refresh`).
   */
  readonly verbose: boolean;
  /**
   * FLATRENDER_SEED_DATA_DIR: the folder the embedded server's root (`flatrender-seed-<uid>`) is
   * made in; undefined: /dev/shm where writable, else the OS temp folder (see dataRoot).
   */
  readonly dataDir: string | undefined;
  /** PG_BIN: the bin folder of the server installation the embedded provider starts; undefined: searched. */
  readonly pgBin: string | undefined;
  /** FLATRENDER_SEED_PG_USER: the OS account the embedded server runs as when the toolkit is root. */
  readonly pgUser: string | undefined;
  /**
   * FLATRENDER_SEED_SERVER_SETTINGS (space-separated `key=value`): extra settings of the embedded
   * server, before the ones that keep it closed (those always win).
   */
  readonly serverSettings: readonly string[];
  /** FLATRENDER_SEED_SPARE=0 turns it off: the embedded server keeps a spare copy of its data ready. */
  readonly spareData: boolean;
  /** DOCKER_HOST: the container engine the docker provider pings first; undefined: the default socket. */
  readonly dockerHost: string | undefined;
}

export interface ConfigFlags {
  readonly provider?: string | undefined;
  readonly databaseUrl?: string | undefined;
  readonly migrations?: string | undefined;
  readonly spareClones?: number | string | undefined;
  readonly secret?: string | undefined;
  readonly yes?: boolean | undefined;
  readonly showPassword?: boolean | undefined;
  readonly verbose?: boolean | undefined;
}

/**
 * The configuration this process's environment gives, under the flags given (a flag wins over its
 * variable, so a provider passed in is used even when FLATRENDER_SEED_PROVIDER is wrong): the
 * library's default where a caller passes no configuration.
 */
export function environmentConfig(flags: ConfigFlags = {}): SeedConfig {
  return resolveConfig(flags, process.env);
}

/**
 * The one place configuration is resolved, with one precedence: flag > environment > default
 * (there is no settings file: flatrender-seed.config.* declares scenarios only). Every environment
 * variable the toolkit reads is read here or in resolveTarget, and listed in docs/configuration.md:
 * FLATRENDER_SEED_PROVIDER, FLATRENDER_SEED_DATABASE_URL, FLATRENDER_SEED_MIGRATIONS,
 * FLATRENDER_SEED_SPARE_CLONES, FLATRENDER_SEED_SECRET, FLATRENDER_SEED_VERBOSE,
 * FLATRENDER_SEED_DATA_DIR, PG_BIN, FLATRENDER_SEED_PG_USER, FLATRENDER_SEED_SERVER_SETTINGS,
 * FLATRENDER_SEED_SPARE, DOCKER_HOST. DATABASE_URL is only noted (see SeedConfig.databaseUrl;
 * resolveTarget reads it for commands on an existing database). The modules below get what they
 * need from the result, passed down; none reads the environment. Pure: pass the environment in
 * (the shells, src/cli and src/vitest, pass process.env).
 */
export function resolveConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv): SeedConfig {
  const provider = flags.provider ?? env.FLATRENDER_SEED_PROVIDER ?? 'auto';
  if (provider !== 'auto' && !(providerNames as readonly string[]).includes(provider)) {
    const from = flags.provider ? '--provider' : 'FLATRENDER_SEED_PROVIDER';
    throw new SeedError(
      'E_BAD_PROVIDER',
      `${from} is "${provider}"; the providers are ${providerNames.join(', ')} (or auto).`,
      {
        fix: `Use one of: ${providerNames.join(', ')}.`,
      },
    );
  }
  const databaseUrlFrom: UrlSource | undefined = flags.databaseUrl
    ? '--database-url'
    : env.FLATRENDER_SEED_DATABASE_URL
      ? 'FLATRENDER_SEED_DATABASE_URL'
      : undefined;
  const databaseUrl = flags.databaseUrl || env.FLATRENDER_SEED_DATABASE_URL || undefined;
  return {
    provider: provider as ProviderChoice,
    databaseUrl,
    databaseUrlFrom,
    ignoredDatabaseUrl: !databaseUrl && Boolean(env.DATABASE_URL),
    migrationsDir: flags.migrations ?? env.FLATRENDER_SEED_MIGRATIONS ?? undefined,
    spareClones: spareClones(flags, env),
    secret: secret(flags, env),
    yes: flags.yes === true,
    showPassword: flags.showPassword === true,
    verbose: flags.verbose === true || env.FLATRENDER_SEED_VERBOSE === '1',
    dataDir: env.FLATRENDER_SEED_DATA_DIR || undefined,
    pgBin: env.PG_BIN || undefined,
    pgUser: env.FLATRENDER_SEED_PG_USER || undefined,
    // Space-separated key=value pairs (the last of a key wins), e.g. "shared_buffers=256MB".
    serverSettings: env.FLATRENDER_SEED_SERVER_SETTINGS?.split(/\s+/).filter(Boolean) ?? [],
    spareData: env.FLATRENDER_SEED_SPARE !== '0',
    dockerHost: env.DOCKER_HOST || undefined,
  };
}

/** An existing database a command works on (migrate, verify, reset, refresh, mark) and where its URL came from. */
export interface TargetDatabase {
  readonly url: string;
  readonly from: UrlSource;
}

/**
 * The database of a command that works on an existing one: --database-url, else
 * FLATRENDER_SEED_DATABASE_URL, else DATABASE_URL (the conventional name: `seed migrate` in an app's
 * deploy script reads it). Such commands print which one they use, and the destructive ones ask.
 */
export function resolveTarget(
  flags: { readonly databaseUrl?: string | undefined; readonly command?: string },
  env: NodeJS.ProcessEnv,
): TargetDatabase {
  if (flags.databaseUrl) return { url: flags.databaseUrl, from: '--database-url' };
  if (env.FLATRENDER_SEED_DATABASE_URL) {
    return { url: env.FLATRENDER_SEED_DATABASE_URL, from: 'FLATRENDER_SEED_DATABASE_URL' };
  }
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, from: 'DATABASE_URL' };
  const command = flags.command ? `seed ${flags.command}` : 'This command';
  throw new SeedError('E_NO_URL', `${command} works on an existing database, and none was given.`, {
    fix: 'Pass --database-url postgresql://user:password@host:5432/flatrender (or set FLATRENDER_SEED_DATABASE_URL or DATABASE_URL).',
  });
}

function secret(flags: ConfigFlags, env: NodeJS.ProcessEnv): string | undefined {
  const fromFlag = flags.secret !== undefined && flags.secret !== '';
  const value = fromFlag ? flags.secret : env.FLATRENDER_SEED_SECRET || undefined;
  if (value === undefined) return undefined;
  if (value.length < MIN_SECRET_LENGTH) {
    // The value itself is a secret: never echo it, only its length.
    throw new SeedError(
      'E_WEAK_SECRET',
      `${fromFlag ? '--secret' : 'FLATRENDER_SEED_SECRET'} is ${value.length} characters long; API keys derived from it would be guessable. It needs at least ${MIN_SECRET_LENGTH}.`,
      { fix: 'Use a long random value, e.g. the output of: openssl rand -hex 32' },
    );
  }
  return value;
}

function spareClones(flags: ConfigFlags, env: NodeJS.ProcessEnv): number {
  const fromFlag = flags.spareClones !== undefined;
  const raw = fromFlag ? flags.spareClones : env.FLATRENDER_SEED_SPARE_CLONES;
  if (raw === undefined || raw === '') return DEFAULT_SPARE_CLONES;
  const text = String(raw).trim();
  if (!/^\d+$/.test(text)) {
    throw new SeedError(
      'E_BAD_SPARE_CLONES',
      `${fromFlag ? 'spareClones' : 'FLATRENDER_SEED_SPARE_CLONES'} is "${raw}"; it is the number of spare clones to keep ready, a whole number.`,
      { fix: `Use a number such as ${DEFAULT_SPARE_CLONES}, or 0 to turn spare clones off.` },
    );
  }
  return Number(text);
}
