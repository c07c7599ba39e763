import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { closeSync, constants, existsSync, openSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { childEnvironment } from '../../config/child-environment.js';
import { SeedError } from '../../errors.js';
import type { LocatedBinaries } from './located-binaries.js';
import type { OsUser } from './os-user.js';
import { readFileNoFollow, writeOwnFile } from './owned-paths.js';

const run = promisify(execFile);

/**
 * Settings for a throwaway server: durability off (a crash loses nothing worth keeping), no TCP
 * beyond loopback, and a WAL that stays small.
 */
const SERVER_SETTINGS: Record<string, string> = {
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
  listen_addresses: '127.0.0.1',
  // initdb makes 1 MB WAL segments; keep few of them so a cached data folder stays small to copy.
  min_wal_size: '4MB',
  max_wal_size: '4GB',
  logging_collector: 'off',
  // Loaded once by the postmaster instead of by each connection's first DO block (a spare-clone
  // claim is one): measured ~3 ms → ~1.3 ms for that first DO on a new connection.
  shared_preload_libraries: 'plpgsql',
  // Dynamic shared memory as files in the data folder (pg_dynshmem), deleted with it: the posix
  // default leaves ~1 MB in /dev/shm for good whenever a postmaster dies without cleaning up.
  dynamic_shared_memory_type: 'mmap',
};

/**
 * Settings that run programs or load code, or decide who may connect. Command-line settings win
 * over postgresql.conf and postgresql.auto.conf, so whatever a data folder says about them (an
 * archive_command planted in a cached folder ran on a later, unrelated start), these apply.
 */
const NEUTRALISED: Record<string, string> = {
  archive_mode: 'off',
  archive_command: '',
  archive_library: '',
  restore_command: '',
  archive_cleanup_command: '',
  recovery_end_command: '',
  local_preload_libraries: '',
  session_preload_libraries: '',
  dynamic_library_path: '$libdir',
  jit: 'off',
  ssl: 'off',
  ssl_passphrase_command: '',
  external_pid_file: '',
  unix_socket_permissions: '0700',
  unix_socket_group: '',
};

/**
 * Who may connect, written for each start into the run folder (the data folder's own pg_hba.conf is
 * never read). The socket lives in a folder only the server's OS user can enter (root gets in
 * regardless): a connection through it is the toolkit's own, so it is trusted. Over TCP, every
 * role needs its password: random per server start (see server-passwords.ts).
 */
const HBA = `# Written by @flatrender/seed for this server start only.
local all all trust
host all all 127.0.0.1/32 scram-sha-256
host all all ::1/128 scram-sha-256
`;

/** Files a copied data folder must not bring along: they would start recovery (and restore_command). */
const PLANTED = ['standby.signal', 'recovery.signal', 'postmaster.pid'];

/** initdb with what the toolkit needs: trust auth, UTF8, C locale (fast, present everywhere), no fsync. */
export async function initdb(
  bins: LocatedBinaries,
  dataDir: string,
  runAs: OsUser | undefined,
): Promise<void> {
  const args = [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '-A',
    'trust',
    '-E',
    'UTF8',
    '--locale',
    'C',
    '--no-sync',
    '--no-instructions',
    '--wal-segsize=1',
  ];
  try {
    await run(path.join(bins.bindir, 'initdb'), args, {
      ...asUser(runAs),
      env: childEnvironment({ LC_ALL: 'C' }),
    });
  } catch (error) {
    const output = `${(error as { stderr?: string }).stderr ?? ''}`.trim();
    throw new SeedError(
      'E_INITDB',
      `initdb (${bins.source}) failed for ${dataDir}: ${output || String(error)}`,
      {
        fix: 'Check that the data folder is writable by the server user and that the disk has room; set FLATRENDER_SEED_DATA_DIR to another folder.',
        cause: error,
      },
    );
  }
}

/**
 * The URL of a database through the server's Unix socket, as `postgres` with no password: the
 * toolkit's own way in (see HBA). `pg` reads a host starting with an encoded `/` as a socket folder.
 */
export function socketUrl(socketDir: string, port: number, database: string): string {
  return `postgresql://postgres@${encodeURIComponent(socketDir)}:${port}/${encodeURIComponent(database)}`;
}

/** A postmaster this process started. */
export interface PostgresProcess {
  readonly pid: number;
  readonly port: number;
  readonly dataDir: string;
  /**
   * `fast` (SIGINT): a clean shutdown with a checkpoint, for a data folder that is kept.
   * `immediate` (SIGQUIT): no checkpoint, for a throwaway folder deleted right after.
   */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
}

/**
 * Spawns `postgres` directly (not through pg_ctl, whose 100 ms polling costs most of a warm start)
 * and resolves once the postmaster reports `ready` in postmaster.pid.
 */
export async function startPostgres(bins: LocatedBinaries, options: PostgresStart): Promise<PostgresProcess> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return await startOnPort(bins, options, port);
    } catch (error) {
      // Another process may take the free port between our probe and the server's bind.
      if (attempt < 3 && error instanceof SeedError && error.code === 'E_PORT_TAKEN') continue;
      throw error;
    }
  }
}

