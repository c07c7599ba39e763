import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, utimes } from 'node:fs/promises';
import path from 'node:path';
import { ensureTemplate } from '../../database/template-database.js';
import { defaultMigrationsDir, migrationsDigest, readMigrationFiles } from '../../migrations/migration-files.js';
import { toolkitVersion } from '../../version.js';
import type { StartedServer, StartOptions } from '../started-server.js';
import { findBinaries, type PostgresBinaries } from './binaries.js';
import { type OsUser, unprivilegedUser } from './os-user.js';
import { initdb, startPostgres } from './postgres-process.js';
import {
  copyDataDir,
  createRunDirectory,
  dataRoot,
  reapStaleRuns,
  removeDir,
  removeRunSync,
  trackRun,
} from './run-directory.js';

export interface EmbeddedOptions extends StartOptions {
  /** Root folder for data; default: FLATRENDER_SEED_DATA_DIR, else /dev/shm, else the OS temp folder. */
  readonly dataRoot?: string;
  /** Skip the cached, already-migrated data folder and initdb + migrate afresh (for benchmarks). */
  readonly cache?: boolean;
}

export interface StartedEmbeddedServer extends StartedServer {
  readonly provider: 'embedded';
  readonly port: number;
  /** This server's own folder (data, socket, log); deleted on stop. */
  readonly runDir: string;
  readonly binaries: PostgresBinaries;
}

/**
 * Starts a private PostgreSQL from the binaries npm installed (or PG_BIN / the machine's), as an
 * unprivileged user when run as root, on loopback and a free port, with durability off.
 *
 * Warm start: a data folder already initialised and migrated for these migrations, binaries and
 * toolkit version is cached under the data root; starting is a copy of it plus the postmaster's
 * start, and the template database is already there. Cold start (first run, or migrations
 * changed): initdb, migrate, stop, store in the cache, then the warm path.
 *
 * @example
 * await using server = await startEmbedded();
 * const { name } = await ensureTemplate(server.adminUrl); // already there: no migration runs
 */
export async function startEmbedded(options: EmbeddedOptions = {}): Promise<StartedEmbeddedServer> {
  const [binaries, files] = await Promise.all([
    findBinaries(),
    readMigrationFiles(options.migrationsDir ?? defaultMigrationsDir),
  ]);
  const runAs = unprivilegedUser();
  const root = options.dataRoot ?? dataRoot();
  await mkdir(root, { recursive: true, mode: 0o755 });
  await reapStaleRuns(root);

  const key = createHash('sha256')
    .update([binaries.bindir, binaries.version, toolkitVersion, migrationsDigest(files)].join('|'))
    .digest('hex')
    .slice(0, 16);
  const cached = path.join(root, 'cache', key);
  if (options.cache === false || !existsSync(cached)) {
    await buildCachedDataDir(binaries, runAs, root, cached, options);
  } else {
    await utimes(cached, new Date(), new Date()).catch(() => {});
  }

  const run = await createRunDirectory(root, 'runs', runAs);
  const untrack = trackRun(run.dir);
  try {
    await copyDataDir(path.join(cached, 'data'), run.dataDir);
    const postgres = await startPostgres(binaries, { dataDir: run.dataDir, socketDir: run.dir, runAs });
    let stopped: Promise<void> | undefined;
    const stop = () => {
      stopped ??= (async () => {
        await postgres.stop();
        await removeDir(run.dir);
        untrack();
      })();
      return stopped;
    };
    return {
      provider: 'embedded',
      adminUrl: `postgresql://postgres@127.0.0.1:${postgres.port}/postgres`,
      port: postgres.port,
      runDir: run.dir,
      binaries,
      stop,
      [Symbol.asyncDispose]: stop,
    };
  } catch (error) {
    removeRunSync(run.dir);
    untrack();
    throw error;
  }
}

/**
 * initdb + start + migrate the template + stop, in a private build folder, then move the result
 * into the cache with one rename: concurrent cold starts each build, the first rename wins and the
 * others throw theirs away, so a reader never sees a half-built cache entry.
 */
async function buildCachedDataDir(
  binaries: PostgresBinaries,
  runAs: OsUser | undefined,
  root: string,
  cached: string,
  options: EmbeddedOptions,
): Promise<void> {
  const build = await createRunDirectory(root, 'build', runAs);
  const untrack = trackRun(build.dir);
  try {
    options.log?.(`Initialising a PostgreSQL ${binaries.version} data folder (${binaries.source})…`);
    await initdb(binaries, build.dataDir, runAs);
    const postgres = await startPostgres(binaries, { dataDir: build.dataDir, socketDir: build.dir, runAs });
    try {
      await ensureTemplate(`postgresql://postgres@127.0.0.1:${postgres.port}/postgres`, {
        migrationsDir: options.migrationsDir,
        log: options.log,
      });
    } finally {
      await postgres.stop();
    }
    await mkdir(path.dirname(cached), { recursive: true });
    if (options.cache === false) {
      await removeDir(cached);
    }
    try {
      await rename(build.dir, cached);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
    }
  } finally {
    removeRunSync(build.dir);
    untrack();
  }
}
