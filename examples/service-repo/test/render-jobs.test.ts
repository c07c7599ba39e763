import { test } from '@flatrender/seed/vitest';
import { expect } from 'vitest';
import { claimDatabase, DEFAULT_TENANT } from './support/own-database.js';

// Default isolation: every test in this file shares one database, cloned for this file only.

test('runs on a database of its own', async ({ db }) => {
  await claimDatabase(db, 'ft_render_jobs', 'render-jobs');
});

test('queues render jobs that no other test file sees', async ({ db }) => {
  for (const quality of ['Hd720', 'FullHd1080', 'Uhd2160']) {
    await db.query(
      `INSERT INTO render.render_jobs
         (tenant_id, user_id, project_id, quality, width, height, fps, duration_sec, total_frames, config)
       VALUES ($1, gen_random_uuid(), gen_random_uuid(), $2, 1920, 1080, 30, 10, 300, '{}')`,
      [DEFAULT_TENANT, quality],
    );
  }
  const { rows } = await db.query<{ status: string; n: number }>(
    'SELECT status::text AS status, count(*)::int AS n FROM render.render_jobs GROUP BY status',
  );
  expect(rows).toEqual([{ status: 'Queued', n: 3 }]);
});

test('keeps the rows of the earlier tests of the same file', async ({ db }) => {
  await db.query(
    `UPDATE render.render_jobs SET status = 'Running', step = 'Rendering', started_at = NOW()
      WHERE quality = 'Uhd2160'`,
  );
  const { rows } = await db.query<{ status: string; n: number }>(
    'SELECT status::text AS status, count(*)::int AS n FROM render.render_jobs GROUP BY status ORDER BY status',
  );
  expect(rows).toEqual([
    { status: 'Queued', n: 2 },
    { status: 'Running', n: 1 },
  ]);
});
