import { describe, expect } from 'vitest';
import { planLoad } from '../../../src/load/load-plan.js';
import { buildPools } from '../../../src/load/pools.js';
import { runLoad } from '../../../src/load/run-load.js';
import { TenantContext } from '../../../src/load/tenant-context.js';
import { createSeedTest } from '../../../src/vitest/index.js';
import { catalogDefinitions } from '../../support/load-databases.js';

const test = createSeedTest({ isolation: 'test' });

describe('runLoad: failures', () => {
  test('a row a worker cannot write fails the load, names the constraint, and leaves the schema as it was', async ({
    db,
  }) => {
    // A tenant already holding the slug the load gives its biggest tenant.
    const plan = planLoad({ seed: 9, scale: 0.02, nowMs: Date.parse('2026-06-01T00:00:00Z') });
    const slug = new TenantContext(plan, plan.tenants[0]!, buildPools(9)).core.slug;
    await db.query(`INSERT INTO identity.tenants (slug, name) VALUES ($1, 'Squatter')`, [slug]);
    const before = await catalogDefinitions(db);

    const failure = await runLoad({ databaseUrl: db.url }, { scale: 0.02, workers: 2, seed: 9 }).catch(
      (e) => e,
    );
    expect(failure).toMatchObject({ code: 'E_LOAD' });
    expect(String(failure.message)).toMatch(/tenants_slug_key/);
    const partition =
      /^(index|constraint) (identity\.tenant_api_request_logs|render\.node_health_logs)_20\d\d_\d\d /;
    const after = await catalogDefinitions(db);
    expect(after.filter((line) => !partition.test(line) || before.includes(line))).toEqual(before);
  });

  test('bad options are refused before anything is touched', async ({ db }) => {
    await expect(runLoad({ databaseUrl: db.url }, { scale: 0 })).rejects.toMatchObject({
      code: 'E_BAD_SCALE',
    });
    await expect(runLoad({ databaseUrl: db.url }, { scale: 1, workers: 0 })).rejects.toMatchObject({
      code: 'E_BAD_WORKERS',
    });
    await expect(runLoad({ databaseUrl: db.url }, { scale: 1, now: 'yesterday' })).rejects.toMatchObject({
      code: 'E_BAD_NOW',
    });
  });
});
