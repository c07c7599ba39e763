import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ensureTemplate, TEMPLATE_FORMAT } from '../../database/template-database.js';
import {
  defaultMigrationsDir,
  migrationsDigest,
  readMigrationFiles,
} from '../../migrations/migration-files.js';
import { toolkitVersion } from '../../version.js';
import type { StartedServer, StartOptions } from '../started-server.js';
import { accessibleBinaries, assertReachable } from './accessible-binaries.js';
import { type LocatedBinaries, locateBinaries, probeBinaries } from './binaries.js';
import { type OsUser, unprivilegedUser } from './os-user.js';
import { initdb, isAlive, startPostgres } from './postgres-process.js';
import {
  assertOwnDataRoot,
  claimRunDirectory,
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
  /** false: ignore the cached data folder and initdb + migrate afresh (benchmarks, a suspect cache). */
  readonly cache?: boolean;
  /**
   * Keep one spare copy of the cached data folder ready, made in the background after a start, so
   * the next start renames it instead of copying ~1,700 files on its critical path. Default true;
   * FLATRENDER_SEED_SPARE=0 turns it off.
   */
  readonly spare?: boolean;
}

export interface StartedEmbeddedServer extends StartedServer {
  readonly provider: 'embedded';
  readonly port: number;
  /** The migrated template database, already present in the server's data. */
  readonly template: string;
  /** e.g. `15.18` */
  readonly serverVersion: string;
  /** This server's own folder (data, socket, log); deleted on stop. */
  readonly runDir: string;
  readonly binaries: LocatedBinaries;
}

/** What a cached data folder holds, written when it is built. */
interface CacheMeta {
  serverVersion: string;
  template: string;
}

/**
 * Starts a private PostgreSQL from the binaries npm installed (or PG_BIN / the machine's), as an
 * unprivileged user when run as root, on 127.0.0.1 and a free port, with durability off.
 *
 * Warm start: a data folder already initialised and migrated for these migrations, binaries and
 * toolkit version is cached under the data root; starting is a copy of it plus the postmaster's
 * start, and the template database is already in it. Cold start (first run, or the migrations
 * changed): initdb, migrate the template, stop, store in the cache, then the warm path.
 *
 * @example
 * await using server = await startEmbedded();
 * const db = await createTestDatabase({ adminUrl: server.adminUrl, template: server.template });
 */
