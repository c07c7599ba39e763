import type { ProviderName } from '../config/provider-names.js';

/**
 * A running PostgreSQL server. Stop it with `stop()` or let `await using` do it.
 *
 * @example
 * await using server = await startServer({ provider: 'embedded' });
 * console.log(server.adminUrl); // postgresql://postgres:<password>@127.0.0.1:54012/postgres
 */
export interface StartedServer extends AsyncDisposable {
  readonly provider: ProviderName;
  /**
   * A URL of the server's `postgres` database, for a role that may create databases. For a server
   * the toolkit started it carries that server's random password: clients need it to connect.
   */
  readonly adminUrl: string;
  /**
   * The passwords of the service roles (`identity_svc`…) on a server the toolkit started, set at
   * each start like adminUrl's; empty for a server it did not start (url), whose roles are its
   * owner's business. See roleUrl().
   */
  readonly serviceRoles: Readonly<Record<string, string>>;
  /** Stops what this process started; an existing server (`url`) keeps running and keeps what it had. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** The migrations folder; the embedded provider caches a data directory already migrated with it. */
  readonly migrationsDir?: string;
  /** Progress lines for a human (the CLI prints them on a terminal). */
  readonly log?: (line: string) => void;
  /** The migration runner's own log when a template is migrated (config.verbose: --verbose). */
  readonly verbose?: boolean;
}
