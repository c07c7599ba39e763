import { expect } from 'vitest';
import { createFactories } from '../../../src/factories/index.js';
import { test } from '../../../src/vitest/index.js';

test('smoke', async ({ db }) => {
  const f = createFactories(db, { seed: 42 });
  const t = await f.tenant.reseller().create();
  const b = await f.forTenant(t).tenantBranding.create();
  const u = await f.user.admin().create();
  const u2 = await f.forTenant(t).user.create();
  console.log(t, b, u, u2);
  expect(b.tenant_id).toBe(t.id);
  expect(u2.tenant_id).toBe(t.id);
  console.log(f.user.build());
  await expect(f.user.create({ role: 'Boss' as never })).rejects.toThrow();
  const e = await f.user.create({ role: 'Boss' as never }).catch((e) => e);
  console.log(e.message);
  const e2 = await f.user.create({ emial: 'x' } as never).catch((e) => e);
  console.log(e2.message);
  const e3 = await f.user.create({ referral_code: u.referral_code }).catch((e) => e);
  console.log(e3.message);
});
