import { execFile } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, rmSync, type Stats, statfsSync, statSync } from 'node:fs';
import { chown, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { onExit } from 'signal-exit';
import { messageOf, SeedError } from '../../errors.js';
import type { OsUser } from './os-user.js';
import { ensureOwnDir, isOwnDir, readFileNoFollow, writeOwnFile } from './owned-paths.js';
import { isAlive, killPostmasterSync, recordedPostmasterPid } from './postgres-process.js';

const run = promisify(execFile);

/**
 * Everything the embedded provider writes lives under one root, by default on a RAM-backed
 * filesystem (`/dev/shm`) where there is one: initdb, copies and CREATE DATABASE are file-heavy,
 * and on a busy disk they swing 10–30×.
 *
 *   <root>/cache/<key>/data     initialised and migrated data folders, copied on warm starts;
 *                                the toolkit's own, read-only to the server's OS user
 *   <root>/cache/<key>/spares/  ready copies of that data folder for the next start
 *   <root>/runs/<id>/            one running server: owner.json, postgres.log, pg_hba.conf,
 *                                sock/ and data/ (those two the server user's own)
 *   <root>/build/<id>/           the same, for a cache being built or a spare being copied
 *
 * Every folder the toolkit writes into is its own and writable by nobody else; only data/ and
 * sock/ belong to the server's OS user, and the toolkit never follows a link inside them.
 *
 * @param dataDir the folder the root is made in (SeedConfig.dataDir: FLATRENDER_SEED_DATA_DIR);
 *   undefined: /dev/shm where writable, else the OS temp folder.
 */
export function dataRoot(dataDir?: string): string {
  const base = dataDir || (isWritableDir('/dev/shm') ? '/dev/shm' : tmpdir());
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  return path.join(base, `flatrender-seed-${uid}`);
}

/**
 * Mode of the toolkit's folders: when root, the server's user must pass through them to its own
 * data/ and sock/ (execute only: it can neither list nor write them); otherwise nobody else needs
 * anything.
 */
export function folderMode(runAs: OsUser | undefined): number {
  return runAs ? 0o711 : 0o700;
}

/** Who owns a run folder: the process that made it, identified beyond its pid (pids are reused). */
interface Owner {
  pid: number;
  startTime: string;
}

export interface RunDirectory {
  readonly dir: string;
  readonly dataDir: string;
  /** The server's socket folder: its OS user's own, mode 0700. */
  readonly socketDir: string;
}

/** The paths of a run folder. */
export function runPaths(dir: string): RunDirectory {
  return { dir, dataDir: path.join(dir, 'data'), socketDir: path.join(dir, 'sock') };
}

/** Makes the data root and its groups, checking each is this user's own real folder. */
export function prepareDataRoot(root: string, runAs: OsUser | undefined): void {
  const parent = path.dirname(root);
  if (!existsSync(parent)) {
    throw new SeedError('E_DATA_DIR', `The folder ${parent} (FLATRENDER_SEED_DATA_DIR) does not exist.`, {
      fix: `Create it, or set FLATRENDER_SEED_DATA_DIR to an existing folder.`,
    });
  }
  try {
    ensureOwnDir(root, folderMode(runAs));
  } catch (error) {
    if (error instanceof SeedError) {
      throw new SeedError(
        'E_DATA_ROOT_OWNER',
        `The data folder ${root} is not a directory owned by this user and writable only by it; the toolkit will not start a server from data it does not own. (${messageOf(error).split('\n')[0]})`,
        {
          fix: `Remove it (rm -rf ${root}) if it is yours, or set FLATRENDER_SEED_DATA_DIR to a folder of your own.`,
          cause: error,
        },
      );
    }
    throw error;
  }
  for (const group of ['runs', 'build', 'cache']) ensureOwnDir(path.join(root, group), folderMode(runAs));
}

/**
 * Makes a folder for one server with a record of who made it. The folder is the toolkit's; its
 * socket folder is made here for the server's user (before anyone else could plant one).
 */
export async function createRunDirectory(
  root: string,
  group: 'runs' | 'build',
  runAs: OsUser | undefined,
): Promise<RunDirectory> {
  const parent = path.join(root, group);
  ensureOwnDir(parent, folderMode(runAs));
  const dir = path.join(
    parent,
    `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
  );
  ensureOwnDir(dir, folderMode(runAs));
  writeOwnFile(path.join(dir, 'owner.json'), JSON.stringify(ownerRecord()));
  return withSocketDir(dir, runAs);
}

/**
 * Adds the server user's socket folder (and, for a new run folder, its empty data folder) to a run
 * folder: made by the toolkit, then given to that user, inside a folder nobody else can write.
 */
export async function withSocketDir(dir: string, runAs: OsUser | undefined): Promise<RunDirectory> {
  const paths = runPaths(dir);
  await rm(paths.socketDir, { recursive: true, force: true });
  for (const own of [paths.socketDir, paths.dataDir]) {
    if (own === paths.dataDir && lstatSafe(own)) continue; // a claimed spare's data
    ensureOwnDir(own, 0o700);
    if (runAs) await chown(own, runAs.uid, runAs.gid);
  }
  return paths;
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
      if (isLive(dir)) continue;
      // A folder just made or claimed (rename sets ctime) has no owner.json for a moment.
      const info = lstatSafe(dir);
      if (!info) continue; // another process reaped it a moment ago
      if (info.isDirectory() && !readOwner(dir) && Date.now() - info.ctimeMs < 10_000) continue;
      removeRunSync(dir);
      reaped.push(dir);
    }
  }
  return reaped;
}

/** Whether the process recorded in a run folder's owner.json is still running. */
export function isLive(dir: string): boolean {
  const owner = readOwner(dir);
  return owner !== undefined && isAlive(owner.pid) && processStartTime(owner.pid) === owner.startTime;
}

function readOwner(dir: string): Owner | undefined {
  try {
    const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
    const text = readFileNoFollow(path.join(dir, 'owner.json'), uid === undefined ? undefined : [uid]);
    return text ? (JSON.parse(text) as Owner) : undefined;
  } catch {
    return undefined;
  }
}

/** Stops the postmaster of a run folder, if one is running there, and deletes the folder. */
export function removeRunSync(dir: string): void {
  const info = lstatSafe(dir);
  if (info?.isDirectory()) {
    const dataDir = path.join(dir, 'data');
    const pid = recordedPostmasterPid(dataDir);
    if (pid && isAlive(pid) && isPostmasterOf(pid, dataDir)) killPostmasterSync(pid);
  }
  // rm removes a symlink itself, never what it points at.
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Copies a data folder as the server's user (`cp` run with its uid), so the copy is its own and
 * the source only needs to be readable by it. Modes and times are kept; symlinks are copied as
 * links, never followed.
 */
export async function copyDataDir(from: string, to: string, runAs?: OsUser): Promise<void> {
  try {
    // Into the (empty) folder the server user owns: its contents, not the folder itself.
    // GNU cp keeps modes and times without trying to keep owners; BSD cp (macOS) has no --preserve.
    const keep = process.platform === 'linux' ? ['-R', '-P', '--preserve=mode,timestamps'] : ['-pPR'];
    await run('cp', [...keep, `${from}/.`, to], {
      ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
    });
  } catch (error) {
    // cp names every file it could not copy: the first says what happened.
    const stderr = `${(error as { stderr?: string }).stderr ?? ''}`.trim().split('\n')[0] ?? '';
    if (/No space left on device/i.test(stderr)) {
      throw new SeedError(
        'E_NO_SPACE',
        `Out of disk space while copying the PostgreSQL data folder ${from} to ${to} (${freeSpace(to)}): ${stderr}`,
        {
          fix: `Free space on that disk (seed clean --yes removes what the toolkit left there), or set FLATRENDER_SEED_DATA_DIR to a folder on a disk with room (a data folder takes about 40 MB).`,
          cause: error,
        },
      );
    }
    throw new SeedError(
      'E_COPY',
      `Could not copy the PostgreSQL data folder ${from} to ${to}: ${stderr || messageOf(error)}`,
      {
        fix: 'Check that the data folder (FLATRENDER_SEED_DATA_DIR) is writable and has room, then start again.',
        cause: error,
      },
    );
  }
}

function freeSpace(target: string): string {
  try {
    const fs = statfsSync(path.dirname(target));
    return `${((fs.bavail * fs.bsize) / 1024 / 1024).toFixed(0)} MB free of ${((fs.blocks * fs.bsize) / 1024 / 1024).toFixed(0)} MB`;
  } catch {
    return 'free space unknown';
  }
}

/** Copies an installation (binaries) keeping owner and modes: root's `cp -a`. */
export async function copyInstallation(from: string, to: string): Promise<void> {
  await run('cp', ['-a', from, to]);
}

/** `rm -rf`: 5× faster than fs.rm on a data folder's ~1,700 files. */
export async function removeDir(dir: string): Promise<void> {
  await run('rm', ['-rf', dir]).catch(() => rm(dir, { recursive: true, force: true }));
}

/**
 * Makes a finished data folder the toolkit's own (when root: owned by it, readable by the server
 * user's group, writable by nobody else), so that no server, nor anyone acting as its OS user,
 * can change what later starts copy.
 */
export async function sealDataDir(dataDir: string, runAs: OsUser | undefined): Promise<void> {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  if (runAs) await run('chown', ['-R', '-h', `${uid}:${runAs.gid}`, dataDir]);
  // chmod -R leaves symlinks alone.
  await run('chmod', ['-R', runAs ? 'u=rwX,g=rX,o=' : 'u=rwX,go=', dataDir]);
}

/** Records this process as the owner of a folder it took over (a claimed spare copy). */
export async function claimRunDirectory(dir: string, runAs: OsUser | undefined): Promise<RunDirectory> {
  isOwnDir(dir);
  writeOwnFile(path.join(dir, 'owner.json'), JSON.stringify(ownerRecord()));
  return withSocketDir(dir, runAs);
}

function ownerRecord(): Owner {
  return { pid: process.pid, startTime: processStartTime(process.pid) };
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

export function processStartTime(pid: number): string {
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

function lstatSafe(dir: string): Stats | undefined {
  try {
    return lstatSync(dir);
  } catch {
    return undefined;
  }
}

function isWritableDir(dir: string): boolean {
  try {
    return statSync(dir).isDirectory() && (statSync(dir).mode & 0o002) !== 0;
  } catch {
    return false;
  }
}
