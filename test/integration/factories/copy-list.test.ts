import pg from 'pg';
import { describe, expect, inject } from 'vitest';
import { COPY_VIA, type Queryable } from '../../../src/database/queryable.js';
import { createTestDatabase } from '../../../src/database/test-database.js';
import { createFactories, type Factories, factoryDefinitions } from '../../../src/factories/index.js';
import { verifyDatabase } from '../../../src/verify/verify-database.js';
import { createSeedTest } from '../../../src/vitest/index.js';
import { tableHashes } from './table-hashes.js';

const test = createSeedTest({ isolation: 'test' });
const inTransaction = createSeedTest({ transaction: true });
const NOW = '2026-06-01T00:00:00Z';

type Name = keyof typeof factoryDefinitions;
const names = Object.keys(factoryDefinitions) as Name[];
interface AnyFactory {
  createList(count: number): Promise<Record<string, unknown>[]>;
}
const factory = (f: Factories, name: Name) => f[name] as unknown as AnyFactory;

/** Counts statements sent through `query` while offering COPY on the pool underneath. */
function counting(pool: pg.Pool): Queryable & { inserts: number; [COPY_VIA]: pg.Pool } {
  const handle = {
    inserts: 0,
    [COPY_VIA]: pool,
    query(text: string, values?: unknown[]) {
      if (/^\s*INSERT\b/i.test(text)) handle.inserts++;
      return pool.query(text, values);
    },
  };
  return handle as never;
}

/**
 * createList(2) of every factory, each in a tenant of its own. A factory whose second row breaks
 * a unique key (one row per tenant, say) must fail the same way on both paths.
 */
async function createListOfEveryFactory(f: Factories): Promise<unknown[]> {
  const results: unknown[] = [];
  for (const name of names) {
    const scoped = f.forTenant(await f.tenant.create());
    try {
      results.push(await factory(scoped, name).createList(2));
    } catch (error) {
      results.push({ name, error: (error as { code?: string }).code });
    }
  }
  return results;
}

describe('createList above the COPY threshold', () => {
  test('stores the same rows and returns the same values as one INSERT per row, for every factory', async ({
    db,
  }) => {
    await using other = await createTestDatabase({ ...inject('flatrenderSeed'), prefix: 'ft_copy_list' });
    const pool = new pg.Pool({ connectionString: other.url, max: 2 });
    try {
      const inserted = await createListOfEveryFactory(
        createFactories(db, { seed: 9, now: NOW, copyThreshold: Number.POSITIVE_INFINITY }),
      );
      const copied = await createListOfEveryFactory(
        createFactories(pool, { seed: 9, now: NOW, copyThreshold: 2 }),
      );
      expect(copied).toEqual(inserted);
      expect(await tableHashes(pool)).toEqual(await tableHashes(db));
      expect(await verifyDatabase(pool)).toEqual([]);
    } finally {
      await pool.end();
    }
  });

  test('sends the rows with COPY, not INSERTs, and reads them back as stored', async ({ db }) => {
    const handle = counting(db.pool);
    const f = createFactories(handle, { seed: 4, now: NOW, copyThreshold: 100 });
    await f.user.create(); // parents of notifications, made by INSERT
    const before = handle.inserts;
    const rows = await f.notification.createList(1_200);
    expect(handle.inserts - before).toBe(0);
    expect(rows).toHaveLength(1_200);
    expect(new Set(rows.map((r) => r.id)).size).toBe(1_200);
    const { rows: stored } = await db.query(
      'SELECT *, channels::text[] AS channels FROM notification.notifications ORDER BY id',
    );
    expect(stored).toHaveLength(1_200);
    // Defaults the factory left to PostgreSQL come back filled in, as RETURNING would give them.
    const byId = new Map(stored.map((r) => [r.id, r]));
    for (const row of rows) expect(row).toEqual(byId.get(row.id));
    // The last row is the current notification: the next child hangs off it.
    const delivery = await f.notificationDelivery.create();
    expect(delivery.notification_id).toBe(rows.at(-1)!.id);
  });

  test('below the threshold, rows are INSERTed one by one', async ({ db }) => {
    const handle = counting(db.pool);
    const f = createFactories(handle, { seed: 4, now: NOW, copyThreshold: 100 });
    await f.user.create();
    const before = handle.inserts;
    await f.notification.createList(99);
    expect(handle.inserts - before).toBe(99);
  });

  test('identity-keyed, partitioned log tables get their ids from the sequence, in order', async ({ db }) => {
    const f = createFactories(db, { seed: 6, now: NOW, copyThreshold: 10 });
    const logs = await f.tenantApiRequestLog.createList(50);
    const ids = logs.map((r) => BigInt(r.id as string));
    expect(ids.every((id, i) => i === 0 || id === ids[i - 1]! + 1n)).toBe(true);
    const more = await f.tenantApiRequestLog.create();
    expect(BigInt(more.id as string)).toBe(ids.at(-1)! + 1n);
  });

  test('runs inside the caller transaction on a pg Client: a ROLLBACK takes the rows away', async () => {
    await using database = await createTestDatabase({ ...inject('flatrenderSeed'), prefix: 'ft_copy_tx' });
    const client = new pg.Client(database.url);
    await client.connect();
    try {
      await client.query('BEGIN');
      const f = createFactories(client, { seed: 2, now: NOW, copyThreshold: 10 });
      await f.notification.createList(30);
      expect(
        (await client.query('SELECT count(*)::int AS n FROM notification.notifications')).rows[0].n,
      ).toBe(30);
      // A broken row aborts the transaction, as an INSERT would: the error names the table and the key.
      await client.query('SAVEPOINT before_bad_rows');
      const id = '00000000-0000-4000-8000-0000000000aa';
      await expect(f.notification.createList(12, { id })).rejects.toThrow(
        /notification\.notifications broke a unique key/,
      );
      await client.query('ROLLBACK TO SAVEPOINT before_bad_rows');
      await client.query('ROLLBACK');
      expect(
        (await client.query('SELECT count(*)::int AS n FROM notification.notifications')).rows[0].n,
      ).toBe(0);
    } finally {
      await client.end();
    }
  });

  test('a broken rule fails on the same row as with INSERTs, keeping the rows before it', async ({ db }) => {
    const f = createFactories(db, { seed: 2, now: NOW, copyThreshold: 10 });
    await f.user.create();
    const id = '00000000-0000-4000-8000-0000000000ff';
    const error = await f.notification.createList(20, { id }).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as { code?: string }).code).toBe('E_CONSTRAINT');
    expect((error as Error).message).toMatch(/notification\.notifications broke a unique key "\w+"/);
    expect((error as Error).message).toContain(id);
    expect((await db.query('SELECT count(*)::int AS n FROM notification.notifications')).rows[0]!.n).toBe(1);
  });

  inTransaction(
    'through the vitest db fixture in transaction mode, on the test transaction',
    async ({ db }) => {
      const f = createFactories(db, { seed: 3, now: NOW, copyThreshold: 10 });
      await f.notification.createList(30);
      const count = 'SELECT count(*)::int AS n FROM notification.notifications';
      expect((await db.query<{ n: number }>(count)).rows[0]!.n).toBe(30);
      // Other connections do not see the uncommitted COPY: it ran inside the test's transaction.
      expect((await db.pool.query<{ n: number }>(count)).rows[0]!.n).toBe(0);
    },
  );
});
