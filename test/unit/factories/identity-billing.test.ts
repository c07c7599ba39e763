import { describe, expect, test } from 'vitest';
import { createFactories } from '../../../src/factories/index.js';
import type { Queryable } from '../../../src/sql/queryable.js';

// The DB-free part of test/integration/factories/identity-billing.test.ts.
const NOW = '2026-06-01T00:00:00Z';

const offline: Queryable = {
  query: () => {
    throw new Error('build() must not touch the database');
  },
};

describe('identity billing and gamification factories', () => {
  test('build() works without a database and gives the same rows for the same seed', () => {
    const a = createFactories(offline, { seed: 9, now: NOW });
    const b = createFactories(offline, { seed: 9, now: NOW });
    for (const name of ['payment', 'userPlan', 'walletTransaction', 'level', 'earnedGift'] as const) {
      expect((a[name] as unknown as { build(): object }).build()).toEqual(
        (b[name] as unknown as { build(): object }).build(),
      );
    }
  });
});
