import type { ProviderName } from '../config/provider-names.js';

/** What the global setup hands to every test worker (structured-cloneable). */
export interface SeedConnectionInfo {
  readonly provider: ProviderName;
  /** The server's maintenance database, for creating and dropping clones (with its password). */
  readonly adminUrl: string;
  /** The migrated template every test database is cloned from. */
  readonly template: string;
  /** Whether spare clones of the template are kept (claim one before cloning: createTestDatabase's `spares`). */
  readonly spares: boolean;
  /** Service role → password on a server the global setup started (empty on a url server). */
  readonly serviceRoles: Readonly<Record<string, string>>;
  /** The toolkit's data root (FLATRENDER_SEED_DATA_DIR…), where scenario digests are remembered across workers. */
  readonly dataRoot?: string;
}

export const PROVIDE_KEY = 'flatrenderSeed';

declare module 'vitest' {
  export interface ProvidedContext {
    flatrenderSeed: SeedConnectionInfo;
  }
}
