import type { TestProject } from 'vitest/node';
import { resolveConfig } from '../config/resolve-config.js';
import { startReadyServer } from '../server/ready-server.js';
import { PROVIDE_KEY, type SeedConnectionInfo } from './provided-context.js';

/**
 * A vitest `globalSetup` entry: starts the configured server (embedded by default; see
 * FLATRENDER_SEED_PROVIDER and FLATRENDER_SEED_DATABASE_URL / DATABASE_URL), ensures the migrated
 * template, provides the connection info to the workers, and stops the server when the run ends.
 *
 * @example
 * // vitest.config.ts
 * export default defineConfig({ test: { globalSetup: ['@flatrender/seed/vitest/global-setup'] } });
 */
export default async function setup(project: Pick<TestProject, 'provide'>): Promise<() => Promise<void>> {
  const config = resolveConfig({}, process.env);
  const server = await startReadyServer(config);
  const info: SeedConnectionInfo = {
    provider: server.provider,
    adminUrl: server.adminUrl,
    template: server.template,
  };
  project.provide(PROVIDE_KEY, info);
  return () => server.stop();
}
