import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type StartedEmbeddedServer, startEmbedded } from '../../../src/server/embedded/embedded-provider.js';
import { otherPostgresOf, SERVER_ACCOUNT, unprivilegedUser } from '../../../src/server/embedded/os-user.js';
import { dataRoot } from '../../../src/server/embedded/run-directory.js';
import { configuredEmbedded } from '../../support/configured.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const isRoot = process.getuid?.() === 0;
const NOT_ROOT =
  'needs root: it creates an OS user to play the other local user, and checks the server runs as an account of its own';

/** A private data root for this file, on the RAM disk, traversable by the server's user. */
let base: string;
let server: StartedEmbeddedServer;
beforeAll(async () => {
  base = await mkdtemp(path.join(existsSync('/dev/shm') ? '/dev/shm' : '/tmp', 'fr-closed-'));
  await chmod(base, 0o755);
  server = await startEmbedded(configuredEmbedded({ dataRoot: dataRoot(base) }));
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await rm(base, { recursive: true, force: true });
});

async function connects(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

describe('the embedded server is closed', () => {
  test('its URL carries a password, and the same login without it or with another is refused', async () => {
    const url = new URL(server.adminUrl);
    expect(url.password).toMatch(/^[\w-]{43}$/);
    expect(await connects(server.adminUrl)).toBe(true);
    const without = new URL(server.adminUrl);
    without.password = '';
    expect(await connects(without.toString())).toBe(false);
    const wrong = new URL(server.adminUrl);
    wrong.password = 'postgres';
    expect(await connects(wrong.toString())).toBe(false);
    // Service roles have passwords of their own, and log in with them only.
    expect(Object.keys(server.serviceRoles).sort()).toEqual([
      'content_svc',
      'file_svc',
      'identity_svc',
      'notification_svc',
      'render_svc',
      'studio_svc',
    ]);
    const svc = new URL(server.adminUrl);
    svc.username = 'render_svc';
    svc.password = encodeURIComponent(server.serviceRoles.render_svc!);
    expect(await connects(svc.toString())).toBe(true);
    svc.password = '';
    expect(await connects(svc.toString())).toBe(false);
  });

  test('a setting planted in a data folder does not run: archive_command and preload libraries are overridden', async () => {
    const client = new pg.Client(server.adminUrl);
    await client.connect();
    try {
      // ALTER SYSTEM writes postgresql.auto.conf in the data folder, as a planted file would.
      await client.query(`ALTER SYSTEM SET archive_mode = 'on'`);
      await client.query(`ALTER SYSTEM SET archive_command = 'touch /tmp/fr-planted'`);
      await client.query(`ALTER SYSTEM SET session_preload_libraries = 'auto_explain'`);
      await client.query('SELECT pg_reload_conf()');
      await new Promise((r) => setTimeout(r, 300));
      const { rows } = await client.query(
        `SELECT name, setting, source FROM pg_settings WHERE name IN ('archive_mode', 'archive_command', 'session_preload_libraries', 'hba_file') ORDER BY name`,
      );
      for (const row of rows)
        expect(row.source, row.name).toBe(row.name === 'hba_file' ? 'override' : 'command line');
      expect(rows.find((r) => r.name === 'archive_mode')?.setting).toBe('off');
      expect(rows.find((r) => r.name === 'hba_file')?.setting).toBe(path.join(server.runDir, 'pg_hba.conf'));
    } finally {
      await client.query('ALTER SYSTEM RESET ALL').catch(() => {});
      await client.end();
    }
  });

  test('its folders: the socket folder is the server user’s alone, nothing is writable by others, the cache is read-only to the server', () => {
    const sock = statSync(server.socketDir);
    expect(sock.mode & 0o777).toBe(0o700);
    const dataRootDir = dataRoot(base);
    const cacheEntry = path.join(dataRootDir, 'cache', readdirSync(path.join(dataRootDir, 'cache'))[0]!);
    for (const dir of [
      dataRootDir,
      path.join(dataRootDir, 'runs'),
      server.runDir,
      cacheEntry,
      path.join(cacheEntry, 'data'),
    ]) {
      const info = lstatSync(dir);
      expect(info.isDirectory(), dir).toBe(true);
      expect(info.uid, dir).toBe(process.getuid?.());
      expect(info.mode & 0o022, dir).toBe(0);
    }
    // Nobody but the toolkit may change what later starts copy.
    expect(lstatSync(path.join(cacheEntry, 'data', 'postgresql.conf')).mode & 0o222).toBe(0o200);
    expect(statSync(path.join(server.runDir, 'postgres.log')).mode & 0o077).toBe(0);
  });
});

describe('the cache', () => {
  test('a cache entry someone else could have written is refused, not copied', async () => {
    const dataRootDir = dataRoot(base);
    const cacheEntry = path.join(dataRootDir, 'cache', readdirSync(path.join(dataRootDir, 'cache'))[0]!);
    const data = path.join(cacheEntry, 'data');
    const sealed = statSync(data).mode & 0o777;
    // What a server's account (or anyone) could do with a cache that was not sealed: write into it.
    await chmod(data, sealed | 0o020);
    try {
      await expect(
        startEmbedded(configuredEmbedded({ dataRoot: dataRootDir, spare: false })),
      ).rejects.toMatchObject({
        code: 'E_UNTRUSTED_CACHE',
        message: expect.stringContaining(
          `The cached data folder ${cacheEntry} was changed by someone other than the toolkit`,
        ),
      });
    } finally {
      await chmod(data, sealed);
    }
  });
});

describe('as root', () => {
  test.skipIf(!isRoot)('the server runs as an account of its own, which no other PostgreSQL uses', () => {
    const runAs = unprivilegedUser();
    expect(runAs?.name).toBe(SERVER_ACCOUNT);
    expect(otherPostgresOf(runAs!)).toBeUndefined();
    const owner = statSync(server.socketDir).uid;
    expect(owner).toBe(runAs!.uid);
    if (existsSync('/var/lib/postgresql')) {
      // Debian's postgres owns the machine's own PostgreSQL: refused even when asked for by name.
      expect(() => unprivilegedUser('postgres')).toThrow(
        expect.objectContaining({ code: 'E_PG_USER_SHARED' }),
      );
    }
  });

  test.skipIf(!isRoot)(
    'another OS user cannot connect, by TCP or by the socket, as postgres or as a service role',
    () => {
      const intruder = `fr-intruder-${process.pid}`;
      execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', intruder]);
      try {
        const port = new URL(server.adminUrl).port;
        // What a local user knows: the port (it is in ps) and the data root's path.
        const attempts = [
          {
            name: 'tcp postgres, a wrong password',
            config: { host: '127.0.0.1', port, user: 'postgres', password: 'x' },
          },
          {
            name: 'tcp postgres, guessed password',
            config: { host: '127.0.0.1', port, user: 'postgres', password: 'postgres' },
          },
          {
            name: 'tcp identity_svc, a wrong password',
            config: { host: '127.0.0.1', port, user: 'identity_svc', password: 'x' },
          },
          {
            name: 'tcp render_svc, guessed password',
            config: { host: '127.0.0.1', port, user: 'render_svc', password: 'render_svc' },
          },
          { name: 'socket postgres', config: { host: server.socketDir, port, user: 'postgres' } },
          {
            name: 'socket identity_svc',
            config: { host: server.socketDir, port, user: 'identity_svc', database: 'postgres' },
          },
        ];
        const script = `
          const pg = require(${JSON.stringify(path.join(root, 'node_modules', 'pg'))});
          (async () => {
            const results = {};
            for (const { name, config } of ${JSON.stringify(attempts)}) {
              const client = new pg.Client({ database: 'postgres', connectionTimeoutMillis: 3000, ...config });
              client.on('error', () => {});
              try { await client.connect(); results[name] = 'CONNECTED'; await client.end(); }
              catch (error) { results[name] = error.code || error.message; }
            }
            let listing;
            try { require('fs').readdirSync(${JSON.stringify(server.runDir)}); listing = 'listed'; } catch (error) { listing = error.code; }
            console.log(JSON.stringify({ results, listing }));
          })();`;
        const { uid, gid } = {
          uid: Number(execFileSync('id', ['-u', intruder]).toString()),
          gid: Number(execFileSync('id', ['-g', intruder]).toString()),
        };
        const ran = spawnSync(process.execPath, ['-e', script], { uid, gid, cwd: '/', encoding: 'utf8' });
        expect(ran.status, ran.stderr).toBe(0);
        const { results, listing } = JSON.parse(ran.stdout) as {
          results: Record<string, string>;
          listing: string;
        };
        expect(listing).toBe('EACCES');
        for (const attempt of attempts) {
          const outcome = results[attempt.name]!;
          expect(outcome, attempt.name).not.toBe('CONNECTED');
          // TCP: the server refuses the login (28P01); socket: the folder cannot even be entered.
          expect(outcome, attempt.name).toMatch(
            attempt.config.host === server.socketDir ? /EACCES/ : /^28P01$/,
          );
        }
      } finally {
        spawnSync('userdel', [intruder]);
      }
    },
    30_000,
  );

  test.skipIf(!isRoot)(
    'root ignores symlinks planted in the data root: owner.json, a spare folder',
    async () => {
      const dataRootDir = dataRoot(base);
      const victim = path.join(base, 'root-owned-victim');
      writeFileSync(victim, 'precious\n', { mode: 0o600 });
      const cacheEntry = path.join(dataRootDir, 'cache', readdirSync(path.join(dataRootDir, 'cache'))[0]!);
      const spares = path.join(cacheEntry, 'spares');
      // Wait for the spare copy the first start makes in the background.
      const ready = () => (existsSync(spares) ? readdirSync(spares).length : 0);
      for (let i = 0; i < 400 && ready() === 0; i++) {
        await new Promise((r) => setTimeout(r, 25));
      }
      const [spare] = readdirSync(spares);
      expect(spare).toBeDefined();
      // The attack the review made: owner.json, planted as a link to a root-owned file.
      symlinkSync(victim, path.join(spares, spare!, 'owner.json'));
      // And a "spare" that is a link to a folder of root's.
      const rootDir = await mkdtemp(path.join(base, 'root-dir-'));
      writeFileSync(path.join(rootDir, 'keep'), 'keep\n');
      symlinkSync(rootDir, path.join(spares, 'zz-planted'));

      const started: StartedEmbeddedServer[] = [];
      try {
        for (let i = 0; i < 2; i++)
          started.push(await startEmbedded(configuredEmbedded({ dataRoot: dataRootDir })));
        expect(readFileSync(victim, 'utf8')).toBe('precious\n');
        expect(readdirSync(rootDir)).toEqual(['keep']);
        expect(lstatSync(path.join(started[0]!.runDir, 'owner.json')).isFile()).toBe(true);
      } finally {
        for (const s of started) await s.stop();
      }
    },
    60_000,
  );
});

describe('not as root', () => {
  test.skipIf(isRoot)(`skips the root-only tests: ${NOT_ROOT}`, () => {
    process.stdout.write(`closed-server.test.ts: the tests of another OS user were skipped: ${NOT_ROOT}.\n`);
  });
});
