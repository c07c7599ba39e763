// Type-checked by `tsc` (strict) in CI with no @types/pg of this repository's own: the toolkit's
// types must arrive with it, rows included.
import {
  type IdentityUsersInsert,
  type IdentityUsersRow,
  type RenderRenderJobStatus,
  type Tables,
  hashApiKey,
} from '@flatrender/seed';
import { test } from '@flatrender/seed/vitest';
import { expect, expectTypeOf } from 'vitest';

test('rows from the db fixture are typed with the exported row types', async ({ db }) => {
  const { rows } = await db.query<IdentityUsersRow>('SELECT * FROM identity.users LIMIT 1');
  const user = rows[0];
  expect(user?.id).toBeTypeOf('string');
  expectTypeOf(db).not.toBeAny();
  expectTypeOf(rows).toEqualTypeOf<IdentityUsersRow[]>();
  expectTypeOf<Tables['identity.users']['row']>().toEqualTypeOf<IdentityUsersRow>();
  expectTypeOf<IdentityUsersInsert>().toHaveProperty('tenant_id');
  expectTypeOf<'Queued'>().toExtend<RenderRenderJobStatus>();
});

test('hashApiKey gives what key_hash stores', () => {
  expect(hashApiKey('fr_test_abc')).toMatch(/^[0-9a-f]{64}$/);
});
