import { describe, expect } from 'vitest';
import { createFactories } from '../../../src/factories/index.js';
import { createSeedTest } from '../../../src/vitest/index.js';

const test = createSeedTest({ isolation: 'test' });

describe('factory.build', () => {
  test('does not make the parents it built current: a later create() inserts real ones', async ({ db }) => {
    const f = createFactories(db, { seed: 9 });
    const built = f.frameJob.build();
    const created = await f.frameJob.create();
    expect(created.render_job_id).not.toBe(built.render_job_id);
    const { rows } = await db.query('SELECT count(*)::int AS n FROM render.render_jobs WHERE id = $1', [
      created.render_job_id,
    ]);
    expect(rows[0]?.n).toBe(1);
  });

  test('does not modify the original factory when a trait or params derive a new one', async ({ db }) => {
    const f = createFactories(db, { seed: 9 });
    const admin = f.user.admin();
    const pinned = f.user.params({ locale: 'en' });
    expect(f.user.build().role).not.toBe('Admin');
    expect(admin.build().role).toBe('Admin');
    expect(pinned.build().locale).toBe('en');
    expect(f.user.build().locale).not.toBe('en');
  });
});

describe('createFactories', () => {
  test('a second run with the same seed on the same database: the clash says why and what to do', async ({
    db,
  }) => {
    await createFactories(db, { seed: 9 }).tenant.create();
    const error = (await createFactories(db, { seed: 9 })
      .tenant.create()
      .then(
        () => undefined,
        (e: unknown) => e,
      )) as { code?: string; message: string; fix?: string };
    expect(error.code).toBe('E_CONSTRAINT');
    expect(error.message).toMatch(/identity\.tenants broke a unique key/);
    expect(error.fix).toContain('another `seed` or `shard`');
    // Which a different seed or shard avoids.
    await expect(createFactories(db, { seed: 9, shard: 1 }).tenant.create()).resolves.toBeDefined();
  });
});
