import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase } from '../../../src/database/test-database.js';
import {
  currentCacheKey,
  type StartedEmbeddedServer,
  startEmbedded,
} from '../../../src/server/embedded/embedded-provider.js';
import { dataRoot } from '../../../src/server/embedded/run-directory.js';
import { quoteIdent } from '../../../src/sql/identifiers.js';
import { configuredEmbedded } from '../../support/configured.js';
import { finished, firstLine, runSeed, spawnTs } from '../../support/spawn.js';

/** A server of the test's own, standing for a user's server: clean and reaping may drop its template. */
let server: StartedEmbeddedServer;
beforeAll(async () => {
  server = await startEmbedded(configuredEmbedded({ spare: false }));
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

async function databases(): Promise<string[]> {
  const client = new pg.Client(server.adminUrl);
  await client.connect();
  try {
    return (await client.query<{ datname: string }>('SELECT datname FROM pg_database ORDER BY 1')).rows.map(
      (r) => r.datname,
    );
  } finally {
    await client.end();
  }
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client(server.adminUrl);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** `seed up --provider url` on that server, killed with SIGKILL once it printed its URL. */
async function killedSeedUp(): Promise<string> {
  const child = spawnTs('seed-cli.ts', [
    'up',
    '--provider',
    'url',
    '--database-url',
    server.adminUrl,
    '--json',
  ]);
  const done = finished(child);
  const { databaseUrl } = JSON.parse(await firstLine(child)) as { databaseUrl: string };
  child.kill('SIGKILL');
  await done;
  return decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
}

describe('leftovers on a server', () => {
  test('a database a killed seed up left on a user’s server is reaped by the next start', async () => {
    const abandoned = await killedSeedUp();
    expect(await databases()).toContain(abandoned);
    const child = spawnTs('seed-cli.ts', [
      'up',
      '--provider',
      'url',
      '--database-url',
      server.adminUrl,
      '--json',
    ]);
    const done = finished(child);
    await firstLine(child);
    child.kill('SIGINT');
    const result = await done;
    expect(result.stderr).toContain(`Dropped 1 database(s) abandoned by killed runs: ${abandoned}.`);
    expect(await databases()).not.toContain(abandoned);
  });

  test('seed clean lists the template, kept and served databases; with --yes removes them, and nothing else', async () => {
    const kept = await createTestDatabase({
      adminUrl: server.adminUrl,
      template: server.template,
      prefix: 'ft_kept',
    });
    kept.keep();
    const served = await killedSeedUp();
    // Databases of the user's that only look like the toolkit's: no marker, no comment.
    await admin(`CREATE DATABASE ${quoteIdent('ft_mine_mx0000aa_0123abcd')}`);
    await admin(`CREATE DATABASE ${quoteIdent('flatrender_dev_mx0000aa_0123abcd')}`);
    // One in use: listed, never dropped.
    const busy = await createTestDatabase({
      adminUrl: server.adminUrl,
      template: server.template,
      prefix: 'ft_busy',
    });
    const user = new pg.Client(busy.url);
    await user.connect();
    try {
      const listed = await runSeed(['clean', '--database-url', server.adminUrl, '--json']);
      expect(listed.code, listed.stderr).toBe(0);
      const report = JSON.parse(listed.stdout) as {
        items: { what: string; kind: string; inUse: boolean }[];
        removed: string[];
      };
      expect(report.removed).toEqual([]);
      expect(report.items).toEqual(
        expect.arrayContaining([
          { what: server.template, kind: 'template', inUse: false },
          { what: kept.name, kind: 'test database', inUse: false },
          { what: served, kind: 'served database', inUse: false },
          { what: busy.name, kind: 'test database', inUse: true },
        ]),
      );
      expect(report.items.map((i) => i.what)).not.toContain('ft_mine_mx0000aa_0123abcd');
      expect(report.items.map((i) => i.what)).not.toContain('flatrender_dev_mx0000aa_0123abcd');
      expect(await databases()).toContain(server.template);

      const removed = await runSeed(['clean', '--database-url', server.adminUrl, '--yes']);
      expect(removed.code, removed.stderr).toBe(0);
      const left = await databases();
      // The template went too: unmarked as a template first, or DROP DATABASE refuses it.
      for (const name of [server.template, kept.name, served]) expect(left).not.toContain(name);
      for (const name of [busy.name, 'ft_mine_mx0000aa_0123abcd', 'flatrender_dev_mx0000aa_0123abcd']) {
        expect(left).toContain(name);
      }
    } finally {
      await user.end();
      await admin(`DROP DATABASE IF EXISTS ${quoteIdent(busy.name)}`);
      await admin(`DROP DATABASE IF EXISTS ${quoteIdent('ft_mine_mx0000aa_0123abcd')}`);
      await admin(`DROP DATABASE IF EXISTS ${quoteIdent('flatrender_dev_mx0000aa_0123abcd')}`);
    }
  });
});

describe('leftovers in the data folder', () => {
  let base: string;
  beforeAll(async () => {
    base = await mkdtemp(path.join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'fr-clean-'));
    await chmod(base, 0o755);
  });
  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  test('seed clean lists old cache entries, killed runs and staging folders; --yes removes them, --all the current cache too', async () => {
    const root = dataRoot(base);
    const current = await currentCacheKey(configuredEmbedded({ dataRoot: root }));
    const dead = 2 ** 22 + 12345; // above pid_max's default: no such process
    mkdirSync(path.join(root, 'cache', current, 'data'), { recursive: true, mode: 0o700 });
    for (const old of ['0000000000000001', '0000000000000002']) {
      mkdirSync(path.join(root, 'cache', old, 'data'), { recursive: true, mode: 0o700 });
      const longAgo = new Date(Date.now() - 86_400_000);
      utimesSync(path.join(root, 'cache', old), longAgo, longAgo);
    }
    const killedRun = path.join(root, 'runs', `${dead}-killed`);
    mkdirSync(path.join(killedRun, 'data'), { recursive: true, mode: 0o700 });
    writeFileSync(path.join(killedRun, 'owner.json'), JSON.stringify({ pid: dead, startTime: '1' }));
    const staging = path.join(tmpdir(), `flatrender-migrations-${dead}-abc123`);
    mkdirSync(staging, { recursive: true });
    const env = { FLATRENDER_SEED_DATA_DIR: base };

    const listed = await runSeed(['clean', '--json'], env);
    expect(listed.code, listed.stderr).toBe(0);
    const kinds = (JSON.parse(listed.stdout) as { items: { what: string; kind: string }[] }).items.map(
      (i) => `${i.kind} ${path.basename(i.what)}`,
    );
    expect(kinds).toEqual(
      expect.arrayContaining([
        'cache entry 0000000000000001',
        'cache entry 0000000000000002',
        `server of a killed run ${dead}-killed`,
        `migration staging folder ${path.basename(staging)}`,
      ]),
    );
    expect(kinds).not.toContain(`cache entry ${current}`);
    expect(readdirSync(path.join(root, 'cache'))).toHaveLength(3);

    expect((await runSeed(['clean', '--yes'], env)).code).toBe(0);
    expect(readdirSync(path.join(root, 'cache'))).toEqual([current]);
    expect(readdirSync(path.join(root, 'runs'))).toEqual([]);
    expect(existsSync(staging)).toBe(false);

    expect((await runSeed(['clean', '--yes', '--all'], env)).code).toBe(0);
    expect(readdirSync(path.join(root, 'cache'))).toEqual([]);
  });
});