/** Where a server runs: its data, its socket folder and its run folder (log, hba). */
export interface PostgresStart {
  readonly dataDir: string;
  /** A folder only the server's OS user can enter. */
  readonly socketDir: string;
  /** The toolkit's own folder of this server: postgres.log, pg_hba.conf, pg_ident.conf. */
  readonly runDir: string;
  readonly runAs: OsUser | undefined;
  /**
   * Extra `key=value` settings (SeedConfig.serverSettings: FLATRENDER_SEED_SERVER_SETTINGS), applied
   * after the toolkit's own and before NEUTRALISED, so they can tune the server but never open it.
   */
  readonly extraSettings?: readonly string[] | undefined;
}

async function startOnPort(
  bins: LocatedBinaries,
  { dataDir, socketDir, runDir, runAs, extraSettings = [] }: PostgresStart,
  port: number,
): Promise<PostgresProcess> {
  const logPath = path.join(runDir, 'postgres.log');
  const hbaPath = path.join(runDir, 'pg_hba.conf');
  const identPath = path.join(runDir, 'pg_ident.conf');
  writeOwnFile(hbaPath, HBA);
  writeOwnFile(identPath, '');
  if (!existsSync(logPath)) writeOwnFile(logPath, '', 0o600);
  for (const name of PLANTED) rmSync(path.join(dataDir, name), { force: true });
  const logFd = openSync(logPath, constants.O_WRONLY | constants.O_APPEND | constants.O_NOFOLLOW);
  const settings = [
    ...Object.entries(SERVER_SETTINGS).map(([key, value]) => `${key}=${value}`),
    // Extra settings, key=value pairs (the last of a key wins), e.g. "shared_buffers=256MB".
    ...extraSettings,
    // Last: neither a data folder nor FLATRENDER_SEED_SERVER_SETTINGS may open the server.
    ...Object.entries(NEUTRALISED).map(([key, value]) => `${key}=${value}`),
    `hba_file=${hbaPath}`,
    `ident_file=${identPath}`,
    `unix_socket_directories=${socketDir}`,
  ].flatMap((setting) => ['-c', setting]);
  let child: ChildProcess;
  try {
    child = spawn(path.join(bins.bindir, 'postgres'), ['-D', dataDir, '-p', String(port), ...settings], {
      ...asUser(runAs),
      stdio: ['ignore', logFd, logFd],
      // Its own process group: a Ctrl-C meant for us must not kill the server before we stop it.
      detached: true,
      env: childEnvironment({ LC_ALL: 'C' }),
    });
  } finally {
    closeSync(logFd);
  }
  child.unref();
  // A spawn that fails (EACCES, ENOENT: a noexec mount…) emits 'error' and never 'exit'.
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(-1));
  });
  const pid = child.pid;
  if (pid === undefined) {
    throw new SeedError('E_START', `Could not spawn ${bins.bindir}/postgres.`, {
      fix: 'Check the binaries (PG_BIN).',
    });
  }
  let failed: number | null | undefined;
  exited.then((code) => {
    failed = code;
  });
  const deadline = Date.now() + 30_000;
  while ((await postmasterStatus(dataDir)) !== 'ready') {
    if (failed !== undefined) {
      const log = await readFile(logPath, 'utf8').catch(() => '');
      const taken = /could not bind|Address already in use/.test(log);
      throw new SeedError(
        taken ? 'E_PORT_TAKEN' : 'E_START',
        `PostgreSQL (${bins.source}) exited with code ${failed} while starting on port ${port} with data in ${dataDir}:\n${tail(log)}`,
        { fix: 'Read the log above; remove the data folder if it is damaged and start again.' },
      );
    }
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      throw new SeedError(
        'E_START_TIMEOUT',
        `PostgreSQL did not become ready within 30 s (data in ${dataDir}).`,
        {
          fix: `Read ${logPath}.`,
        },
      );
    }
    await sleep(2);
  }
  return {
    pid,
    port,
    dataDir,
    async stop(mode = 'fast') {
      if (failed !== undefined) return;
      signal(pid, mode === 'fast' ? 'SIGINT' : 'SIGQUIT');
      const timer = setTimeout(() => signal(pid, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** `ready`, `starting`, `stopping`… from line 8 of postmaster.pid, or undefined before it exists. */
async function postmasterStatus(dataDir: string): Promise<string | undefined> {
  return readFileNoFollow(path.join(dataDir, 'postmaster.pid'))?.split('\n')[7]?.trim();
}

/** The postmaster pid recorded in a data folder, if any. */
export function recordedPostmasterPid(dataDir: string): number | undefined {
  // The data folder is the server user's: a planted symlink here must not be followed by root.
  const pid = Number(readFileNoFollow(path.join(dataDir, 'postmaster.pid'))?.split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * Stops a postmaster from a synchronous context (process exit): "immediate" shutdown, then waits
 * up to `waitMs` for it to go before the caller removes its files.
 */
export function killPostmasterSync(pid: number, waitMs = 3000): void {
  if (!signal(pid, 'SIGQUIT')) return;
  const deadline = Date.now() + waitMs;
  while (isAlive(pid) && Date.now() < deadline) sleepSync(5);
  if (isAlive(pid)) signal(pid, 'SIGKILL');
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}

function asUser(runAs: OsUser | undefined): { uid?: number; gid?: number } {
  return runAs ? { uid: runAs.uid, gid: runAs.gid } : {};
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const tail = (text: string) => text.trim().split('\n').slice(-15).join('\n');
