import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { describe, expect, inject, test } from 'vitest';
import { listSpares, SPARES_CHANNEL } from '../../../src/database/spare-clones.js';
import { stockSpares } from '../../../src/database/spare-stock.js';
import { createTestDatabase, type TestDatabase } from '../../../src/database/test-database.js';
import { readMarker } from '../../../src/migrations/marker.js';
import { quoteIdent } from '../../../src/sql/identifiers.js';
import { adminQuery } from '../../support/admin.js';
import { finished, spawnTs } from '../../support/spawn.js';

/**
 * A template of this test's own (a clone of the migrated one), so that its spares are counted
 * without the run's own stocker, which keeps spares of the main template meanwhile.
 */
async function privateTemplate(): Promise<{ name: string } & AsyncDisposable> {
  const { adminUrl, template } = inject('flatrenderSeed');
  const db = await createTestDatabase({ adminUrl, template, prefix: 'spare_tpl' });
  return {
    name: db.name,
    async [Symbol.asyncDispose]() {
      const { rows } = await adminQuery(
        'SELECT datname FROM pg_database WHERE starts_with(datname, $1) OR datname = $2',
        [`${db.name}_spare_`, db.name],
      );
      for (const { datname } of rows)
        await adminQuery(`DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`);
    },
  };
}

/** Spare name → oid: a rename keeps the oid, so a test database with one of these oids was a spare. */
async function spareOids(template: string): Promise<Map<string, number>> {
  const { rows } = await adminQuery(
    'SELECT datname, oid::int AS oid FROM pg_database WHERE starts_with(datname, $1)',
    [`${template}_spare_`],
  );
  return new Map(rows.map((row) => [row.datname as string, row.oid as number]));
}

async function oidOf(name: string): Promise<number> {
  return (await adminQuery('SELECT oid::int AS oid FROM pg_database WHERE datname = $1', [name])).rows[0].oid;
}

