import { environmentConfig, type SeedConfig } from '../config/resolve-config.js';
import { SeedError } from '../errors.js';
import { startDocker } from './docker-provider.js';
import { type EmbeddedOptions, startEmbedded } from './embedded/embedded-provider.js';
import { dataRoot } from './embedded/run-directory.js';
import type { StartedServer, StartOptions } from './started-server.js';
import { useExistingServer } from './url-provider.js';

/**
 * The embedded provider's options from the resolved configuration: its data root, binaries, OS
 * account, extra settings, spare copy, migrations and verbosity. Callers that start it or work on
 * its cache (ensureCachedWorlds, `seed clean`) pass these instead of reading the environment.
 *
 * @example
 * await using server = await startEmbedded(embeddedOptions(resolveConfig({}, process.env)));
 */
export function embeddedOptions(
  config: SeedConfig,
  options: StartOptions = {},
): EmbeddedOptions & { readonly dataRoot: string } {
  return {
    ...options,
    migrationsDir: config.migrationsDir ?? options.migrationsDir,
    verbose: options.verbose ?? config.verbose,
    dataRoot: dataRoot(config.dataDir),
    pgBin: config.pgBin,
    pgUser: config.pgUser,
    serverSettings: config.serverSettings,
    spare: config.spareData,
  };
}

/**
 * Which server to use: any part of a SeedConfig (resolveConfig). What it leaves out is the
 * environment's choice (FLATRENDER_SEED_PROVIDER, FLATRENDER_SEED_DATABASE_URL, …).
 */
export type ServerChoice = Partial<SeedConfig>;

/** A choice completed from the environment: what it sets wins, the rest is resolveConfig's. */
export function completeChoice(choice: ServerChoice): SeedConfig {
  const given = Object.fromEntries(Object.entries(choice).filter(([, value]) => value !== undefined));
  const flags = {
    provider: choice.provider,
    databaseUrl: choice.databaseUrl,
    migrations: choice.migrationsDir,
  };
  return { ...environmentConfig(flags), ...given };
}

/**
 * Starts (or, for `url`, connects to) a server with the configured provider. `auto` picks url when
 * a URL is configured, else embedded, else docker when no server binaries can be found. Without a
 * choice, the environment's.
 *
 * @example
 * await using server = await startServer({ provider: 'embedded' });
 */
export async function startServer(
  choice: ServerChoice = {},
  options: StartOptions = {},
): Promise<StartedServer> {
  const config = completeChoice(choice);
  const start = embeddedOptions(config, options);
  const docker = { dockerHost: config.dockerHost };
  switch (config.provider) {
    case 'url':
      return useExistingServer(config.databaseUrl ?? '');
    case 'embedded':
      return startEmbedded(start);
    case 'docker':
      return startDocker(docker);
    case 'auto':
      if (config.databaseUrl) return useExistingServer(config.databaseUrl);
      try {
        return await startEmbedded(start);
      } catch (error) {
        if (!(error instanceof SeedError && error.code === 'E_NO_BINARIES')) throw error;
        options.log?.('No PostgreSQL binaries found; trying the docker provider.');
        return startDocker(docker);
      }
  }
}
