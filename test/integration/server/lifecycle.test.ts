import { existsSync, readdirSync } from 'node:fs';
import { chmod, cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, test } from 'vitest';
import { resolveConfig } from '../../../src/config/resolve-config.js';
import { migrate } from '../../../src/migrations/migrate.js';
import { defaultMigrationsDir } from '../../../src/migrations/migration-files.js';
import { pingEngine, startDocker } from '../../../src/server/docker-provider.js';
import { startEmbedded } from '../../../src/server/embedded/embedded-provider.js';
import { isAlive } from '../../../src/server/embedded/postgres-process.js';
import { dataRoot } from '../../../src/server/embedded/run-directory.js';
import { roleUrl } from '../../../src/server/service-roles.js';
import { adminQuery } from '../../support/admin.js';
import { configuredEmbedded } from '../../support/configured.js';
import { finished, firstLine, runSeed, spawnTs } from '../../support/spawn.js';

const roots: string[] = [];
/** A private data root (so a cold start really is cold), traversable by the server's user. */
async function privateRoot(): Promise<string> {
  const base = await mkdtemp(path.join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'fr-lifecycle-'));
  await chmod(base, 0o755);
  roots.push(base);
  return base;
}
afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
});

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

describe('embedded provider', () => {
  test('a run killed with SIGKILL leaves a postmaster; the next start reaps it and its folder', async () => {
    const base = await privateRoot();
    const env = { FLATRENDER_SEED_DATA_DIR: base };
    const holder = spawnTs('hold-server.ts', [], env);
    const held = JSON.parse(await firstLine(holder)) as {
      runDir: string;
      postmasterPid: number;
      adminUrl: string;
    };
    holder.kill('SIGKILL');
    await finished(holder);
    expect(isAlive(held.postmasterPid)).toBe(true);
    expect(existsSync(held.runDir)).toBe(true);

    await using server = await startEmbedded(configuredEmbedded({ dataRoot: dataRoot(base) }));
    expect(isAlive(held.postmasterPid)).toBe(false);
    expect(existsSync(held.runDir)).toBe(false);
    expect(readdirSync(path.dirname(held.runDir))).toEqual([path.basename(server.runDir)]);
  });

  test('as root, runs binaries its server user cannot reach by copying them under the data root', async (context) => {
    if (process.getuid?.() !== 0) {
      context.skip(
        'only meaningful as root: otherwise the server runs as the current user, who can reach them',
      );
      return;
    }
    const base = await privateRoot();
    const hidden = await mkdtemp(path.join(tmpdir(), 'fr-private-'));
    roots.push(hidden);
    const { locateBinaries } = await import('../../../src/server/embedded/binaries.js');
    const config = resolveConfig({}, process.env);
    const located = await locateBinaries({ pgBin: config.pgBin, dataRoot: dataRoot(config.dataDir) });
    const installation = path.dirname(located.bindir);
    await cp(installation, path.join(hidden, 'pg'), { recursive: true, verbatimSymlinks: true });
    const holder = spawnTs('hold-server.ts', [], {
      FLATRENDER_SEED_DATA_DIR: base,
      PG_BIN: path.join(hidden, 'pg', 'bin'),
    });
    const done = finished(holder);
    const held = JSON.parse(await firstLine(holder)) as { adminUrl: string };
    expect(await canConnect(held.adminUrl)).toBe(true);
    holder.kill('SIGTERM');
    await done;
    expect(readdirSync(dataRoot(base)).filter((f) => f.startsWith('bin-'))).toHaveLength(1);
    expect(readdirSync(path.join(dataRoot(base), 'runs'))).toEqual([]);
  });

  test('stop() removes the server and its folder; await using does the same', async () => {
    const root = dataRoot(await privateRoot());
    let runDir: string;
    let url: string;
    {
      await using server = await startEmbedded(configuredEmbedded({ dataRoot: root }));
      ({ runDir } = server);
      url = server.adminUrl;
      expect(await canConnect(url)).toBe(true);
    }
    expect(existsSync(runDir)).toBe(false);
    expect(await canConnect(url)).toBe(false);
  });

  test('two processes cold-starting at once both succeed and share one cached template', async () => {
    const base = await privateRoot();
    const env = { FLATRENDER_SEED_DATA_DIR: base, FLATRENDER_SEED_PROVIDER: 'embedded' };
    const [a, b] = await Promise.all([
      finished(spawnTs('run-global-setup.ts', [], env)),
      finished(spawnTs('run-global-setup.ts', [], env)),
    ]);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    const [infoA, infoB] = [JSON.parse(a.stdout), JSON.parse(b.stdout)];
    expect(infoA.template).toBe(infoB.template);
    expect(readdirSync(path.join(dataRoot(base), 'cache'))).toHaveLength(1);
    expect(readdirSync(path.join(dataRoot(base), 'runs'))).toEqual([]);
  });
});

