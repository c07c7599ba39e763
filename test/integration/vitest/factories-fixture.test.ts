import { describe, expect } from 'vitest';
import { createFactories } from '../../../src/factories/index.js';
import { createSeedTest } from '../../../src/vitest/index.js';

const NOW = '2026-06-01T00:00:00Z';
// vitest wants file-scoped fixtures defined at the top level.
const perTest = createSeedTest({ isolation: 'test' });
const withWorld = createSeedTest({ scenario: 'reseller', now: NOW });

describe('the pattern the README used to advise', () => {
  const test = perTest;

  test('two tests each calling createFactories(db) clash: the same seed makes the same rows again', async ({
    db,
  }) => {
    // What two tests of one file sharing a database did: each made its own factories object.
    await createFactories(db, { now: NOW }).user.create();
    await expect(createFactories(db, { now: NOW }).user.create()).rejects.toThrow(/users_pkey|duplicate/);
  });

  test('a factories object shared across rolled-back transactions hands out a row the rollback removed', async ({
    db,
  }) => {
    const f = createFactories(db, { now: NOW, seed: 5 });
    await db.query('BEGIN');
    const user = await f.user.create();
    await db.query('ROLLBACK');
    // The next "test": the factories object still holds the user as the current parent. Where a
    // foreign key guards the reference the insert fails; where the reference is soft (across
    // services, as notification.notification_preferences.user_id), it silently points at nothing.
    const notice = await f.notificationPreference.create();
    expect(notice.user_id).toBe(user.id);
    const { rows } = await db.query('SELECT 1 FROM identity.users WHERE id = $1', [user.id]);
    expect(rows).toHaveLength(0);
  });
});

describe('the f fixture, file isolation', () => {
  const test = withWorld;

  test('a first test makes a reseller and users with f', async ({ f, world }) => {
    const reseller = await f.tenant.reseller().create();
    await f.forTenant(reseller).user.createList(3);
    await f.forTenant(world.handles.tenant).user.createList(2);
  });

  test('a second test of the same file does the same without a clash, beside the world and the first test', async ({
    f,
    db,
    world,
  }) => {
    const reseller = await f.tenant.reseller().create();
    const users = await f.forTenant(reseller).user.createList(3);
    expect(users).toHaveLength(3);
    const { rows } = await db.query<{ resellers: number; users: number }>(
      `SELECT (SELECT count(*)::int FROM identity.tenants WHERE kind = 'Reseller') AS resellers,
              (SELECT count(*)::int FROM identity.users) AS users`,
    );
    expect(rows[0]).toEqual({ resellers: 3, users: world.counts['identity.users']! + 8 });
  });
});
