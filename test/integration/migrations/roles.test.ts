import { describe, expect } from 'vitest';
import { test } from '../../../src/vitest/index.js';
import { asRole } from '../../support/admin.js';

const T = '00000000-0000-0000-0000-000000000001';

/** For each service role: a write to one table of its own schema, and one table of every other schema to be refused. */
const services = {
  identity_svc: {
    schema: 'identity',
    write: `INSERT INTO identity.tenants (slug, name) VALUES ('role-test', 'Role test')`,
    table: 'identity.tenants',
  },
  content_svc: {
    schema: 'content',
    write: `INSERT INTO content.categories (tenant_id, slug, name) VALUES ('${T}', 'c', 'دسته')`,
    table: 'content.categories',
  },
  studio_svc: {
    schema: 'studio',
    write: `INSERT INTO studio.audio_library (tenant_id, kind, title, file_url, duration_ms) VALUES ('${T}', 'Music', 'آهنگ', 'minio://a/b.mp3', 1000)`,
    table: 'studio.audio_library',
  },
  render_svc: {
    schema: 'render',
    write: `INSERT INTO render.nodes (name, hmac_secret_encrypted) VALUES ('node-role', '\\x00')`,
    table: 'render.nodes',
  },
  file_svc: {
    schema: 'file_mgr',
    write: `INSERT INTO file_mgr.folders (tenant_id, user_id, name, path) VALUES ('${T}', gen_random_uuid(), 'a', '/a')`,
    table: 'file_mgr.folders',
  },
  notification_svc: {
    schema: 'notification',
    write: `INSERT INTO notification.notifications (tenant_id, user_id, notification_type, title, message) VALUES ('${T}', gen_random_uuid(), 'Other', 't', 'm')`,
    table: 'notification.notifications',
  },
} as const;

describe('service roles', () => {
  for (const [role, own] of Object.entries(services)) {
    test(`${role} reads and writes ${own.schema} and is refused every other schema`, async ({ db }) => {
      await asRole(db.url, role, async (client) => {
        await client.query(own.write);
        const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${own.table}`);
        expect(rows[0].n).toBeGreaterThan(0);
        await client.query(`UPDATE ${own.table} SET created_at = created_at`);
        for (const other of Object.values(services)) {
          if (other.schema === own.schema) continue;
          const error = await client
            .query(`SELECT 1 FROM ${other.table} LIMIT 1`)
            .catch((e: { code: string; message: string }) => e);
          expect(error, `${role} on ${other.table}`).toMatchObject({ code: '42501' });
          expect((error as unknown as Error).message).toMatch(
            /permission denied for schema|permission denied for table/,
          );
        }
      });
    });
  }
});
