import type { TestProject } from 'vitest/node';
import { resolveConfig } from '../config/resolve-config.js';
import { spareClonesFor } from '../database/spare-clones.js';
import { stockSparesOnDemand } from '../database/spare-stocks.js';
import { builtInWorldsOn, ensureCachedWorlds } from '../seeding/cache-worlds.js';
import { startReadyServer } from '../server/ready-server.js';
import { embeddedOptions } from '../server/start-server.js';
import { PROVIDE_KEY, type SeedConnectionInfo } from './provided-context.js';

const log = (line: string) => process.stderr.write(`[@flatrender/seed] ${line}\n`);

/**
 * A vitest `globalSetup` entry: starts the configured server (embedded by default; see
 * FLATRENDER_SEED_PROVIDER and FLATRENDER_SEED_DATABASE_URL; a bare DATABASE_URL is not used), ensures the migrated
 * template, provides the connection info to the workers, and stops the server when the run ends.
 *
 * On a server it started (not `url`), it also keeps FLATRENDER_SEED_SPARE_CLONES (default 4) spare
 * clones of the template, made in the background from here on: test databases are then claimed by a
 * rename instead of cloned. It does not wait for them; a test that finds none clones as before. The
 * seeded templates test files build (`createSeedTest({ scenario })`) get spares of their own from
 * the first time a file finds none. On the embedded server, the worlds of built-in scenarios seeded
 * during the run join its cache when the run ends, so the next run starts with them.
 *
 * @example
 * // vitest.config.ts
 * export default defineConfig({ test: { globalSetup: ['@flatrender/seed/vitest/global-setup'] } });
 */
export default async function setup(project: Pick<TestProject, 'provide'>): Promise<() => Promise<void>> {
  const config = resolveConfig({}, process.env);
  if (config.ignoredDatabaseUrl && config.provider !== 'url') {
    // The application's DATABASE_URL must never send the toolkit's templates and clones to its server.
    process.stderr.write(
      "[@flatrender/seed] DATABASE_URL is set; tests use the toolkit's own server, not that one (set FLATRENDER_SEED_DATABASE_URL to use a server of yours).\n",
    );
  }
  const server = await startReadyServer(config);
  const size = spareClonesFor(server.provider, config.spareClones);
  const stocks =
    size > 0
      ? stockSparesOnDemand({ adminUrl: server.adminUrl, templates: [server.template], size, log })
      : undefined;
  const info: SeedConnectionInfo = {
    provider: server.provider,
    adminUrl: server.adminUrl,
    template: server.template,
    spares: stocks !== undefined,
    serviceRoles: server.serviceRoles,
    dataRoot: embeddedOptions(config).dataRoot,
  };
  project.provide(PROVIDE_KEY, info);
  return async () => {
    // Before the server: a spare being made when the server goes away would be logged as a failure.
    await stocks?.stop();
    const worlds =
      server.provider === 'embedded' ? await builtInWorldsOn(server.adminUrl).catch(() => []) : [];
    await server.stop();
    if (worlds.length > 0) {
      // After the server stopped: the cache's own server gets both CPUs.
      await ensureCachedWorlds(embeddedOptions(config), worlds).catch((error) =>
        log(
          `Could not keep the seeded worlds in the cache (the next run seeds them again): ${(error as Error).message}`,
        ),
      );
    }
  };
}
