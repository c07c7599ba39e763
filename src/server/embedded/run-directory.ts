import { execFile } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, rmSync, type Stats, statSync } from 'node:fs';
import { chown, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { onExit } from 'signal-exit';
import { SeedError } from '../../errors.js';
import type { OsUser } from './os-user.js';
import { isAlive, killPostmasterSync, recordedPostmasterPid } from './postgres-process.js';

const run = promisify(execFile);

/**
 * Everything the embedded provider writes lives under one root, by default on a RAM-backed
 * filesystem (`/dev/shm`) where there is one: initdb, copies and CREATE DATABASE are file-heavy,
 * and on a busy disk they swing 10–30×.
 *
 *   <root>/cache/<key>/data   initialised and migrated data folders, copied on warm starts
 *   <root>/runs/<id>/         one running server: data/, its socket, postgres.log, owner.json
 */
export function dataRoot(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.FLATRENDER_SEED_DATA_DIR ?? (isWritableDir('/dev/shm') ? '/dev/shm' : tmpdir());
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  return path.join(base, `flatrender-seed-${uid}`);
}

/** Who owns a run folder: the process that made it, identified beyond its pid (pids are reused). */
interface Owner {
  pid: number;
  startTime: string;
}

export interface RunDirectory {
  readonly dir: string;
  readonly dataDir: string;
}

/** Makes a folder for one server, owned by the server's user, with a record of who made it. */
export async function createRunDirectory(
  root: string,
  group: 'runs' | 'build',
  runAs: OsUser | undefined,
): Promise<RunDirectory> {
  const parent = path.join(root, group);
  await mkdir(parent, { recursive: true, mode: 0o755 });
  const dir = path.join(
    parent,
    `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
  );
  await mkdir(dir, { mode: 0o700 });
  const owner: Owner = { pid: process.pid, startTime: processStartTime(process.pid) };
  await writeFile(path.join(dir, 'owner.json'), JSON.stringify(owner));
  if (runAs) await chown(dir, runAs.uid, runAs.gid);
  return { dir, dataDir: path.join(dir, 'data') };
}

/**
 * Removes the servers and folders of runs whose owning process is gone (killed with SIGKILL,
 * crashed, machine slept through a timeout…). Runs of live processes are left alone.
 */
export async function reapStaleRuns(root: string): Promise<string[]> {
  const reaped: string[] = [];
  for (const group of ['runs', 'build']) {
    const parent = path.join(root, group);
    const entries = await readdir(parent).catch(() => [] as string[]);
    for (const entry of entries) {
      const dir = path.join(parent, entry);
      const owner = await readFile(path.join(dir, 'owner.json'), 'utf8')
        .then((text) => JSON.parse(text) as Owner)
        .catch(() => undefined);
      if (owner && isAlive(owner.pid) && processStartTime(owner.pid) === owner.startTime) continue;
      // A folder just made or claimed (rename sets ctime) has no owner.json for a moment.
      const info = statSafe(dir);
      if (!info) continue; // another process reaped it a moment ago
      if (!owner && Date.now() - info.ctimeMs < 10_000) continue;
      removeRunSync(dir);
      reaped.push(dir);
    }
  }
  return reaped;
}

/** Stops the postmaster of a run folder, if one is running there, and deletes the folder. */
export function removeRunSync(dir: string): void {
  const dataDir = path.join(dir, 'data');
  const pid = recordedPostmasterPid(dataDir);
  if (pid && isAlive(pid) && isPostmasterOf(pid, dataDir)) killPostmasterSync(pid);
  rmSync(dir, { recursive: true, force: true });
}

/** Copies a data folder keeping owner and modes (`fs.cp` run as root drops ownership). */
export async function copyDataDir(from: string, to: string): Promise<void> {
  await run('cp', ['-a', from, to]);
}

/** `rm -rf`: 5× faster than fs.rm on a data folder's ~1,700 files. */
export async function removeDir(dir: string): Promise<void> {
  await run('rm', ['-rf', dir]).catch(() => rm(dir, { recursive: true, force: true }));
}

/** Records this process as the owner of a folder it took over (a claimed spare copy). */
export async function claimRunDirectory(dir: string): Promise<RunDirectory> {
  const owner: Owner = { pid: process.pid, startTime: processStartTime(process.pid) };
  await writeFile(path.join(dir, 'owner.json'), JSON.stringify(owner));
  return { dir, dataDir: path.join(dir, 'data') };
}

const live = new Set<string>();
let exitHookInstalled = false;

/**
 * Keeps a run folder on the list of things to remove if this process exits without stopping it
 * (an uncaught error, process.exit, SIGINT/SIGTERM/SIGHUP). SIGKILL cannot be caught: the next
 * start reaps those (see reapStaleRuns).
 */
export function trackRun(dir: string): () => void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    onExit(() => {
      for (const d of live) removeRunSync(d);
      live.clear();
    });
  }
  live.add(dir);
  return () => live.delete(dir);
}

function processStartTime(pid: number): string {
  try {
    // Field 22 of /proc/<pid>/stat (after the parenthesised command name) is the start time.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

/** Guards against a recycled pid: the process must be a postgres serving that data folder. */
function isPostmasterOf(pid: number, dataDir: string): boolean {
  // No /proc (macOS): trust the pid recorded in the folder's own postmaster.pid.
  if (!existsSync('/proc')) return true;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dataDir);
  } catch {
    return false;
  }
}

function statSafe(dir: string): Stats | undefined {
  try {
    return statSync(dir);
  } catch {
    return undefined;
  }
}

/**
 * The data root must be this user's own, real folder: a folder planted in /dev/shm by another local
 * user could hand us a data directory with their server settings in it.
 */
export function assertOwnDataRoot(root: string): void {
  const info = lstatSync(root);
  const uid = typeof process.getuid === 'function' ? process.getuid() : info.uid;
  if (info.isSymbolicLink() || !info.isDirectory() || info.uid !== uid || (info.mode & 0o022) !== 0) {
    throw new SeedError(
      'E_DATA_ROOT_OWNER',
      `The data folder ${root} is not a directory owned by this user and writable only by it; the toolkit will not start a server from data it does not own.`,
      {
        fix: `Remove it (rm -rf ${root}) if it is yours, or set FLATRENDER_SEED_DATA_DIR to a folder of your own.`,
      },
    );
  }
}

function isWritableDir(dir: string): boolean {
  try {
    return statSync(dir).isDirectory() && (statSync(dir).mode & 0o002) !== 0;
  } catch {
    return false;
  }
}
