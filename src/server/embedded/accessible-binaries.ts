import { createHash } from 'node:crypto';
import { existsSync, lstatSync, statSync } from 'node:fs';
import { lutimes, mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { SeedError } from '../../errors.js';
import type { LocatedBinaries } from './binaries.js';
import type { OsUser } from './os-user.js';
import { copyInstallation, removeDir } from './run-directory.js';

/** Whether `user` may enter every folder on the way to `target` (and, for a file, execute it). */
export function canReach(target: string, user: OsUser): boolean {
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  let current: string = path.sep;
  for (const part of ['', ...parts]) {
    current = path.join(current, part);
    let mode: number;
    let uid: number;
    let gid: number;
    try {
      ({ mode, uid, gid } = statSync(current));
    } catch {
      return false;
    }
    const bit = uid === user.uid ? 0o100 : gid === user.gid ? 0o010 : 0o001;
    if ((mode & bit) === 0) return false;
  }
  return true;
}

/**
 * When the toolkit runs as root, the server runs as another user, who may not be able to reach
 * binaries installed under a private folder (a project in /root, a CI checkout in a 0700 temp
 * folder). Then the installation (bin, lib, share) is copied once under the data root.
 */
export async function accessibleBinaries(
  located: LocatedBinaries,
  runAs: OsUser | undefined,
  root: string,
): Promise<LocatedBinaries> {
  if (!runAs || canReach(path.join(located.bindir, 'postgres'), runAs)) return located;
  const installation = path.dirname(located.bindir);
  // Named by the installation's identity, not its path: a new checkout reuses the same copy.
  const postgres = statSync(path.join(located.bindir, 'postgres'));
  const identity = `${located.source.replace(/:.*$/, '')}|${postgres.size}|${postgres.mtimeMs}`;
  const copy = path.join(root, `bin-${createHash('sha256').update(identity).digest('hex').slice(0, 12)}`);
  const bindir = path.join(copy, path.basename(located.bindir));
  if (!existsSync(path.join(bindir, 'postgres'))) {
    const staging = `${copy}.${process.pid}.tmp`;
    await mkdir(root, { recursive: true, mode: 0o755 });
    await copyInstallation(installation, staging);
    await rename(staging, copy).catch(async () => removeDir(staging));
  }
  // Root runs these binaries' copy as the server's user: it must be a real folder nobody else can change.
  const made = lstatSync(copy);
  if (
    made.isSymbolicLink() ||
    !made.isDirectory() ||
    ![process.getuid?.(), postgres.uid].includes(made.uid) ||
    (made.mode & 0o022) !== 0
  ) {
    throw new SeedError(
      'E_UNTRUSTED_PATH',
      `${copy}, the copy of the PostgreSQL binaries, is not a folder of this user's that nobody else can write; it will not be run.`,
      { fix: `Remove it (rm -rf ${copy}); the next start copies the binaries again.` },
    );
  }
  await lutimes(copy, new Date(), new Date()).catch(() => {});
  if (!canReach(path.join(bindir, 'postgres'), runAs)) {
    throw new SeedError(
      'E_BINARIES_ACCESS',
      `The server runs as "${runAs.name}" (PostgreSQL refuses root), who cannot reach ${located.bindir} nor its copy in ${copy}.`,
      {
        fix: `Make ${root} reachable by ${runAs.name} (chmod o+x on each parent folder), or set FLATRENDER_SEED_DATA_DIR to such a folder.`,
      },
    );
  }
  return { bindir, source: `${located.source}, copied to ${copy} for ${runAs.name}` };
}

/** The data root must be reachable by the server's user; say so plainly instead of failing inside initdb. */
export function assertReachable(root: string, runAs: OsUser | undefined): void {
  if (!runAs || canReach(root, runAs)) return;
  throw new SeedError(
    'E_DATA_DIR_ACCESS',
    `The server runs as "${runAs.name}" (PostgreSQL refuses root), who cannot reach the data folder ${root}.`,
    {
      fix: `chmod o+x every parent folder of ${root} (mkdtemp makes 0700 folders), or set FLATRENDER_SEED_DATA_DIR elsewhere (default /dev/shm).`,
    },
  );
}
