import { ensureTemplate } from '../migrations/template-database.js';
import { connect } from '../sql/connect.js';
import {
  newServerSecret,
  passwordFor,
  serviceRoleNames,
  setRolePasswords,
  verifiersFor,
} from './server-passwords.js';
import { completeChoice, type ServerChoice, startServer } from './start-server.js';
import type { StartedServer, StartOptions } from './started-server.js';

/** A started server that holds a migrated template database, ready to clone. */
export interface ReadyServer extends StartedServer {
  readonly template: string;
}

/**
 * Starts a server with the configured provider and makes sure it holds the migrated template:
 * the one call the vitest global setup, `seed up` and the benchmarks make. Without a choice, the
 * environment's (see startServer).
 *
 * @example
 * await using server = await startReadyServer();
 * await using db = await createTestDatabase(server);
 */
export async function startReadyServer(
  choice: ServerChoice = {},
  options: StartOptions = {},
): Promise<ReadyServer> {
  const config = completeChoice(choice);
  const server = await startServer(config, options);
  try {
    // The embedded provider's data already holds it; the others migrate it once per server.
    const known = (server as Partial<ReadyServer>).template;
    const template =
      known ??
      (
        await ensureTemplate(server.adminUrl, {
          migrationsDir: config.migrationsDir,
          log: options.log,
          verbose: options.verbose ?? config.verbose,
        })
      ).name;
    // A container the toolkit started: its service roles exist now, and get passwords like embedded's.
    const serviceRoles =
      server.provider === 'docker' ? await giveServiceRolesPasswords(server.adminUrl) : server.serviceRoles;
    return Object.assign(server, { template, serviceRoles });
  } catch (error) {
    await server.stop().catch(() => {});
    throw error;
  }
}

/** Sets a random password on every service role of a server the toolkit started; returns them. */
async function giveServiceRolesPasswords(adminUrl: string): Promise<Record<string, string>> {
  const admin = await connect(adminUrl);
  try {
    const secret = newServerSecret();
    const passwords = Object.fromEntries(
      (await serviceRoleNames(admin)).map((role) => [role, passwordFor(secret, role)]),
    );
    await setRolePasswords(admin, await verifiersFor(passwords));
    return passwords;
  } finally {
    await admin.end().catch(() => {});
  }
}
