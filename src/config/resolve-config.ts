import { SeedError } from '../errors.js';
import { type ProviderName, providerNames } from '../server/started-server.js';

/** Where the server comes from: a named provider, or `auto` (url if a URL is given, else embedded, else docker). */
export type ProviderChoice = ProviderName | 'auto';

export interface SeedConfig {
  readonly provider: ProviderChoice;
  readonly databaseUrl: string | undefined;
  readonly migrationsDir: string | undefined;
}

export interface ConfigFlags {
  readonly provider?: string | undefined;
  readonly databaseUrl?: string | undefined;
  readonly migrations?: string | undefined;
}

/**
 * The one place configuration is resolved, with one precedence: flag > environment > default.
 * Environment: FLATRENDER_SEED_PROVIDER, FLATRENDER_SEED_DATABASE_URL (then DATABASE_URL),
 * FLATRENDER_SEED_MIGRATIONS. Pure: pass the environment in.
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
  };
}
