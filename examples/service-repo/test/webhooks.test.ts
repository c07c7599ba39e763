import { createSeedTest, type SeedDb } from '@flatrender/seed/vitest';
import { expect } from 'vitest';
import { DEFAULT_TENANT } from './support/own-database.js';

// isolation 'test': every test gets a database of its own, named after the test.
const test = createSeedTest({ isolation: 'test' });

const seen: string[] = [];

async function addWebhook(db: SeedDb): Promise<void> {
  await db.query(
    `INSERT INTO identity.tenant_webhooks (tenant_id, url, secret_encrypted, events)
     VALUES ($1, 'https://hooks.example.com/render', $2, '{render.completed}')`,
    [DEFAULT_TENANT, Buffer.from('not-a-real-secret')],
  );
}

test('webhook one', async ({ db }) => {
  expect(db.name.startsWith('ft_webhook_one_')).toBe(true);
  await addWebhook(db);
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM identity.tenant_webhooks');
  expect(rows[0]?.n).toBe(1);
  seen.push(db.name);
});

test('webhook two', async ({ db }) => {
  expect(db.name.startsWith('ft_webhook_two_')).toBe(true);
  // A fresh clone: the webhook of the test above is not here, without any rollback.
  const before = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM identity.tenant_webhooks');
  expect(before.rows[0]?.n).toBe(0);
  await addWebhook(db);
  seen.push(db.name);
  expect(new Set(seen).size).toBe(2);
});
