import { describe, expect } from 'vitest';
import { createFactories, type Factories, factoryDefinitions } from '../../../src/factories/index.js';
import { verifyDatabase } from '../../../src/verify/verify-database.js';
import { createSeedTest } from '../../../src/vitest/index.js';
import { tableHashes } from '../../support/table-hashes.js';

// Each test seeds a whole graph: one database per test.
const test = createSeedTest({ isolation: 'test' });

type Name = keyof typeof factoryDefinitions;
const names = Object.keys(factoryDefinitions) as Name[];
const traitsOf = (name: Name): string[] => Object.keys(factoryDefinitions[name].traits ?? {});

interface AnyFactory {
  create(): Promise<unknown>;
  trait(name: string): AnyFactory;
}
const factory = (f: Factories, name: Name) => f[name] as unknown as AnyFactory;

/** Creates one row with every factory and every trait, each trait in a tenant of its own. */
async function everyFactoryAndTrait(f: Factories, between?: (step: number) => Promise<void>): Promise<void> {
  let step = 0;
  for (const name of names) {
    await factory(f, name).create();
    await between?.(step++);
    for (const trait of traitsOf(name)) {
      const scoped = f.forTenant(await f.tenant.create());
      await factory(scoped, name).trait(trait).create();
    }
  }
}

describe('the factories', () => {
  test('exist for every table of the migrated schema', async ({ db }) => {
    const { rows } = await db.query<{ name: string }>(
      `SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname IN ('identity','content','studio','render','file_mgr','notification')
          AND c.relkind IN ('r','p') AND NOT c.relispartition ORDER BY 1`,
    );
    const covered = new Set(Object.values(factoryDefinitions).map((d) => d.table as string));
    expect(rows.map((r) => r.name).filter((table) => !covered.has(table))).toEqual([]);
    expect(covered.size).toBe(rows.length);
  });

  test('lint: every factory and every trait creates a valid row with its defaults', async ({ db }) => {
    const f = createFactories(db, { seed: 1, now: '2026-06-01T00:00:00Z' });
    for (const name of names) {
      await expect(factory(f, name).create(), `f.${name}.create()`).resolves.toBeDefined();
      for (const trait of traitsOf(name)) {
        const scoped = f.forTenant(await f.tenant.create());
        await expect(
          factory(scoped, name).trait(trait).create(),
          `f.${name}.${trait}().create()`,
        ).resolves.toBeDefined();
      }
    }
    expect(await verifyDatabase(db)).toEqual([]);
  });
});

describe('determinism', () => {
  test('the same seed and reference time give identical table contents, ids included', async ({ db }) => {
    const { createTestDatabase } = await import('../../../src/database/test-database.js');
    const { inject } = await import('vitest');
    const pg = (await import('pg')).default;
    await using other = await createTestDatabase({ ...inject('flatrenderSeed'), prefix: 'ft_determinism' });
    const pool = new pg.Pool({ connectionString: other.url, max: 2 });
    try {
      await everyFactoryAndTrait(createFactories(db, { seed: 42, now: '2026-06-01T00:00:00Z' }));
      await everyFactoryAndTrait(createFactories(pool, { seed: 42, now: '2026-06-01T00:00:00Z' }));
      expect(await tableHashes(pool)).toEqual(await tableHashes(db));
    } finally {
      await pool.end();
    }
  });

  test("an extra call to one factory leaves every other factory's rows unchanged", async ({ db }) => {
    const { createTestDatabase } = await import('../../../src/database/test-database.js');
    const { inject } = await import('vitest');
    const pg = (await import('pg')).default;
    await using other = await createTestDatabase({ ...inject('flatrenderSeed'), prefix: 'ft_determinism' });
    const pool = new pg.Pool({ connectionString: other.url, max: 2 });
    try {
      await everyFactoryAndTrait(createFactories(db, { seed: 42, now: '2026-06-01T00:00:00Z' }));
      const f = createFactories(pool, { seed: 42, now: '2026-06-01T00:00:00Z' });
      const middle = Math.floor(names.length / 2);
      // The extra row: an FAQ entry halfway through the graph. (A row whose hooks make or find
      // other rows, a notification that finds the render it reports say, changes those tables too:
      // the later rows of its own table are drawn differently and so report other events.)
      await everyFactoryAndTrait(f, async (step) => {
        if (step === middle) await f.faq.create();
      });
      const [a, b] = [await tableHashes(db), await tableHashes(pool)];
      const changed = Object.keys(a).filter((table) => a[table] !== b[table]);
      expect(changed).toEqual(['content.faqs']);
    } finally {
      await pool.end();
    }
  });
});

describe('tenant coherence', () => {
  test("every row a graph creates for one tenant carries that tenant's id, in all six schemas", async ({
    db,
  }) => {
    const f = createFactories(db, { seed: 5, now: '2026-06-01T00:00:00Z' });
    const tenant = await f.tenant.reseller().create();
    const t = f.forTenant(tenant);
    for (const name of names) if (name !== 'tenant') await factory(t, name).create();
    const { rows: tables } = await db.query<{ name: string }>(
      `SELECT format('%I.%I', c.table_schema, c.table_name) AS name FROM information_schema.columns c
         JOIN pg_class r ON r.oid = format('%I.%I', c.table_schema, c.table_name)::regclass
        WHERE c.column_name = 'tenant_id' AND NOT r.relispartition
          AND c.table_schema IN ('identity','content','studio','render','file_mgr','notification') ORDER BY 1`,
    );
    const schemas = new Set<string>();
    for (const { name } of tables) {
      const { rows } = await db.query<{ other: number; own: number }>(
        // NULL is no tenant (a node crash outside any render, a platform-wide schedule), not another one.
        `SELECT count(*) FILTER (WHERE tenant_id <> $1)::int AS other, count(*) FILTER (WHERE tenant_id = $1)::int AS own FROM ${name}`,
        [tenant.id],
      );
      expect(rows[0]?.other, `${name} rows of another tenant`).toBe(0);
      if ((rows[0]?.own ?? 0) > 0) schemas.add(name.split('.')[0]!);
    }
    expect([...schemas].sort()).toEqual([
      'content',
      'file_mgr',
      'identity',
      'notification',
      'render',
      'studio',
    ]);
    expect(await verifyDatabase(db)).toEqual([]);
  });
});
