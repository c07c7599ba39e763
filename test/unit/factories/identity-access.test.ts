import { describe, expect, test } from 'vitest';
import { createFactories, type Factories } from '../../../src/factories/index.js';
import type { Queryable } from '../../../src/sql/queryable.js';

// The DB-free part of test/integration/factories/identity-access.test.ts.
const NOW = '2026-06-01T00:00:00Z';
const open = (db: Queryable, seed = 7): Factories => createFactories(db, { seed, now: NOW });

describe('identity access factories', () => {
  test('build() works without a database and the same seed gives the same rows', () => {
    const offline: Queryable = {
      query: () => {
        throw new Error('build() must not touch the database');
      },
    };
    const a = open(offline, 3).tenantApiKey.revoked().build();
    const b = open(offline, 3).tenantApiKey.revoked().build();
    expect(a).toEqual(b);
    expect(a.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(open(offline, 3).tenantUsageDaily.build().usage_date).toBe('2026-05-31');
    expect(open(offline, 4).tenantApiKey.build().key_hash).not.toBe(a.key_hash);
  });
});