describe('url provider', () => {
  test('two processes running the global setup on one server at once: one template, both succeed', async () => {
    const { adminUrl } = await import('vitest').then((v) => v.inject('flatrenderSeed'));
    const dir = await privateRoot();
    await cp(defaultMigrationsDir, dir, { recursive: true });
    // A migrations folder no template exists for yet, so both processes race to build it.
    await writeFile(
      path.join(dir, '24_race.sql'),
      `CREATE TABLE content.race_${path.basename(dir).replace(/\W/g, '_')} (id int);\n`,
    );
    const env = {
      FLATRENDER_SEED_PROVIDER: 'url',
      FLATRENDER_SEED_DATABASE_URL: adminUrl,
      FLATRENDER_SEED_MIGRATIONS: dir,
    };
    // Templates only: spare clones (`<template>_spare_<hex>`) come and go while this runs.
    const before = await adminQuery(
      `SELECT count(*)::int AS n FROM pg_database WHERE datname LIKE 'flatrender_tpl_%' AND datistemplate`,
    );
    const [a, b] = await Promise.all([
      finished(spawnTs('run-global-setup.ts', [], env)),
      finished(spawnTs('run-global-setup.ts', [], env)),
    ]);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    expect(JSON.parse(a.stdout).template).toBe(JSON.parse(b.stdout).template);
    const after = await adminQuery(
      `SELECT count(*)::int AS n FROM pg_database WHERE datname LIKE 'flatrender_tpl_%' AND datistemplate`,
    );
    expect(after.rows[0].n).toBe(before.rows[0].n + 1);
  });

  test('refuses a role without CREATEDB, naming it and the fix', async () => {
    const { adminUrl, serviceRoles } = await import('vitest').then((v) => v.inject('flatrenderSeed'));
    const url = roleUrl(adminUrl, 'content_svc', serviceRoles);
    const result = await runSeed(['up', '--provider', 'url', '--database-url', url]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Role "content_svc" may not create databases');
    expect(result.stderr).toContain('ALTER ROLE content_svc CREATEDB');
  });
});

describe('docker provider', () => {
  test('runs a real container when an engine answers', async (context) => {
    const { dockerHost } = resolveConfig({}, process.env);
    const engine = await pingEngine(dockerHost);
    if (!engine.ok) {
      context.skip(
        `no container engine here (${engine.where}: ${engine.reason}); see ARCHITECTURE.md "The docker provider"`,
      );
      return;
    }
    await using server = await startDocker({ dockerHost });
    const db = await adminQuery('SELECT 1');
    expect(db.rowCount).toBe(1);
    const client = new pg.Client(server.adminUrl);
    await client.connect();
    await client.query('CREATE DATABASE docker_check');
    await client.end();
    const url = new URL(server.adminUrl);
    url.pathname = '/docker_check';
    expect((await migrate(url.toString())).applied).toHaveLength(16);
  }, 120_000);
});

describe('seed up', () => {
  test('prints a URL that works, and leaves nothing behind after Ctrl-C', async () => {
    const base = await privateRoot();
    const env = { FLATRENDER_SEED_DATA_DIR: base };
    const child = spawnTs('seed-cli.ts', ['up', '--json'], env);
    const done = finished(child);
    const line = JSON.parse(await firstLine(child)) as { databaseUrl: string; provider: string };
    expect(line.provider).toBe('embedded');
    expect(line.databaseUrl).toMatch(/^postgresql:\/\/postgres:[\w-]{43}@127\.0\.0\.1:\d+\/flatrender$/);
    const client = new pg.Client(line.databaseUrl);
    await client.connect();
    const { rows } = await client.query(`SELECT slug::text FROM identity.tenants`);
    await client.end();
    expect(rows).toEqual([{ slug: 'flatrender' }]);

    child.kill('SIGINT');
    const result = await done;
    expect(result.code).toBe(0);
    expect(await canConnect(line.databaseUrl)).toBe(false);
    expect(readdirSync(path.join(dataRoot(base), 'runs'))).toEqual([]);
  });

  test('FLATRENDER_SEED_SERVER_SETTINGS reaches the server through the configuration, and cannot reopen it', async () => {
    const base = await privateRoot();
    const child = spawnTs('seed-cli.ts', ['up', '--json'], {
      FLATRENDER_SEED_DATA_DIR: base,
      FLATRENDER_SEED_SERVER_SETTINGS: ' work_mem=7MB  session_preload_libraries=auto_explain ',
    });
    const done = finished(child);
    const line = JSON.parse(await firstLine(child)) as { databaseUrl: string };
    const client = new pg.Client(line.databaseUrl);
    await client.connect();
    try {
      expect((await client.query('SHOW work_mem')).rows[0].work_mem).toBe('7MB');
      // A setting that loads code is pinned after the extra ones (see NEUTRALISED).
      const preload = await client.query('SHOW session_preload_libraries');
      expect(preload.rows[0].session_preload_libraries).toBe('');
    } finally {
      await client.end();
    }
    child.kill('SIGINT');
    expect((await done).code).toBe(0);
    expect(readdirSync(path.join(dataRoot(base), 'runs'))).toEqual([]);
  });

  test('prints DATABASE_URL=<url> as its one line of output without --json', async () => {
    const base = await privateRoot();
    const child = spawnTs('seed-cli.ts', ['up'], { FLATRENDER_SEED_DATA_DIR: base });
    const done = finished(child);
    expect(await firstLine(child)).toMatch(
      /^DATABASE_URL=postgresql:\/\/postgres:[\w-]{43}@127\.0\.0\.1:\d+\/flatrender$/,
    );
    child.kill('SIGTERM');
    expect((await done).code).toBe(0);
  });
});
