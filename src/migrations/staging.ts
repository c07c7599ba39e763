import { lstatSync } from 'node:fs';
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MigrationFile } from './migration-files.js';

const PREFIX = 'flatrender-migrations-';

/**
 * Copies the files under their staged names (see MigrationFile) into a private temp folder named
 * after this process (`flatrender-migrations-<pid>-…`), so a folder left by a process killed
 * mid-migration can be told apart from a live one and reaped (reapStaleStaging).
 */
export async function stage(files: readonly MigrationFile[]): Promise<string> {
  await reapStaleStaging().catch(() => []);
  const dir = await mkdtemp(path.join(tmpdir(), `${PREFIX}${process.pid}-`));
  await Promise.all(files.map((file) => copyFile(file.path, path.join(dir, file.stagedName))));
  return dir;
}

/** Staging folders of this user in the temp folder whose process is gone. */
export async function staleStagingFolders(): Promise<string[]> {
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  const names = await readdir(tmpdir()).catch(() => [] as string[]);
  const stale: string[] = [];
  for (const name of names) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = path.join(tmpdir(), name);
    let info: ReturnType<typeof lstatSync>;
    try {
      info = lstatSync(dir);
    } catch {
      continue;
    }
    if (!info.isDirectory() || (uid !== undefined && info.uid !== uid)) continue;
    const pid = Number(/^flatrender-migrations-(\d+)-/.exec(name)?.[1]);
    // Folders named before the pid was in the name: stale once an hour old.
    const gone = pid ? !alive(pid) : Date.now() - info.mtimeMs > 3_600_000;
    if (gone) stale.push(dir);
  }
  return stale;
}

/** Removes what staleStagingFolders finds; returns the removed folders. */
export async function reapStaleStaging(): Promise<string[]> {
  const stale = await staleStagingFolders();
  for (const dir of stale) await rm(dir, { recursive: true, force: true });
  return stale;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
