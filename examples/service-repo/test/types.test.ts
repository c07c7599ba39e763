// Type-checked by `tsc` (strict) in CI with no @types/pg of this repository's own: the toolkit's
// types must arrive with it, rows included.
import {
  hashApiKey,
  type IdentityTenantsRow,
  type IdentityUsersInsert,
  type IdentityUsersRow,
  isSeedError,
  type RenderRenderJobStatus,
  type SeedErrorCode,
  type Tables,
} from '@flatrender/seed';
import { SEED_ERROR_CODES } from '@flatrender/seed/advanced';
import { estimateLoad, type LoadOptions, MAX_SCALE } from '@flatrender/seed/load';
import { test } from '@flatrender/seed/vitest';
import { expect, expectTypeOf } from 'vitest';

test('rows from the db fixture are typed with the exported row types', async ({ db }) => {
  // The migrations insert the flatrender tenant: a row to read back in every fresh database.
  const { rows } = await db.query<IdentityTenantsRow>('SELECT * FROM identity.tenants LIMIT 1');
  expect(rows[0]?.slug).toBeTypeOf('string');
  expectTypeOf(db).not.toBeAny();
  expectTypeOf(rows).toEqualTypeOf<IdentityTenantsRow[]>();
  expectTypeOf<Tables['identity.users']['row']>().toEqualTypeOf<IdentityUsersRow>();
  expectTypeOf<IdentityUsersInsert>().toHaveProperty('tenant_id');
  expectTypeOf<'Queued'>().toExtend<RenderRenderJobStatus>();
});

test('hashApiKey gives what key_hash stores', () => {
  expect(hashApiKey('fr_test_abc')).toMatch(/^[0-9a-f]{64}$/);
});

test('error codes are a union to switch on, and the subpaths resolve from the installed package', async () => {
  expectTypeOf<'E_NO_CREATEDB'>().toExtend<SeedErrorCode>();
  expectTypeOf<'E_NOT_A_CODE'>().not.toExtend<SeedErrorCode>();
  expect(SEED_ERROR_CODES).toContain('E_NO_CREATEDB' satisfies SeedErrorCode);
  expect(isSeedError(new Error('plain'))).toBe(false);
  expectTypeOf<LoadOptions['scale']>().toEqualTypeOf<number>();
  expect(MAX_SCALE).toBeGreaterThan(1);
  expect(typeof estimateLoad).toBe('function');
});
