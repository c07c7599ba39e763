import { describe, expect, test } from 'vitest';
import { createFactories, type Factories } from '../../../src/factories/index.js';
import type { Queryable } from '../../../src/sql/queryable.js';

// The DB-free part of test/integration/factories/content.test.ts.
const NOW = '2026-06-01T00:00:00Z';
const open = (db: Queryable, seed = 11): Factories => createFactories(db, { seed, now: NOW });

describe('content factories', () => {
  test('build() makes catalogue rows without a database, the same for the same seed', () => {
    const offline: Queryable = {
      query: () => {
        throw new Error('build() must not touch the database');
      },
    };
    const a = open(offline, 3).project.build();
    const b = open(offline, 3).project.build();
    expect(a).toEqual(b);
    expect(a.aep_object_key).toBe(`templates/${a.id}/template.aep`);
    expect(open(offline, 3).sceneElement.build().key).toMatch(/^frl_c\d+t\d+$/);
  });
});
