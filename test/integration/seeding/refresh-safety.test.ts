import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe, expect } from 'vitest';
import { countRows } from '../../../src/scenarios/run-scenario.js';
import { createSeedTest } from '../../../src/vitest/index.js';
import { anotherDatabase } from '../../support/load-databases.js';
import { runSeed } from '../../support/spawn.js';

// Every test seeds and refreshes a database of its own.
const test = createSeedTest({ isolation: 'test' });
const root = fileURLToPath(new URL('../../..', import.meta.url));

type Db = { query: (t: string, v?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }> };

/**
 * One snapshot of what a demo's readers see, in one statement: users, API keys and API request
 * logs (the partitioned table a new month adds partitions to) and the users whose tenant has no
 * request logs at all (what readers saw mid-refresh: new users with 0 API logs).
 */
const STATE = `SELECT (SELECT md5(string_agg(id::text, ',' ORDER BY id)) FROM identity.users) AS users,
         (SELECT md5(string_agg(key_hash, ',' ORDER BY key_hash)) FROM identity.tenant_api_keys) AS keys,
         (SELECT count(*)::int FROM identity.tenant_api_request_logs) AS logs,
         (SELECT max(created_at)::text FROM identity.tenant_api_request_logs) AS last_log,
         (SELECT count(*)::int FROM identity.users u JOIN identity.tenants t ON t.id = u.tenant_id
           WHERE t.slug <> 'flatrender'
             AND NOT EXISTS (SELECT 1 FROM identity.tenant_api_request_logs l WHERE l.tenant_id = u.tenant_id)) AS users_without_logs`;

async function state(db: Db): Promise<string> {
  return JSON.stringify((await db.query(STATE)).rows[0]);
}

async function seed(url: string, now: string, seedNumber = '1'): Promise<void> {
  const result = await runSeed([
    '--scenario',
    'reseller',
    '--database-url',
    url,
    '--now',
    now,
    '--seed',
    seedNumber,
  ]);
  expect(result.code, result.stderr).toBe(0);
}

function refresh(url: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return runSeed(
    ['refresh', '--database-url', url, '--scenario', 'reseller', '--yes', '--json', ...args],
    env,
  );
}

describe('seed refresh into a new month', () => {
  test('readers see only the before and after states and are never blocked for more than a moment', async ({
    db,
  }) => {
    await seed(db.url, '2026-01-20');
    const before = await state(db);

    // Readers on their own connections, each running the snapshot query back to back. Each may wait
    // for a lock at most 100 ms (lock_timeout), or its query fails and so does the test. Creating a
    // partition inside the refresh's transaction held readers until its COMMIT (276–374 ms
    // measured); now a reader waits at most for one short ATTACH made before the transaction
    // (a few ms). The bound is on lock waits only, not on wall time, which a loaded 2-CPU machine
    // stretches for reasons that have nothing to do with locks.
    const readers = await Promise.all(
      Array.from({ length: 3 }, async () => {
        const client = new pg.Client(db.url);
        await client.connect();
        await client.query(`SET lock_timeout = '100ms'`);
        await state(client); // warm the connection's catalog caches
        return client;
      }),
    );
    const seen = new Set<string>();
    const failures: string[] = [];
    let reads = 0;
    let running = true;
    const reading = readers.map(async (client) => {
      while (running) {
        try {
          seen.add(await state(client));
          reads++;
        } catch (error) {
          failures.push((error as Error).message);
        }
      }
    });
    // Two months later: the request logs need the partitions of February, March and April.
    const result = await refresh(db.url, ['--seed', '2', '--now', '2026-04-10']);
    running = false;
    await Promise.all(reading);
    await Promise.all(readers.map((client) => client.end()));
    expect(result.code, result.stderr).toBe(0);
    const after = await state(db);

    expect(failures, 'reader queries that waited over 100 ms for a lock').toEqual([]);
    expect(after).not.toBe(before);
    expect(
      [...seen].filter((s) => s !== before && s !== after),
      'states that were never committed',
    ).toEqual([]);
    expect(seen).toContain(before);
    expect(reads).toBeGreaterThan(20);
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = 'identity.tenant_api_request_logs'::regclass
          AND inhrelid::regclass::text LIKE '%2026_04'`,
    );
    expect(rows).toEqual([{ n: 1 }]);
  });

  test('two refreshes at once leave one whole scenario: the second waits for the first', async ({ db }) => {
    await seed(db.url, '2026-06-01');
    // Hold the database's lock (as a third refresh would) until both are waiting for it, so that
    // they really run at the same time whatever the machine's speed.
    const holder = new pg.Client({
      connectionString: db.url,
      application_name: 'flatrender-seed refresh (test)',
    });
    await holder.connect();
    await holder.query('SELECT pg_advisory_lock($1, $2)', [0x46_52_53_44, 1]);
    const both = Promise.all([
      refresh(db.url, ['--seed', '3', '--now', '2026-06-01']),
      runSeed([
        'refresh',
        '--database-url',
        db.url,
        '--scenario',
        'minimal',
        '--yes',
        '--json',
        '--seed',
        '4',
      ]),
    ]);
    for (let waiting = 0; waiting < 2; ) {
      const { rows } = await holder.query(
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid = $1 AND objid = 1`,
        [0x46_52_53_44],
      );
      waiting = rows[0].n;
      await new Promise((r) => setTimeout(r, 20));
    }
    await holder.end();
    const [a, b] = await both;
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    for (const r of [a, b]) expect(r.stderr).toContain('Waiting for seed refresh (test)');
    expect((await runSeed(['verify', '--database-url', db.url])).code).toBe(0);
    // Every table holds exactly what one of the two reported: one whole scenario, not a mix.
    const counts = await countRows(db);
    const reported = [a, b].map((r) => (JSON.parse(r.stdout) as { counts: Record<string, number> }).counts);
    expect(reported.filter((c) => JSON.stringify(c) === JSON.stringify(counts))).toHaveLength(1);
  });
});

