import { type ProviderChoice, resolveConfig } from '../config/resolve-config.js';
import { SeedError } from '../errors.js';
import { startDocker } from './docker-provider.js';
import { startEmbedded } from './embedded/embedded-provider.js';
import type { StartedServer, StartOptions } from './started-server.js';
import { useExistingServer } from './url-provider.js';

/** Which server to use: the part of a SeedConfig (resolveConfig) that starting one reads. */
export interface ServerChoice {
  readonly provider: ProviderChoice;
  /** The existing server of the `url` provider (and of `auto` when set). */
  readonly databaseUrl?: string | undefined;
  readonly migrationsDir?: string | undefined;
}

/**
 * Starts (or, for `url`, connects to) a server with the configured provider. `auto` picks url when
 * a URL is configured, else embedded, else docker when no server binaries can be found. Without a
 * choice, the environment's (FLATRENDER_SEED_PROVIDER, FLATRENDER_SEED_DATABASE_URL, …; see resolveConfig).
 *
 * @example
 * await using server = await startServer({ provider: 'embedded' });
 */
export async function startServer(
  config: ServerChoice = resolveConfig({}, process.env),
  options: StartOptions = {},
): Promise<StartedServer> {
  const start = { ...options, migrationsDir: config.migrationsDir ?? options.migrationsDir };
  switch (config.provider) {
    case 'url':
      return useExistingServer(config.databaseUrl ?? '');
    case 'embedded':
      return startEmbedded(start);
    case 'docker':
      return startDocker();
    case 'auto':
      if (config.databaseUrl) return useExistingServer(config.databaseUrl);
      try {
        return await startEmbedded(start);
      } catch (error) {
        if (!(error instanceof SeedError && error.code === 'E_NO_BINARIES')) throw error;
        options.log?.('No PostgreSQL binaries found; trying the docker provider.');
        return startDocker();
      }
  }
}
