import { expect } from 'vitest';
import { createSeedTest } from '../../../src/vitest/index.js';

// transaction mode: f is fresh per test, bound to the test's transaction.
const test = createSeedTest({ scenario: 'minimal', now: '2026-06-01T00:00:00Z', transaction: true });

let firstUser: string | undefined;

test('a first test makes a user with f (rolled back after it)', async ({ f }) => {
  firstUser = (await f.user.create()).id;
});

test('a later test never gets the rolled-back user as a parent: no dangling reference', async ({ f, db }) => {
  const job = await f.renderJob.completed().create();
  expect(job.user_id).not.toBe(firstUser);
  const { rows } = await db.query<{ dangling: number }>(
    `SELECT count(*)::int AS dangling FROM render.render_jobs j
      WHERE NOT EXISTS (SELECT 1 FROM identity.users u WHERE u.id = j.user_id)`,
  );
  expect(rows[0]!.dangling).toBe(0);
  const gone = await db.query('SELECT 1 FROM identity.users WHERE id = $1', [firstUser]);
  expect(gone.rows).toHaveLength(0);
});
