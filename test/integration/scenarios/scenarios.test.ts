import { describe, expect } from 'vitest';
import { scenarios } from '../../../src/scenarios/registry.js';
import { redact } from '../../../src/sql/database-url.js';
import { createSeedTest } from '../../../src/vitest/index.js';
import { runSeed } from '../../support/spawn.js';

// Every test seeds a fresh database of its own.
const test = createSeedTest({ isolation: 'test' });
const NOW = '2026-06-01T00:00:00.000Z';

interface SeedJson {
  databaseUrl: string;
  scenario: string;
  seed: number;
  counts: Record<string, number>;
  credentials: { logins: unknown[]; apiKeys: { key: string; prefix: string }[] };
}

async function tableHashes(db: { query: (t: string) => Promise<{ rows: { name: string; h: string }[] }> }) {
  const tables = await db.query(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name, '' AS h FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname IN ('identity','content','studio','render','file_mgr','notification') AND c.relkind IN ('r','p') AND NOT c.relispartition ORDER BY 1`,
  );
  const out: Record<string, string> = {};
  for (const { name } of tables.rows) {
    const { rows } = await db.query(
      `SELECT '' AS name, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM ${name} t`,
    );
    out[name] = rows[0]!.h;
  }
  return out;
}

describe('seed --scenario <name> --database-url <fresh database> --json', () => {
  // demo takes most of a minute to seed: demo.test.ts seeds it once and checks this and more.
  for (const scenario of Object.values(scenarios).filter((s) => s.name !== 'demo')) {
    test(`${scenario.name}: seeds exactly the tables it claims, and seed verify finds no violation`, async ({
      db,
    }) => {
      const result = await runSeed([
        '--scenario',
        scenario.name,
        '--database-url',
        db.url,
        '--seed',
        '7',
        '--now',
        NOW,
        '--json',
      ]);
      expect(result.code, result.stderr).toBe(0);
      const json = JSON.parse(result.stdout) as SeedJson;
      // The URL was the user's own: its password is not repeated (--show-password would).
      expect(json).toMatchObject({ databaseUrl: redact(db.url), scenario: scenario.name, seed: 7 });
      expect(Object.keys(json.counts)).toHaveLength(79);
      const empty = scenario.fills.filter((table) => !(json.counts[table]! > 0));
      expect(empty, 'tables the scenario claims but left empty').toEqual([]);
      // And no more: `seed list` shows fills, so it names every table the scenario leaves rows in.
      const unclaimed = Object.keys(json.counts).filter(
        (table) => json.counts[table]! > 0 && !scenario.fills.includes(table),
      );
      expect(unclaimed, 'tables the scenario fills but does not claim').toEqual([]);
      const verify = await runSeed(['verify', '--database-url', db.url]);
      expect(verify.code, verify.stdout).toBe(0);
    });
  }

  test('the same seed twice gives the same JSON counts and identical table contents', async ({ db }) => {
    const { createTestDatabase } = await import('../../../src/database/test-database.js');
    const { inject } = await import('vitest');
    const pg = (await import('pg')).default;
    await using other = await createTestDatabase({
      ...inject('flatrenderSeed'),
      prefix: 'ft_scenario_twice',
    });
    const args = ['--scenario', 'reseller', '--seed', '11', '--now', NOW, '--json'];
    const a = await runSeed([...args, '--database-url', db.url]);
    const b = await runSeed([...args, '--database-url', other.url]);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    const [ja, jb] = [JSON.parse(a.stdout) as SeedJson, JSON.parse(b.stdout) as SeedJson];
    expect(ja.counts).toEqual(jb.counts);
    expect(ja.credentials).toEqual(jb.credentials);
    const pool = new pg.Pool({ connectionString: other.url, max: 1 });
    try {
      expect(await tableHashes(pool)).toEqual(await tableHashes(db));
    } finally {
      await pool.end();
    }
  });

  test('the reseller API keys are shown once and only their hashes are stored', async ({ db }) => {
    const result = await runSeed([
      '--scenario',
      'reseller',
      '--database-url',
      db.url,
      '--now',
      NOW,
      '--json',
    ]);
    const json = JSON.parse(result.stdout) as SeedJson;
    expect(json.credentials.apiKeys).toHaveLength(2);
    for (const { key } of json.credentials.apiKeys) {
      const { rows } = await db.query(
        `SELECT key_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex') AS hashed,
                (SELECT count(*)::int FROM identity.tenant_api_keys k WHERE k::text LIKE '%' || $1 || '%') AS plaintext_rows
           FROM identity.tenant_api_keys WHERE key_prefix = left($1, 16)`,
        [key],
      );
      expect(rows).toEqual([{ hashed: true, plaintext_rows: 0 }]);
    }
  });
});
