import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { SEED_ERROR_CODES, SeedError, type SeedErrorCode } from '../../src/errors.js';
import { sources } from '../support/source-files.js';

const SRC = path.resolve(import.meta.dirname, '../../src');

describe('SeedErrorCode', () => {
  it('lists exactly the codes the toolkit uses: none missing, none left over', () => {
    const used = new Set<string>();
    for (const file of sources(SRC)) {
      if (file.endsWith(`${path.sep}errors.ts`)) continue;
      for (const m of readFileSync(file, 'utf8').matchAll(/'(E_[A-Z0-9_]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(50);
    expect([...SEED_ERROR_CODES].sort()).toEqual([...used].sort());
  });

  it('is the type of SeedError.code, and the constructor refuses an unlisted code', () => {
    const error = new SeedError('E_NO_CREATEDB', 'Role "app" cannot create databases.');
    expectTypeOf(error.code).toEqualTypeOf<SeedErrorCode>();
    // @ts-expect-error: not a listed code, so tsc (npm run lint) rejects it.
    expect(new SeedError('E_NOT_A_CODE', 'x').code).toBe('E_NOT_A_CODE');
  });
});