describe('seed refresh: API keys of the long-lived demo', () => {
  test('two refreshes of one seed on two databases print different keys, unless given the same secret', async ({
    db,
  }) => {
    await using other = await anotherDatabase('ft_keys');
    for (const url of [db.url, other.url]) await seed(url, '2026-06-01');
    const keysOf = (result: { code: number | null; stdout: string; stderr: string }) => {
      expect(result.code, result.stderr).toBe(0);
      const json = JSON.parse(result.stdout) as {
        credentials: { apiKeys: { key: string }[] };
        credentialSource: string;
      };
      return { keys: json.credentials.apiKeys.map((k) => k.key), source: json.credentialSource };
    };
    const noSecret = await Promise.all(
      [db.url, other.url].map((url) => refresh(url, ['--now', '2026-06-01'])),
    );
    const [first, second] = noSecret.map(keysOf);
    expect(first!.source).toBe('random');
    expect(first!.keys).toHaveLength(2);
    expect(first!.keys).not.toEqual(second!.keys);
    // The seeded ones (the README's) are not among them.
    await using plain = await anotherDatabase('ft_keys_seeded');
    const seeded = await runSeed(['--scenario', 'reseller', '--database-url', plain.url, '--json']);
    const readme = (JSON.parse(seeded.stdout) as { credentials: { apiKeys: { key: string }[] } }).credentials
      .apiKeys;
    for (const key of readme) expect(first!.keys).not.toContain(key.key);

    const env = { FLATRENDER_SEED_SECRET: 'a-long-operator-secret-0123456789' };
    const withSecret = await Promise.all(
      [db.url, other.url].map((url) => refresh(url, ['--now', '2026-06-01'], env)),
    );
    const [third, fourth] = withSecret.map(keysOf);
    expect(third!.source).toBe('secret');
    expect(third!.keys).toEqual(fourth!.keys);
    expect(third!.keys).not.toEqual(first!.keys);
    // The text output says where the keys came from.
    const text = await runSeed(['refresh', '--database-url', db.url, '--scenario', 'reseller', '--yes']);
    expect(text.stdout).toContain('random: printed only now');
    // Five CLI refreshes of the reseller world: about 47 s alone, minutes on a busy 2-CPU machine.
  }, 300_000);
});

describe('destructive commands ask', () => {
  async function rows(db: Db) {
    return (await db.query('SELECT (SELECT count(*)::int FROM identity.users) AS users')).rows[0];
  }

  test('reset and refresh off a terminal without --yes change nothing, and say what they would destroy', async ({
    db,
  }) => {
    await seed(db.url, '2026-06-01');
    const before = await rows(db);
    const reset = await runSeed(['reset', '--database-url', db.url]);
    expect(reset.code).toBe(1);
    expect(reset.stderr).toContain(`seed reset will empty every FlatRender table`);
    expect(reset.stderr).toContain(`database "${db.name}"`);
    expect(reset.stderr).toMatch(/at postgresql:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\//);
    expect(reset.stderr).toMatch(/which holds [\d,]+ rows in \d+ FlatRender table/);
    expect(reset.stderr).toContain('confirm with --yes');
    expect(reset.stderr).not.toContain(new URL(db.url).password);
    const refreshed = await runSeed(['refresh', '--database-url', db.url, '--scenario', 'minimal']);
    expect(refreshed.code).toBe(1);
    expect(refreshed.stderr).toContain('seed refresh asks before it destroys data');
    expect(await rows(db)).toEqual(before);
  });

  // script(1) gives the command a terminal (util-linux; present on the machines this runs on).
  test.skipIf(spawnSync('script', ['--version']).status !== 0)(
    'on a terminal, reset asks: "n" changes nothing, "y" empties the tables',
    async ({ db }) => {
      await seed(db.url, '2026-06-01');
      const before = await rows(db);
      const onTerminal = (answer: string) =>
        spawnSync(
          'script',
          [
            '-qec',
            `node --import tsx test/support/seed-cli.ts reset --database-url '${db.url}'`,
            '/dev/null',
          ],
          {
            cwd: root,
            input: `${answer}\n`,
            encoding: 'utf8',
          },
        );
      const no = onTerminal('n');
      expect(no.status, no.stdout).toBe(1);
      expect(no.stdout).toContain(`Go ahead with seed reset on "${db.name}"? [y/N]`);
      expect(no.stdout).toContain('was not confirmed');
      expect(await rows(db)).toEqual(before);
      const yes = onTerminal('y');
      expect(yes.status, yes.stdout).toBe(0);
      expect(await rows(db)).toEqual({ users: 0 });
    },
  );
});
