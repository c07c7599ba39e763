import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { isAlive } from './postgres-process.js';
import { removeDir } from './run-directory.js';

/**
 * How many cache entries (migrated data folders, ~40–90 MB each on the RAM disk) and binary copies
 * the data root keeps: the one in use and the one before it (switching between two branches with
 * different migrations stays warm). Older ones are removed by the next start; `seed clean` removes
 * all but the current one (or everything, with --all).
 */
export const CACHE_KEEP = 2;

/** Something the embedded provider keeps in its data root between runs. */
export interface CacheEntry {
  readonly path: string;
  readonly kind: 'cache entry' | 'cold build' | 'binaries copy';
  readonly lastUsed: Date;
  /** A cold build (cache: false) of a process that is gone. */
  readonly abandoned: boolean;
}

/** The cache entries, cold builds and binary copies of a data root, newest first. */
export async function listCacheEntries(root: string): Promise<CacheEntry[]> {
  const cacheDir = path.join(root, 'cache');
  const candidates = [
    ...(await readdir(cacheDir).catch(() => [] as string[])).map((name) => path.join(cacheDir, name)),
    ...(await readdir(root).catch(() => [] as string[]))
      .filter((n) => n.startsWith('bin-'))
      .map((n) => path.join(root, n)),
  ];
  const entries: CacheEntry[] = [];
  for (const entry of candidates) {
    // lstat: a planted link is listed (and removed as a link), never followed.
    const info = await lstat(entry).catch(() => undefined);
    if (!info) continue;
    const name = path.basename(entry);
    const coldPid = /\.cold\.(\d+)\./.exec(name)?.[1];
    entries.push({
      path: entry,
      kind: name.startsWith('bin-') ? 'binaries copy' : coldPid ? 'cold build' : 'cache entry',
      lastUsed: info.mtime,
      abandoned: coldPid !== undefined && !isAlive(Number(coldPid)),
    });
  }
  return entries.sort((a, b) => b.lastUsed.getTime() - a.lastUsed.getTime());
}

/** What pruneCache would remove: abandoned cold builds, and all but the CACHE_KEEP newest of each kind. */
export function surplusEntries(entries: readonly CacheEntry[], current: string | undefined): CacheEntry[] {
  const surplus: CacheEntry[] = entries.filter((e) => e.kind === 'cold build' && e.abandoned);
  for (const kind of ['cache entry', 'binaries copy'] as const) {
    const ofKind = entries.filter((e) => e.kind === kind && path.basename(e.path) !== current);
    // The current entry counts as one of the kept ones.
    const keep = kind === 'cache entry' && current ? CACHE_KEEP - 1 : CACHE_KEEP;
    surplus.push(...ofKind.slice(Math.max(0, keep)));
  }
  return surplus;
}

/** Keeps the data root bounded: removes what surplusEntries lists (`current` is never removed). */
export async function pruneCache(root: string, current: string): Promise<void> {
  for (const entry of surplusEntries(await listCacheEntries(root), current)) await removeDir(entry.path);
}
