import type { SeedConfig } from '../config/resolve-config.js';
import {
  openKeeper,
  reapAbandonedDatabases,
  type ServedPurpose,
  servedDatabaseName,
} from '../database/served-databases.js';
import { createTestDatabase, type TestDatabase } from '../database/test-database.js';
import { isSeedError } from '../errors.js';
import type { SeedSummary } from '../scenarios/run-scenario.js';
import type { Progress, Scenario } from '../scenarios/scenario.js';
import { type ReadyServer, startReadyServer } from '../server/ready-server.js';
import { embeddedOptions } from '../server/start-server.js';
import { withClient } from '../sql/with-client.js';
import { ensureCachedWorlds } from './cache-worlds.js';
import { openWorld } from './open-world.js';
import { serveUntilSignal } from './serve-until-signal.js';

export interface ServeOptions<T> {
  readonly config: SeedConfig;
  /** What the database is for; names it on a server of the user's (`flatrender_<purpose>_…`). */
  readonly purpose: ServedPurpose;
  /** Progress lines for a person. */
  readonly log?: (line: string) => void;
  /** Lines a person should see even in a script (a reaped leftover). */
  readonly note?: (line: string) => void;
  /**
   * A world to serve: cloned from its seeded template (seeded first when the server lacks it; on
   * the embedded server it is kept in the cache, so the next start has it).
   */
  readonly world?: {
    readonly scenario: Scenario;
    readonly seed: number;
    readonly now: string;
    readonly progress?: Progress;
  };
  /** Or fill a fresh clone of the migrated template yourself (the load, keys from a secret). */
  readonly fill?: (database: TestDatabase) => Promise<T>;
}

/** A database being served, on a server this process started (or on the user's). */
export interface ServedDatabase<T> {
  readonly server: ReadyServer;
  readonly name: string;
  readonly url: string;
  /** The template it was cloned from: the seeded template of `world`, else the migrated one. */
  readonly template: string;
  /** What the world's scenario made (with `world`). */
  readonly world?: SeedSummary;
  /** What `fill` returned. */
  readonly filled?: T;
  /**
   * Serves until SIGINT or SIGTERM (or rejects with E_SERVER_DIED if the server dies meanwhile),
   * then drops the database and stops the server.
   */
  serveUntilSignal(command: string): Promise<void>;
  /** Drops the database and stops the server now. */
  stop(): Promise<void>;
}

/** Whether the config will start the embedded server (auto without a URL tries it first). */
function embedded(config: SeedConfig): boolean {
  return config.provider === 'embedded' || (config.provider === 'auto' && !config.databaseUrl);
}

/**
 * Serving as a function: starts the configured server, makes a database on it (`flatrender` on a
 * server of the toolkit's; `flatrender_<purpose>_<time>_<hex>` with a keeper connection on the
 * user's, reaping those of killed runs first) holding a world, the result of `fill`, or just the
 * migrations, and returns it with a way to serve it until a signal. `seed up`, `seed --scenario`
 * and the load's served path are this function.
 *
 * @example
 * const served = await startServing({ config: resolveConfig({}, process.env), purpose: 'demo',
 *   world: { scenario: scenarios.reseller, seed: 1, now: '2026-06-01T00:00:00.000Z' } });
 * console.log(served.url, served.template);
 * await served.serveUntilSignal('my script');
 */
export async function startServing<T = undefined>(options: ServeOptions<T>): Promise<ServedDatabase<T>> {
  const { config, world } = options;
  if (world && embedded(config)) {
    // Into the cache first: this start, and every later one, then copies the world with the data.
    await ensureCachedWorlds(embeddedOptions(config, { log: options.log }), [world]).catch((error) => {
      if (!(isSeedError(error) && error.code === 'E_NO_BINARIES')) throw error;
    });
  }
  const server = await startReadyServer(config, { log: options.log });
  let keeper: Awaited<ReturnType<typeof openKeeper>> | undefined;
  try {
    const onUserServer = server.provider === 'url';
    const name = onUserServer ? servedDatabaseName(options.purpose) : 'flatrender';
    if (onUserServer) {
      const reaped = await withClient(server.adminUrl, (admin) =>
        reapAbandonedDatabases(admin, server.adminUrl),
      );
      if (reaped.length > 0) {
        options.note?.(
          `Dropped ${reaped.length} database(s) abandoned by killed runs: ${reaped.join(', ')}.`,
        );
      }
    }
    keeper = onUserServer ? await openKeeper(server.adminUrl, name) : undefined;
    let database: TestDatabase;
    let template = server.template;
    let summary: SeedSummary | undefined;
    let filled: T | undefined;
    if (world) {
      const opened = await openWorld({
        adminUrl: server.adminUrl,
        template: server.template,
        scenario: world.scenario,
        seed: world.seed,
        now: world.now,
        name,
        log: options.log,
        progress: world.progress,
        dataRoot: embeddedOptions(config).dataRoot,
      });
      await opened.pool.end().catch(() => {});
      ({ database, template } = opened);
      summary = opened.world;
    } else {
      database = await createTestDatabase({ adminUrl: server.adminUrl, template: server.template, name });
      if (options.fill) {
        try {
          filled = await options.fill(database);
        } catch (error) {
          // On a server of the user's, a half-filled database must not be left behind.
          await database.drop().catch(() => {});
          throw error;
        }
      }
    }
    let stopped: Promise<void> | undefined;
    const stop = () => {
      stopped ??= (async () => {
        await database.drop().catch(() => {});
        await keeper?.end().catch(() => {});
        await server.stop();
      })();
      return stopped;
    };
    return {
      server,
      name,
      url: database.url,
      template,
      world: summary,
      filled,
      async serveUntilSignal(command) {
        try {
          await serveUntilSignal({ adminUrl: server.adminUrl, database: name, command });
        } finally {
          await stop();
        }
      },
      stop,
    };
  } catch (error) {
    await keeper?.end().catch(() => {});
    await server.stop().catch(() => {});
    throw error;
  }
}
