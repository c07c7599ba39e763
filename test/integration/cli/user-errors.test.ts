import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { copyFile, cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect } from 'vitest';
import { defaultMigrationsDir, readMigrationFiles } from '../../../src/migrations/migration-files.js';
import { createSeedTest } from '../../../src/vitest/index.js';
import { emptyDatabase } from '../../support/admin.js';
import { finished, firstLine, runSeed, spawnTs } from '../../support/spawn.js';
import { userError } from '../../support/user-error.js';

const test = createSeedTest({ isolation: 'test' });

describe('databases that are not migrated with FlatRender’s migrations', () => {
  test('seed --scenario into a new, empty database migrates it first, as the help says', async () => {
    await using fresh = await emptyDatabase();
    const result = await runSeed(['--scenario', 'minimal', '--database-url', fresh.url, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const client = new pg.Client(fresh.url);
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT (SELECT origin FROM flatrender_seed.marker) AS origin, (SELECT count(*)::int FROM identity.users) AS users`,
      );
      expect(rows[0].origin).toBe('migrated-from-empty');
      expect(rows[0].users).toBeGreaterThan(0);
    } finally {
      await client.end();
    }
  });

  test('a partly migrated database: seeding says seed migrate or --migrate, and --migrate works', async () => {
    await using fresh = await emptyDatabase();
    const dir = await mkdtemp(path.join(tmpdir(), 'fr-partial-'));
    try {
      const files = await readMigrationFiles(defaultMigrationsDir);
      for (const file of files.slice(0, 3)) await copyFile(file.path, path.join(dir, file.fileName));
      expect((await runSeed(['migrate', '--database-url', fresh.url, '--migrations', dir])).code).toBe(0);
      const refused = await runSeed(['--scenario', 'minimal', '--database-url', fresh.url]);
      userError(refused, `not applied: ${files[3]!.fileName}`, '--migrate', 'seed migrate --database-url');
      const verify = await runSeed(['verify', '--database-url', fresh.url]);
      userError(verify, 'Cannot verify database', 'seed migrate');
      const migrated = await runSeed(['--scenario', 'minimal', '--database-url', fresh.url, '--migrate']);
      expect(migrated.code, migrated.stderr).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('verify, reset, seeding and the load on a database that is not FlatRender’s exit 1 and change nothing', async () => {
    await using other = await emptyDatabase();
    const client = new pg.Client(other.url);
    await client.connect();
    await client.query('CREATE TABLE public.customers (id int PRIMARY KEY)');
    await client.query('INSERT INTO public.customers VALUES (1)');
    // Marked (seed mark --yes), so reset gets past its marker check to the schema check.
    await client.query('CREATE SCHEMA flatrender_seed');
    await client.query(
      `CREATE TABLE flatrender_seed.marker (singleton boolean PRIMARY KEY DEFAULT true, origin text, marked_at timestamptz DEFAULT now())`,
    );
    await client.query(`INSERT INTO flatrender_seed.marker (origin) VALUES ('seed mark')`);
    try {
      const results = await Promise.all([
        runSeed(['verify', '--database-url', other.url]),
        runSeed(['reset', '--database-url', other.url, '--yes']),
        runSeed(['--scenario', 'minimal', '--database-url', other.url]),
        runSeed(['--scenario', 'load', '--scale', '0.01', '--database-url', other.url]),
      ]);
      for (const result of results) userError(result, 'is not a FlatRender database', 'public.customers');
      expect((await client.query('SELECT count(*)::int AS n FROM public.customers')).rows).toEqual([
        { n: 1 },
      ]);
    } finally {
      await client.end();
    }
  });

  test('verify on an empty database says it was never migrated', async () => {
    await using fresh = await emptyDatabase();
    userError(await runSeed(['verify', '--database-url', fresh.url]), 'it is empty', 'seed migrate');
  });

  test('a migration file with COMMIT is refused before anything runs, naming the file and line', async ({
    db,
  }) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'fr-commit-'));
    try {
      await cp(defaultMigrationsDir, dir, { recursive: true });
      await writeFile(
        path.join(dir, '99_half.sql'),
        'CREATE TABLE content.half_applied (id int);\nCOMMIT;\nCREATE TABLE content.never (id int);\n',
      );
      const result = await runSeed(['migrate', '--database-url', db.url, '--migrations', dir]);
      userError(
        result,
        `${path.join(dir, '99_half.sql')} has a COMMIT statement (line 2)`,
        'Nothing was applied',
      );
      const { rows } = await db.query(`SELECT to_regclass('content.half_applied') AS t`);
      expect(rows).toEqual([{ t: null }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('failures of the machine or the server are exit 1 with what happened', () => {
  test('a server that drops the connection while seeding: exit 1, not a toolkit bug', async ({ db }) => {
    const child = spawnTs('seed-cli.ts', ['--scenario', 'demo', '--database-url', db.url]);
    const done = finished(child);
    for (let i = 0; i < 400; i++) {
      const { rows } = await db.query(
        `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
          WHERE datname = current_database() AND application_name LIKE 'flatrender-seed seed%' AND state <> 'idle'`,
      );
      if (rows.length > 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    userError(await done, 'The connection to the PostgreSQL server was lost');
  });

  test('seed up exits 1 when its server dies, and the dead server leaves nothing in /dev/shm', async () => {
    const since = Date.now() - 1000;
    const child = spawnTs('seed-cli.ts', ['up', '--json']);
    const done = finished(child);
    const { databaseUrl } = JSON.parse(await firstLine(child)) as { databaseUrl: string };
    const client = new pg.Client(databaseUrl);
    await client.connect();
    const dataDirectory = (await client.query('SHOW data_directory')).rows[0].data_directory as string;
    await client.end();
    const postmaster = Number(
      readFileSync(path.join(dataDirectory, 'postmaster.pid'), 'utf8').split('\n')[0],
    );
    const serverUid = statSync(dataDirectory).uid;
    process.kill(postmaster, 'SIGKILL');
    const result = await done;
    userError(result, 'stopped while seed up was serving database "flatrender"');
    // Its dynamic shared memory lived in its data folder (mmap), deleted with it; the posix default
    // left PostgreSQL.<n> files in /dev/shm after every postmaster that died.
    const left = existsSync('/dev/shm')
      ? readdirSync('/dev/shm').filter((name) => {
          if (!name.startsWith('PostgreSQL.')) return false;
          const info = statSync(path.join('/dev/shm', name));
          return info.uid === serverUid && info.mtimeMs >= since;
        })
      : [];
    expect(left).toEqual([]);
  });

  test.skipIf(process.getuid?.() !== 0)(
    'out of disk space while copying the cached data folder: exit 1 with the free space and the fix (root: mounts a small RAM disk)',
    async () => {
      const mount = await mkdtemp(path.join(tmpdir(), 'fr-full-'));
      // Room for the cache a first start builds (≈44 MB), not for the copy a server runs on.
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=70M,mode=755', 'tmpfs', mount]);
      try {
        const result = await runSeed(['up'], { FLATRENDER_SEED_DATA_DIR: mount });
        userError(
          result,
          'Out of disk space while copying the PostgreSQL data folder',
          'MB free of 70 MB',
          'FLATRENDER_SEED_DATA_DIR',
        );
      } finally {
        spawnSync('umount', [mount]);
        await rm(mount, { recursive: true, force: true });
      }
    },
    120_000,
  );
});
