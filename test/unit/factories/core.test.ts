import { describe, expect, test } from 'vitest';
import { createFactories } from '../../../src/factories/index.js';

// The DB-free part of test/integration/factories/core.test.ts.
describe('factory.build', () => {
  test('rejects an unknown trait by name, listing the traits', () => {
    const f = createFactories({ query: () => Promise.reject(new Error('offline')) }, { seed: 9 });
    expect(() => f.user.trait('boss' as never).build()).toThrow(
      'The identity.users factory has no trait "boss".',
    );
  });
});
