// Type-checked by `tsc` (strict) in CI with no @types/pg of this repository's own: the toolkit's
// types must arrive with it, rows included.
import {
  hashApiKey,
  type IdentityTenantsRow,
  type IdentityUsersInsert,
  type IdentityUsersRow,
  type RenderRenderJobStatus,
  type Tables,
} from '@flatrender/seed';
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
