import {
  chmodSync,
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { SeedError } from '../../errors.js';

/**
 * File operations in the data root that never follow a symlink and never trust a path someone
 * else could have planted. The server's OS user owns the data folders it runs on; when the toolkit
 * runs as root, following a link planted there (`owner.json` pointing at a root-owned file) let that
 * user make root overwrite any file. So: folders the toolkit writes into must be its own and not
 * writable by anyone else (checked with lstat), and files are opened with O_NOFOLLOW.
 */

const uid = () => (typeof process.getuid === 'function' ? process.getuid() : -1);

function untrusted(path: string, why: string): SeedError {
  return new SeedError(
    'E_UNTRUSTED_PATH',
    `${path} ${why}; the toolkit only writes into folders of its own that nobody else can write, and follows no symlinks there.`,
    {
      fix: `Remove it if it is yours (rm -rf ${path}; seed clean --all --yes clears the whole data folder), or set FLATRENDER_SEED_DATA_DIR to a folder of your own.`,
    },
  );
}

/**
 * Asserts `path` is a real directory (not a symlink) owned by this process's user and not writable
 * by group or others. Returns false if it does not exist.
 */
export function isOwnDir(path: string): boolean {
  let info: ReturnType<typeof lstatSync>;
  try {
    info = lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  if (info.isSymbolicLink()) throw untrusted(path, 'is a symbolic link');
  if (!info.isDirectory()) throw untrusted(path, 'is not a directory');
  if (uid() >= 0 && info.uid !== uid())
    throw untrusted(path, `is owned by uid ${info.uid}, not by this user`);
  if ((info.mode & 0o022) !== 0) throw untrusted(path, 'is writable by other users');
  return true;
}

/**
 * Makes `path` (its parent must be an own dir already) with `mode`, or checks the one that exists.
 * mkdir does not follow a symlink in the last component: a planted link makes it fail (EEXIST),
 * and isOwnDir then refuses it.
 */
export function ensureOwnDir(path: string, mode: number): void {
  try {
    mkdirSync(path, { mode });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  isOwnDir(path);
  // mkdir's mode is cut by the umask, and a folder made by an older version may be wider (0755).
  if ((lstatSync(path).mode & 0o777) !== mode) chmodSync(path, mode);
}

/**
 * Writes a file the toolkit owns: removes whatever is there (a planted symlink is removed, not
 * followed), then creates the file exclusively without following links. A race that plants a link
 * in between makes the create fail instead of writing through it.
 */
export function writeOwnFile(path: string, content: string, mode = 0o644): void {
  try {
    const info = lstatSync(path);
    if (info.isDirectory()) throw untrusted(path, 'is a directory where a file was expected');
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const fd = openSync(
    path,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
    mode,
  );
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a small regular file without following a symlink; undefined when it is absent, a link or
 * not a regular file. `owners` limits whose file it may be (default: anyone).
 */
export function readFileNoFollow(path: string, owners?: readonly number[]): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile() || (owners && !owners.includes(info.uid)) || info.size > 1 << 20) return undefined;
    const buffer = Buffer.alloc(info.size);
    let read = 0;
    while (read < info.size) {
      const n = readSync(fd, buffer, read, info.size - read, read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
