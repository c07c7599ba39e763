import { SeedError } from '../errors.js';
import { type ProviderName, providerNames } from '../server/started-server.js';

/** Where the server comes from: a named provider, or `auto` (url if a URL is given, else embedded, else docker). */
export type ProviderChoice = ProviderName | 'auto';

/** Spare clones kept when FLATRENDER_SEED_SPARE_CLONES is not set: enough for four test files starting at once. */
export const DEFAULT_SPARE_CLONES = 4;

export interface SeedConfig {
  readonly provider: ProviderChoice;
  readonly databaseUrl: string | undefined;
  readonly migrationsDir: string | undefined;
  /**
   * Spare clones of the template the vitest global setup keeps ready on a server it started
   * (embedded, docker; never url). 0: none, every test database is cloned when asked for.
   */
  readonly spareClones: number;
}

export interface ConfigFlags {
  readonly provider?: string | undefined;
  readonly databaseUrl?: string | undefined;
  readonly migrations?: string | undefined;
  readonly spareClones?: number | string | undefined;
}

/**
 * The one place configuration is resolved, with one precedence: flag > environment > default.
 * Environment: FLATRENDER_SEED_PROVIDER, FLATRENDER_SEED_DATABASE_URL (then DATABASE_URL),
 * FLATRENDER_SEED_MIGRATIONS, FLATRENDER_SEED_SPARE_CLONES. Pure: pass the environment in.
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
  const databaseUrl = flags.databaseUrl ?? env.FLATRENDER_SEED_DATABASE_URL ?? env.DATABASE_URL ?? undefined;
  return {
    provider: provider as ProviderChoice,
    databaseUrl: databaseUrl || undefined,
    migrationsDir: flags.migrations ?? env.FLATRENDER_SEED_MIGRATIONS ?? undefined,
    spareClones: spareClones(flags, env),
  };
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