export async function startEmbedded(options: EmbeddedOptions = {}): Promise<StartedEmbeddedServer> {
  const [located, files] = await Promise.all([
    locateBinaries(),
    readMigrationFiles(options.migrationsDir ?? defaultMigrationsDir),
  ]);
  const runAs = unprivilegedUser();
  const root = options.dataRoot ?? dataRoot();
  await mkdir(root, { recursive: true, mode: 0o755 });
  assertOwnDataRoot(root);
  assertReachable(root, runAs);
  await reapStaleRuns(root);
  const binaries = await accessibleBinaries(located, runAs, root);

  // Keyed by the original binary file (not its path: a checkout in a new folder reuses the cache;
  // not its version, which costs a process spawn to learn).
  const postgresBinary = statSync(path.join(located.bindir, 'postgres'));
  const key = createHash('sha256')
    .update(
      [
        located.source.replace(/:.*$/, ''),
        postgresBinary.size,
        postgresBinary.mtimeMs,
        toolkitVersion,
        TEMPLATE_FORMAT,
        migrationsDigest(files),
      ].join('|'),
    )
    .digest('hex')
    .slice(0, 16);
  await pruneCache(root, key);
  // cache: false builds a private copy beside the shared entry, so other runs keep theirs.
  const cold = options.cache === false;
  const cached = path.join(
    root,
    'cache',
    cold ? `${key}.cold.${process.pid}.${Date.now().toString(36)}` : key,
  );
  let meta = cold ? undefined : await readMeta(cached);
  if (meta) {
    await utimes(cached, new Date(), new Date()).catch(() => {});
  } else {
    meta = await buildCachedDataDir(binaries, runAs, root, cached, options);
  }

  const useSpare = (options.spare ?? process.env.FLATRENDER_SEED_SPARE !== '0') && options.cache !== false;
  const run =
    (useSpare && (await claimSpare(root, cached))) || (await createRunDirectory(root, 'runs', runAs));
  const untrack = trackRun(run.dir);
  try {
    if (!existsSync(run.dataDir)) await copyDataDir(path.join(cached, 'data'), run.dataDir);
    const postgres = await startPostgres(binaries, { dataDir: run.dataDir, socketDir: run.dir, runAs });
    const spareMade = useSpare ? makeSpare(root, cached, runAs) : Promise.resolve();
    let stopped: Promise<void> | undefined;
    const stop = () => {
      stopped ??= (async () => {
        // The data is deleted next: no shutdown checkpoint needed.
        await postgres.stop('immediate');
        await Promise.all([removeDir(run.dir), spareMade, cold ? removeDir(cached) : undefined]);
        untrack();
      })();
      return stopped;
    };
    return {
      provider: 'embedded',
      adminUrl: `postgresql://postgres@127.0.0.1:${postgres.port}/postgres`,
      port: postgres.port,
      template: meta.template,
      serverVersion: meta.serverVersion,
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

const SPARES = 'spares';

/** Takes a spare copy of the cached data folder, if one is ready (rename: only one taker wins). */
async function claimSpare(root: string, cached: string) {
  const spares = await readdir(path.join(cached, SPARES)).catch(() => [] as string[]);
  for (const spare of spares) {
    const dir = path.join(root, 'runs', `${process.pid}-${spare}`);
    try {
      await mkdir(path.join(root, 'runs'), { recursive: true, mode: 0o755 });
      await rename(path.join(cached, SPARES, spare), dir);
      return await claimRunDirectory(dir);
    } catch {
      // Another process took it first.
    }
  }
  return undefined;
}

/** Copies the cached data folder into a new spare, in a build folder first so a reader never sees half of one. */
async function makeSpare(root: string, cached: string, runAs: OsUser | undefined): Promise<void> {
  const spares = path.join(cached, SPARES);
  if ((await readdir(spares).catch(() => [] as string[])).length > 0) return;
  const build = await createRunDirectory(root, 'build', runAs);
  const untrack = trackRun(build.dir);
  try {
    await copyDataDir(path.join(cached, 'data'), build.dataDir);
    // Without an owner record, a reaper leaves a just-claimed spare alone (see reapStaleRuns).
    await rm(path.join(build.dir, 'owner.json'), { force: true });
    await mkdir(spares, { recursive: true, mode: 0o755 });
    await rename(build.dir, path.join(spares, path.basename(build.dir)));
  } catch {
    // A spare only saves time; failing to make one costs nothing but that.
    await removeDir(build.dir);
  } finally {
    untrack();
  }
}

const UNUSED_FOR_MS = 3 * 86_400_000;

/**
 * Removes cache entries and binary copies nobody used for three days (starts touch what they use),
 * and private cold builds whose process is gone: a RAM disk is no place to accumulate them.
 */
async function pruneCache(root: string, keep: string): Promise<void> {
  const cacheDir = path.join(root, 'cache');
  const entries = [
    ...(await readdir(cacheDir).catch(() => [] as string[])).map((name) => path.join(cacheDir, name)),
    ...(await readdir(root).catch(() => [] as string[]))
      .filter((n) => n.startsWith('bin-'))
      .map((n) => path.join(root, n)),
  ];
  for (const entry of entries) {
    const name = path.basename(entry);
    if (name === keep) continue;
    const coldPid = /\.cold\.(\d+)\./.exec(name)?.[1];
    const info = await stat(entry).catch(() => undefined);
    if (!info) continue;
    const abandoned = coldPid ? !isAlive(Number(coldPid)) : Date.now() - info.mtimeMs > UNUSED_FOR_MS;
    if (abandoned) await removeDir(entry);
  }
}

async function readMeta(cached: string): Promise<CacheMeta | undefined> {
  try {
    return JSON.parse(await readFile(path.join(cached, 'meta.json'), 'utf8')) as CacheMeta;
  } catch {
    return undefined;
  }
}

/**
 * initdb + start + migrate the template + clean stop, in a private build folder, then move it into
 * the cache with one rename: concurrent cold starts each build, the first rename wins and the
 * others discard theirs, so no reader ever sees a half-built cache entry.
 */
async function buildCachedDataDir(
  located: LocatedBinaries,
  runAs: OsUser | undefined,
  root: string,
  cached: string,
  options: EmbeddedOptions,
): Promise<CacheMeta> {
  const binaries = await probeBinaries(located);
  const build = await createRunDirectory(root, 'build', runAs);
  const untrack = trackRun(build.dir);
  try {
    options.log?.(`Initialising a PostgreSQL ${binaries.version} data folder (${binaries.source})…`);
    await initdb(binaries, build.dataDir, runAs);
    const postgres = await startPostgres(binaries, { dataDir: build.dataDir, socketDir: build.dir, runAs });
    let meta: CacheMeta;
    try {
      const template = await ensureTemplate(`postgresql://postgres@127.0.0.1:${postgres.port}/postgres`, {
        migrationsDir: options.migrationsDir,
        log: options.log,
      });
      meta = { serverVersion: binaries.version, template: template.name };
    } finally {
      await postgres.stop('fast');
    }
    await writeFile(path.join(build.dir, 'meta.json'), JSON.stringify(meta));
    await mkdir(path.dirname(cached), { recursive: true });
    try {
      await rename(build.dir, cached);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
    }
    return meta;
  } finally {
    removeRunSync(build.dir);
    untrack();
  }
}
