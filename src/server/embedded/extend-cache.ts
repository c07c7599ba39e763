import { randomBytes } from 'node:crypto';
import { readdir, rename } from 'node:fs/promises';
import path from 'node:path';
import {
  defaultMigrationsDir,
  migrationsDigest,
  readMigrationFiles,
} from '../../migrations/migration-files.js';
import { accessibleBinaries, assertReachable } from './accessible-binaries.js';
import { locateBinaries } from './binaries.js';
import {
  buildCachedDataDir,
  type CachedWorld,
  type CacheMeta,
  cacheKey,
  type EmbeddedOptions,
  readMeta,
} from './embedded-provider.js';
import { unprivilegedUser } from './os-user.js';
import { writeOwnFile } from './owned-paths.js';
import { socketUrl, startPostgres } from './postgres-process.js';
import {
  copyDataDir,
  createRunDirectory,
  dataRoot,
  prepareDataRoot,
  reapStaleRuns,
  removeDir,
  removeRunSync,
  sealDataDir,
  trackRun,
} from './run-directory.js';

/** What a cache entry holds: the migrated template and the seeded templates added to it. */
export interface CachedData {
  readonly template: string;
  readonly worlds: readonly CachedWorld[];
}

async function locateEntry(options: EmbeddedOptions) {
  const root = options.dataRoot ?? dataRoot();
  const [located, files] = await Promise.all([
    locateBinaries({ pgBin: options.pgBin, dataRoot: root }),
    readMigrationFiles(options.migrationsDir ?? defaultMigrationsDir),
  ]);
  const key = cacheKey(located, migrationsDigest(files));
  return { located, root, cached: path.join(root, 'cache', key) };
}

/**
 * What the cache entry a start with these options would use holds, without starting anything;
 * undefined when there is none yet (the next start builds it).
 */
export async function cachedData(options: EmbeddedOptions = {}): Promise<CachedData | undefined> {
  const { cached } = await locateEntry(options);
  const meta = readMeta(cached);
  return meta ? { template: meta.template, worlds: meta.worlds ?? [] } : undefined;
}

/**
 * Adds to the cached data folder what `work` makes on a private server started from it: seeded
 * templates (src/seeding/cache-worlds.ts), so that every later start has them. The same trust as the
 * cache's first build: the server is reached only through its socket (no TCP password exists), it
 * is stopped cleanly, and the result is sealed as the toolkit's own before it joins the entry, as a
 * new data folder that meta.json names (replaced by a rename: a start copies the old folder or the
 * new one, never half of either). The folder before it stays for starts that are copying it now,
 * and goes at the next extension. `work` gets the socket URL of the server's maintenance database
 * and the entry's record, and returns the worlds the data now holds.
 *
 * @example
 * await extendCachedData({}, async (adminUrl, meta) => [...(meta.worlds ?? []), await buildOne(adminUrl, meta.template)]);
 */
export async function extendCachedData(
  options: EmbeddedOptions,
  work: (adminUrl: string, meta: CacheMeta) => Promise<CachedWorld[]>,
): Promise<CacheMeta> {
  const { located, root, cached } = await locateEntry(options);
  const runAs = unprivilegedUser(options.pgUser);
  prepareDataRoot(root, runAs);
  assertReachable(root, runAs);
  await reapStaleRuns(root);
  const binaries = await accessibleBinaries(located, runAs, root);
  const before = readMeta(cached) ?? (await buildCachedDataDir(binaries, runAs, root, cached, options));
  const build = await createRunDirectory(root, 'build', runAs);
  const untrack = trackRun(build.dir);
  try {
    await copyDataDir(path.join(cached, before.data ?? 'data'), build.dataDir, runAs);
    const postgres = await startPostgres(binaries, {
      dataDir: build.dataDir,
      socketDir: build.socketDir,
      runDir: build.dir,
      runAs,
      extraSettings: options.serverSettings,
    });
    let worlds: CachedWorld[];
    try {
      worlds = await work(socketUrl(build.socketDir, postgres.port, 'postgres'), before);
    } finally {
      await postgres.stop('fast');
    }
    await sealDataDir(build.dataDir, runAs);
    const data = `data-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
    await rename(build.dataDir, path.join(cached, data));
    const meta: CacheMeta = { ...before, data, worlds };
    const next = path.join(cached, `meta.json.${process.pid}`);
    writeOwnFile(next, JSON.stringify(meta));
    await rename(next, path.join(cached, 'meta.json'));
    // Keep the folder just replaced (a start may be copying it); older ones go.
    for (const name of await readdir(cached)) {
      if (/^data(-[0-9a-z-]+)?$/.test(name) && name !== data && name !== (before.data ?? 'data')) {
        await removeDir(path.join(cached, name));
      }
    }
    return meta;
  } finally {
    removeRunSync(build.dir);
    untrack();
  }
}
