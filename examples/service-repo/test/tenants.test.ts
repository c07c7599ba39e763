import { test } from '@flatrender/seed/vitest';
import { expect } from 'vitest';
import { claimDatabase } from './support/own-database.js';

test('runs on a database of its own', async ({ db }) => {
  await claimDatabase(db, 'ft_tenants', 'tenants');
});

test('adds resellers with their branding', async ({ db }) => {
  for (const slug of ['acme', 'globex']) {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO identity.tenants (slug, name) VALUES ($1, $2) RETURNING id`,
      [slug, slug.toUpperCase()],
    );
    await db.query(
      `INSERT INTO identity.tenant_branding (tenant_id, brand_name, primary_color) VALUES ($1, $2, '#1E90FF')`,
      [rows[0]?.id, `${slug} renders`],
    );
  }
  const counts = await db.query<{ tenants: number; branded: number; resellers: number }>(
    `SELECT (SELECT count(*)::int FROM identity.tenants) AS tenants,
            (SELECT count(*)::int FROM identity.tenant_branding) AS branded,
            (SELECT count(*)::int FROM identity.tenants WHERE kind = 'Reseller' AND status = 'Trial') AS resellers`,
  );
  // flatrender (seeded) + this file's own claim + the two resellers; other files' tenants never show up.
  expect(counts.rows[0]).toEqual({ tenants: 4, branded: 2, resellers: 2 });
});

test('sees the unique slug constraint of the real schema', async ({ db }) => {
  await expect(
    db.query(`INSERT INTO identity.tenants (slug, name) VALUES ('ACME', 'Acme again')`),
  ).rejects.toThrow(/tenants_slug_key/);
});