async function spares(template: string): Promise<string[]> {
  return (await listSpares({ query: (text, values) => adminQuery(text, values) }, template)).sort();
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting until ${what}`);
    await sleep(20);
  }
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function tenants(url: string): Promise<number> {
  return withClient(
    url,
    async (client) => (await client.query('SELECT count(*)::int AS n FROM identity.tenants')).rows[0].n,
  );
}

describe('spare clones', () => {
  test('stockSpares keeps <size> spares named <template>_spare_<8 hex>', async () => {
    const { adminUrl } = inject('flatrenderSeed');
    await using template = await privateTemplate();
    const stock = stockSpares({ adminUrl, template: template.name, size: 3 });
    try {
      await stock.ready();
      const names = await spares(template.name);
      expect(names).toHaveLength(3);
      for (const name of names) expect(name).toMatch(new RegExp(`^${template.name}_spare_[0-9a-f]{8}$`));
    } finally {
      await stock.stop();
    }
  });

  test('createTestDatabase({ spares: true }) renames a spare: the name asked for, the migrated schema and marker; the stock refills', async () => {
    const { adminUrl } = inject('flatrenderSeed');
    await using template = await privateTemplate();
    const stock = stockSpares({ adminUrl, template: template.name, size: 2 });
    const made: TestDatabase[] = [];
    try {
      await stock.ready();
      const before = await spareOids(template.name);
      const options = { adminUrl, template: template.name, spares: true };
      const db = await createTestDatabase({ ...options, prefix: 'ft_claimed' });
      made.push(db);
      const named = await createTestDatabase({
        ...options,
        name: `ft_named_${randomBytes(4).toString('hex')}`,
      });
      made.push(named);

      expect(db.name).toMatch(/^ft_claimed_/);
      expect([...before.values()]).toContain(await oidOf(db.name));
      expect([...before.values()]).toContain(await oidOf(named.name));
      for (const claimed of [db, named]) {
        expect(await tenants(claimed.url)).toBe(1);
        const marker = await withClient(claimed.url, (client) => readMarker(client));
        expect(marker?.origin).toBe('migrated-from-empty');
      }

      // Both spares were taken; the stocker heard it and made two new ones.
      await until('the stock is back to 2 new spares', async () => {
        const now = await spares(template.name);
        return now.length === 2 && now.every((name) => !before.has(name));
      });
    } finally {
      await stock.stop();
      for (const db of made) await db.drop();
    }
  });

  test('8 parallel createTestDatabase with 4 spares: 8 distinct working databases, 4 of them spares', async () => {
    const { adminUrl } = inject('flatrenderSeed');
    await using template = await privateTemplate();
    const stock = stockSpares({ adminUrl, template: template.name, size: 4 });
    await stock.ready();
    // Stopped, so that no refill makes the count below depend on timing.
    await stock.stop();
    const before = await spareOids(template.name);
    expect(before.size).toBe(4);

    const databases = await Promise.all(
      Array.from({ length: 8 }, () =>
        createTestDatabase({ adminUrl, template: template.name, spares: true, prefix: 'ft_parallel' }),
      ),
    );
    try {
      expect(new Set(databases.map((db) => db.name)).size).toBe(8);
      const oids = await Promise.all(databases.map((db) => oidOf(db.name)));
      expect(oids.filter((oid) => [...before.values()].includes(oid))).toHaveLength(4);
      expect(await spares(template.name)).toEqual([]);
      expect(await Promise.all(databases.map((db) => tenants(db.url)))).toEqual(Array(8).fill(1));
    } finally {
      await Promise.all(databases.map((db) => db.drop()));
    }
  });

  test('stop() ends the stocking: its connection closes, a claim is no longer refilled', async () => {
    const { adminUrl } = inject('flatrenderSeed');
    await using template = await privateTemplate();
    const stock = stockSpares({ adminUrl, template: template.name, size: 2 });
    await stock.ready();
    await stock.stop();
    const stockers = await adminQuery('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [
      `flatrender-seed spares ${template.name}`,
    ]);
    expect(stockers.rows).toEqual([]);

    await using db = await createTestDatabase({ adminUrl, template: template.name, spares: true });
    await adminQuery('SELECT pg_notify($1, $2)', [SPARES_CHANNEL, template.name]);
    // A grace period for a refill that must not come; nothing is timed.
    await sleep(300);
    expect(await spares(template.name)).toHaveLength(1);
    expect(await oidOf(db.name)).toBeGreaterThan(0);

    // Stopped before it connected: it makes nothing, and ready() says it never got full.
    const early = stockSpares({ adminUrl, template: template.name, size: 4 });
    await early.stop();
    await expect(early.ready()).rejects.toThrow(`Stopped making spare clones of "${template.name}"`);
    await sleep(300);
    expect(await spares(template.name)).toHaveLength(1);
  });

  test('a stocker that fails logs one line and stops; nothing throws, cloning still works', async () => {
    const { adminUrl, template } = inject('flatrenderSeed');
    const missing = `flatrender_missing_${randomBytes(4).toString('hex')}`;
    const lines: string[] = [];
    const stock = stockSpares({ adminUrl, template: missing, size: 2, log: (line) => lines.push(line) });
    await expect(stock.ready()).rejects.toThrow(`Stopped making spare clones of "${missing}"`);
    await stock.stop();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`Stopped making spare clones of template "${missing}"`);
    expect(lines[0]).toMatch(/Fix: .*FLATRENDER_SEED_SPARE_CLONES=0/);

    // No spare of a missing template: createTestDatabase clones (and a missing template says so).
    await expect(createTestDatabase({ adminUrl, template: missing, spares: true })).rejects.toThrow(
      `Could not clone template "${missing}"`,
    );
    await using db = await createTestDatabase({ adminUrl, template, spares: true });
    expect(await tenants(db.url)).toBe(1);
  });
});

describe('vitest global setup', () => {
  const runSetup = async (env: NodeJS.ProcessEnv, expected: number) => {
    const result = await finished(spawnTs('global-setup-spares.ts', [String(expected)], env));
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as { provided: { provider: string; spares: boolean }; spares: string[] };
  };

  test("this run's own setup keeps spares of its template for the db fixture to claim", async (context) => {
    const info = inject('flatrenderSeed');
    if (info.provider === 'url' || process.env.FLATRENDER_SEED_SPARE_CLONES !== undefined) {
      context.skip('the run was configured without the default spare clones');
      return;
    }
    expect(info.spares).toBe(true);
    // Other test files claim from it meanwhile; it comes back to its size.
    await until('the run keeps 4 spares', async () => (await spares(info.template)).length === 4);
  });

  test('keeps FLATRENDER_SEED_SPARE_CLONES spares on a server it started, and says so to the workers', async () => {
    const out = await runSetup(
      { FLATRENDER_SEED_PROVIDER: 'embedded', FLATRENDER_SEED_SPARE_CLONES: '2' },
      2,
    );
    expect(out.provided).toMatchObject({ provider: 'embedded', spares: true });
    expect(out.spares).toHaveLength(2);
  });

  test('keeps none when FLATRENDER_SEED_SPARE_CLONES=0, nor on a server it did not start (url)', async () => {
    const off = await runSetup(
      { FLATRENDER_SEED_PROVIDER: 'embedded', FLATRENDER_SEED_SPARE_CLONES: '0' },
      0,
    );
    expect(off.provided).toMatchObject({ provider: 'embedded', spares: false });
    expect(off.spares).toEqual([]);

    // The run's own server: its spares are the run's stocker's, so only what is provided tells.
    const url = await runSetup(
      { FLATRENDER_SEED_PROVIDER: 'url', FLATRENDER_SEED_DATABASE_URL: inject('flatrenderSeed').adminUrl },
      0,
    );
    expect(url.provided).toMatchObject({ provider: 'url', spares: false });
  });
});
