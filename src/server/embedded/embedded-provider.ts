import { createHash } from 'node:crypto';
import { lutimesSync, statSync } from 'node:fs';
import { readdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { SeedError } from '../../errors.js';
import {
  defaultMigrationsDir,
  migrationsDigest,
  readMigrationFiles,
} from '../../migrations/migration-files.js';
import { ensureTemplate, TEMPLATE_FORMAT } from '../../migrations/template-database.js';
import { connect } from '../../sql/connect.js';
import { toolkitVersion } from '../../version.js';
import {
  newServerSecret,
  passwordFor,
  serviceRoleNames,
  setRolePasswords,
  verifiersFor,
} from '../server-passwords.js';
import type { StartedServer, StartOptions } from '../started-server.js';
import { accessibleBinaries, assertReachable } from './accessible-binaries.js';
import { type LocatedBinaries, locateBinaries, probeBinaries } from './binaries.js';
import { pruneCache } from './cache-entries.js';
import { type OsUser, unprivilegedUser } from './os-user.js';
import { ensureOwnDir, isOwnDir, readFileNoFollow, writeOwnFile } from './owned-paths.js';
import { initdb, socketUrl, startPostgres } from './postgres-process.js';
import {
  claimRunDirectory,
  copyDataDir,
  createRunDirectory,
  dataRoot,
  folderMode,
  prepareDataRoot,
  type RunDirectory,
  reapStaleRuns,
  removeDir,
  removeRunSync,
  sealDataDir,
  trackRun,
} from './run-directory.js';

/**
 * How to start an embedded server. The settings a user configures come from the resolved
 * configuration (embeddedOptions(config) in start-server.ts fills them); the provider reads no
 * environment variable itself, so a caller that leaves one out gets its default.
 */
export interface EmbeddedOptions extends StartOptions {
  /**
   * Root folder for data: dataRoot(config.dataDir) (FLATRENDER_SEED_DATA_DIR); default dataRoot(),
   * under /dev/shm, else the OS temp folder.
   */
  readonly dataRoot?: string;
  /** false: ignore the cached data folder and initdb + migrate afresh (benchmarks, a suspect cache). */
  readonly cache?: boolean;
  /**
   * Keep one spare copy of the cached data folder ready, made in the background after a start, so
   * the next start renames it instead of copying ~1,700 files on its critical path. Default true;
   * config.spareData (FLATRENDER_SEED_SPARE=0 turns it off).
   */
  readonly spare?: boolean;
  /** config.pgBin (PG_BIN): the server installation to use; default: searched (see locateBinaries). */
  readonly pgBin?: string | undefined;
  /** config.pgUser (FLATRENDER_SEED_PG_USER): the server's OS account when root (see unprivilegedUser). */
  readonly pgUser?: string | undefined;
  /** config.serverSettings (FLATRENDER_SEED_SERVER_SETTINGS): extra `key=value` server settings. */
  readonly serverSettings?: readonly string[] | undefined;
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
  /** The folder of its Unix socket: only the server's OS user (and root) may enter it. */
  readonly socketDir: string;
  readonly binaries: LocatedBinaries;
}

/** What a cached data folder holds, written when it is built. */
export interface CacheMeta {
  serverVersion: string;
  template: string;
  /** Roles other than postgres that may log in (the service roles): each gets a password per start. */
  loginRoles: string[];
  /**
   * The entry's current data folder: `data` as first built, `data-<id>` once seeded templates were
   * added (extendCachedData). Readers copy the folder meta.json names; meta.json is replaced by a
   * rename, so a reader sees the old folder or the new one, both whole.
   */
  data?: string;
  /** The seeded templates its data holds, newest last (see extendCachedData). */
  worlds?: CachedWorld[];
}

/** A seeded template kept in a cache entry's data. */
export interface CachedWorld {
  readonly template: string;
  readonly scenario: string;
  readonly seed: number;
  readonly now: string;
  /** When it was added (ISO-8601): the oldest go first when more than WORLDS_KEEP are kept. */
  readonly addedAt: string;
}

/** The current data folder of a cache entry. */
function dataOf(cached: string, meta: CacheMeta): string {
  return path.join(cached, meta.data ?? 'data');
}

/**
 * Part of the cache key beyond the migrations, binaries and toolkit version: bumped when the
 * layout or ownership of cache entries changes (2: entries sealed as the toolkit's own, see
 * sealDataDir; 3: data folders named by meta.json, seeded templates), so entries of an older layout
 * are never used.
 */
const CACHE_LAYOUT = 3;

/**
 * Starts a private PostgreSQL from the binaries npm installed (or PG_BIN / the machine's), as an
 * unprivileged account of its own when run as root, on 127.0.0.1 and a free port, with durability
 * off. Closed to everyone else: TCP logins need the random password of this start (in `adminUrl`
 * and `serviceRoles`), and the socket's folder admits only the server's OS user.
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
  const root = options.dataRoot ?? dataRoot();
  const [located, files] = await Promise.all([
    locateBinaries({ pgBin: options.pgBin, dataRoot: root }),
    readMigrationFiles(options.migrationsDir ?? defaultMigrationsDir),
  ]);
  const runAs = unprivilegedUser(options.pgUser);
  prepareDataRoot(root, runAs);
  assertReachable(root, runAs);
  await reapStaleRuns(root);
  const binaries = await accessibleBinaries(located, runAs, root);

  const key = cacheKey(located, migrationsDigest(files));
  await pruneCache(root, key);
  // cache: false builds a private copy beside the shared entry, so other runs keep theirs.
  const cold = options.cache === false;
  const cached = path.join(
    root,
    'cache',
    cold ? `${key}.cold.${process.pid}.${Date.now().toString(36)}` : key,
  );
  let meta = cold ? undefined : readMeta(cached);
  if (meta) {
    lutimesSync(cached, new Date(), new Date());
  } else {
    meta = await buildCachedDataDir(binaries, runAs, root, cached, options);
  }

  // The password work (pbkdf2 for each role) runs while the data is copied and the server starts.
  const secret = newServerSecret();
  const passwords = Object.fromEntries(
    ['postgres', ...meta.loginRoles].map((role) => [role, passwordFor(secret, role)]),
  );
  const verifiers = verifiersFor(passwords);
  verifiers.catch(() => {});

  const useSpare = options.spare !== false && options.cache !== false;
  const run =
    (useSpare && (await claimSpare(root, cached, meta, runAs))) ||
    (await createRunDirectory(root, 'runs', runAs));
  const untrack = trackRun(run.dir);
  try {
    if (!(await hasData(run))) await copyDataDir(dataOf(cached, meta), run.dataDir, runAs);
    const postgres = await startPostgres(binaries, {
      dataDir: run.dataDir,
      socketDir: run.socketDir,
      runDir: run.dir,
      runAs,
      extraSettings: options.serverSettings,
    });
    const spareMade = useSpare ? makeSpare(root, cached, meta, runAs) : Promise.resolve();
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
    try {
      // Until this runs, every role's password is NULL: no TCP login can succeed.
      const bootstrap = await connect(socketUrl(run.socketDir, postgres.port, 'postgres'));
      try {
        await setRolePasswords(bootstrap, await verifiers);
      } finally {
        await bootstrap.end().catch(() => {});
      }
    } catch (error) {
      await stop();
      throw error;
    }
    const { postgres: superuser, ...serviceRoles } = passwords;
    return {
      provider: 'embedded',
      adminUrl: `postgresql://postgres:${encodeURIComponent(superuser!)}@127.0.0.1:${postgres.port}/postgres`,
      serviceRoles,
      port: postgres.port,
      template: meta.template,
      serverVersion: meta.serverVersion,
      runDir: run.dir,
      socketDir: run.socketDir,
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

/** The name of the cache entry a start with these options (migrations, and the binaries found) would use. */
export async function currentCacheKey(
  options: Pick<EmbeddedOptions, 'migrationsDir' | 'pgBin' | 'dataRoot'> = {},
): Promise<string> {
  const [located, files] = await Promise.all([
    locateBinaries({ pgBin: options.pgBin, dataRoot: options.dataRoot }),
    readMigrationFiles(options.migrationsDir ?? defaultMigrationsDir),
  ]);
  return cacheKey(located, migrationsDigest(files));
}

/**
 * Keyed by the original binary file (not its path: a checkout in a new folder reuses the cache;
 * not its version, which costs a process spawn to learn).
 */
export function cacheKey(located: LocatedBinaries, migrations: string): string {
  const postgresBinary = statSync(path.join(located.bindir, 'postgres'));
  return createHash('sha256')
    .update(
      [
        located.source.replace(/:.*$/, ''),
        postgresBinary.size,
        postgresBinary.mtimeMs,
        toolkitVersion,
        TEMPLATE_FORMAT,
        CACHE_LAYOUT,
        migrations,
      ].join('|'),
    )
    .digest('hex')
    .slice(0, 16);
}

async function hasData(run: RunDirectory): Promise<boolean> {
  return (await readdir(run.dataDir).catch(() => [] as string[])).length > 0;
}

const SPARES = 'spares';

/** A spare copy of a data folder is named after it, so a spare of an older one is never taken. */
function spareTag(meta: CacheMeta): string {
  // Short: a claimed spare's socket path must stay under the 107 bytes of a Unix socket address.
  return `${(meta.data ?? 'data').slice(-6)}_`;
}

/** Takes a spare copy of the cached data folder, if one is ready (rename: only one taker wins). */
async function claimSpare(root: string, cached: string, meta: CacheMeta, runAs: OsUser | undefined) {
  const spares = await readdir(path.join(cached, SPARES)).catch(() => [] as string[]);
  for (const spare of spares.filter((name) => name.startsWith(spareTag(meta)))) {
    const dir = path.join(root, 'runs', `${process.pid}-${spare.slice(spareTag(meta).length)}`);
    try {
      await rename(path.join(cached, SPARES, spare), dir);
    } catch {
      continue; // Another process took it first.
    }
    try {
      return await claimRunDirectory(dir, runAs);
    } catch {
      // Not a folder of ours (a planted link or file): never used, just removed.
      removeRunSync(dir);
    }
  }
  return undefined;
}

/** Copies the cached data folder into a new spare, in a build folder first so a reader never sees half of one. */
async function makeSpare(
  root: string,
  cached: string,
  meta: CacheMeta,
  runAs: OsUser | undefined,
): Promise<void> {
  const spares = path.join(cached, SPARES);
  const existing = await readdir(spares).catch(() => [] as string[]);
  // Spares of a data folder that is no longer current would start servers without its worlds.
  for (const old of existing.filter((name) => !name.startsWith(spareTag(meta)))) {
    await removeDir(path.join(spares, old));
  }
  if (existing.some((name) => name.startsWith(spareTag(meta)))) return;
  let build: RunDirectory | undefined;
  let untrack: () => unknown = () => undefined;
  try {
    build = await createRunDirectory(root, 'build', runAs);
    untrack = trackRun(build.dir);
    await copyDataDir(dataOf(cached, meta), build.dataDir, runAs);
    // Without an owner record, a reaper leaves a just-claimed spare alone (see reapStaleRuns).
    await removeDir(path.join(build.dir, 'owner.json'));
    ensureOwnDir(spares, folderMode(runAs));
    await rename(build.dir, path.join(spares, spareTag(meta) + path.basename(build.dir)));
  } catch {
    // A spare only saves time; failing to make one costs nothing but that.
    if (build) await removeDir(build.dir);
  } finally {
    untrack();
  }
}

/**
 * The cache entry's record, if it is one the toolkit can trust: the entry and its data folder
 * must be this user's own real folders, writable by nobody else (a server's OS user, or anyone
 * acting as it, must not be able to plant settings or catalog rows that later starts copy).
 */
export function readMeta(cached: string): CacheMeta | undefined {
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  const text = readFileNoFollow(path.join(cached, 'meta.json'), uid === undefined ? undefined : [uid]);
  if (!text) return undefined;
  let meta: Partial<CacheMeta>;
  try {
    meta = JSON.parse(text) as Partial<CacheMeta>;
  } catch {
    return undefined;
  }
  if (meta.data !== undefined && !/^data(-[0-9a-z-]+)?$/.test(meta.data)) return undefined;
  try {
    isOwnDir(cached);
    if (!isOwnDir(path.join(cached, meta.data ?? 'data'))) return undefined;
  } catch (error) {
    throw new SeedError(
      'E_UNTRUSTED_CACHE',
      `The cached data folder ${cached} was changed by someone other than the toolkit: ${(error as Error).message.split('\n')[0]} It will not be used.`,
      {
        fix: `Remove it (seed clean --all --yes, or rm -rf ${cached}); the next start rebuilds it.`,
        cause: error,
      },
    );
  }
  return meta.template && meta.serverVersion && Array.isArray(meta.loginRoles)
    ? (meta as CacheMeta)
    : undefined;
}

/**
 * initdb + start + migrate the template + clean stop, in a private build folder, then seal the
 * data as the toolkit's own and move it into the cache with one rename: concurrent cold starts
 * each build, the first rename wins and the others discard theirs, so no reader ever sees a
 * half-built cache entry.
 */
export async function buildCachedDataDir(
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
    const postgres = await startPostgres(binaries, {
      dataDir: build.dataDir,
      socketDir: build.socketDir,
      runDir: build.dir,
      runAs,
      extraSettings: options.serverSettings,
    });
    let meta: CacheMeta;
    try {
      // Through the socket: over TCP nobody, the toolkit included, has a password yet.
      const adminUrl = socketUrl(build.socketDir, postgres.port, 'postgres');
      const template = await ensureTemplate(adminUrl, {
        migrationsDir: options.migrationsDir,
        log: options.log,
        verbose: options.verbose,
      });
      const admin = await connect(adminUrl);
      try {
        meta = {
          serverVersion: binaries.version,
          template: template.name,
          loginRoles: await serviceRoleNames(admin),
        };
      } finally {
        await admin.end().catch(() => {});
      }
    } finally {
      await postgres.stop('fast');
    }
    await sealDataDir(build.dataDir, runAs);
    writeOwnFile(path.join(build.dir, 'meta.json'), JSON.stringify(meta));
    // A cache entry holds the data and its record only; the rest belonged to the build's server.
    for (const name of ['sock', 'owner.json', 'postgres.log', 'pg_hba.conf', 'pg_ident.conf']) {
      await removeDir(path.join(build.dir, name));
    }
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
