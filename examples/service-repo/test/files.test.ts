import { test } from '@flatrender/seed/vitest';
import { expect } from 'vitest';
import { claimDatabase, DEFAULT_TENANT } from './support/own-database.js';

const OWNER = '3f1c9a52-5b8e-4c1d-9a0f-2d7b6e4c8a11';

test('runs on a database of its own', async ({ db }) => {
  await claimDatabase(db, 'ft_files', 'files');
});

test('stores files under a folder', async ({ db }) => {
  const folder = await db.query<{ id: string }>(
    `INSERT INTO file_mgr.folders (tenant_id, user_id, name, path) VALUES ($1, $2, 'Exports', '/Exports')
     RETURNING id`,
    [DEFAULT_TENANT, OWNER],
  );
  const sizes = [1_000, 20_000, 300_000];
  for (const [i, size] of sizes.entries()) {
    // (bucket, object_key) is UNIQUE: on a database shared with other runs these keys would collide.
    await db.query(
      `INSERT INTO file_mgr.files (tenant_id, user_id, folder_id, original_name, bucket, object_key, kind, size_bytes)
       VALUES ($1, $2, $3, $4, 'renders', $5, 'Video', $6)`,
      [DEFAULT_TENANT, OWNER, folder.rows[0]?.id, `render-${i}.mp4`, `exports/render-${i}.mp4`, size],
    );
  }
  const { rows } = await db.query<{ n: number; bytes: string }>(
    'SELECT count(*)::int AS n, sum(size_bytes)::text AS bytes FROM file_mgr.files',
  );
  expect(rows[0]).toEqual({ n: 3, bytes: '321000' });
});

test('sets a deleted folder aside without losing its files', async ({ db }) => {
  await db.query('DELETE FROM file_mgr.folders');
  const { rows } = await db.query<{ n: number; orphans: number }>(
    'SELECT count(*)::int AS n, count(*) FILTER (WHERE folder_id IS NULL)::int AS orphans FROM file_mgr.files',
  );
  expect(rows[0]).toEqual({ n: 3, orphans: 3 });
});
