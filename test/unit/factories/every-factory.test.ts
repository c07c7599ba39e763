import { describe, expect, test } from 'vitest';
import { createFactories, factoryDefinitions } from '../../../src/factories/index.js';
import type { Queryable } from '../../../src/sql/queryable.js';

// The DB-free part of test/integration/factories/every-factory.test.ts.
type Name = keyof typeof factoryDefinitions;
const names = Object.keys(factoryDefinitions) as Name[];

describe('the factories', () => {
  test('build() makes a row of every table without a database', () => {
    const offline: Queryable = {
      query: () => {
        throw new Error('build() must not touch the database');
      },
    };
    const f = createFactories(offline, { seed: 3 });
    for (const name of names)
      expect((f[name] as unknown as { build(): object }).build()).toBeTypeOf('object');
  });
});
