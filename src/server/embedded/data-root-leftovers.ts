import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { staleStagingFolders } from '../../migrations/staging.js';
import { listCacheEntries, surplusEntries } from './cache-entries.js';
import { isLive, removeDir, removeRunSync } from './run-directory.js';

const run = promisify(execFile);

/** Something the embedded provider left in its data root or the temp folder. */
export interface DataRootLeftover {
  readonly path: string;
  readonly kind: /** A server's run folder: a running one (in use), or one whose process was killed. */
    | 'server'
    /** A cache entry or spare being built: live, or left by a killed process. */
    | 'build'
    | 'cache entry'
    | 'cold build'
    | 'binaries copy'
    | 'migration staging folder';
  /** A live process uses it: listed, never removed. */
  readonly inUse: boolean;
  /** Kilobytes on disk. */
  readonly kilobytes: number;
}

/**
 * What `seed clean` finds in the data root: servers and builds of runs whose process is gone,
 * cache entries beyond the current one (with `all`: the current one too), abandoned cold builds,
 * unused binary copies (with `all`: all, unless a server runs from one), and migration staging
 * folders left in the temp folder by killed processes. Live runs are listed as in use.
 */
export async function listDataRootLeftovers(
  root: string,
  options: { all: boolean; currentKey: string | undefined },
): Promise<DataRootLeftover[]> {
  const found: Omit<DataRootLeftover, 'kilobytes'>[] = [];
  let liveRuns = 0;
  for (const group of ['runs', 'build'] as const) {
    for (const name of await readdir(path.join(root, group)).catch(() => [] as string[])) {
      const dir = path.join(root, group, name);
      const inUse = isLive(dir);
      if (inUse) liveRuns++;
      found.push({
        path: dir,
        kind: group === 'runs' ? 'server' : 'build',
        inUse,
      });
    }
  }
  const entries = await listCacheEntries(root);
  const surplus = new Set(
    surplusEntries(entries, options.all ? undefined : options.currentKey).map((e) => e.path),
  );
  for (const entry of entries) {
    const current = path.basename(entry.path) === options.currentKey;
    const remove = options.all
      ? !(entry.kind === 'cold build' && !entry.abandoned)
      : surplus.has(entry.path) || (entry.kind === 'cache entry' && !current);
    if (!remove) continue;
    // A running server may use a binaries copy, and a live cold start its own build.
    const inUse =
      (entry.kind === 'binaries copy' && liveRuns > 0) || (entry.kind === 'cold build' && !entry.abandoned);
    found.push({ path: entry.path, kind: entry.kind, inUse });
  }
  for (const dir of await staleStagingFolders())
    found.push({ path: dir, kind: 'migration staging folder', inUse: false });
  const sized: DataRootLeftover[] = [];
  for (const item of found) sized.push({ ...item, kilobytes: await kilobytesOf(item.path) });
  return sized;
}

/** Removes one leftover (stopping its postmaster first, for a killed run's server). */
export async function removeDataRootLeftover(item: DataRootLeftover): Promise<void> {
  if (item.inUse) return;
  if (item.kind === 'server' || item.kind === 'build') removeRunSync(item.path);
  else await removeDir(item.path);
}

async function kilobytesOf(target: string): Promise<number> {
  if (!existsSync(target)) return 0;
  try {
    const { stdout } = await run('du', ['-sk', target]);
    return Number(stdout.split(/\s/)[0]) || 0;
  } catch {
    return 0;
  }
}
