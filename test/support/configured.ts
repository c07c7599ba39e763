import { resolveConfig } from '../../src/config/resolve-config.js';
import type { EmbeddedOptions } from '../../src/server/embedded/embedded-provider.js';
import { embeddedOptions } from '../../src/server/start-server.js';

/**
 * The embedded provider's options as this process's environment configures them (FLATRENDER_SEED_DATA_DIR,
 * PG_BIN, …): the library reads no environment itself, so a test that starts a server directly passes
 * them as the shells do.
 */
export function configuredEmbedded(overrides: EmbeddedOptions = {}): EmbeddedOptions {
  return { ...embeddedOptions(resolveConfig({}, process.env)), ...overrides };
}
