import { describe, expect } from 'vitest';
import { test } from '../../../src/vitest/index.js';
import { specEnums, specTables, specTenantColumns } from './spec-inventory.js';

const SCHEMAS = ['identity', 'content', 'studio', 'render', 'file_mgr', 'notification'];

describe('the migrated schema', () => {
  test('has exactly the tables of the spec (partitions aside)', async ({ db }) => {
    const { rows } = await db.query<{ name: string }>(
      `SELECT n.nspname || '.' || c.relname AS name
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p') AND NOT c.relispartition`,
      [SCHEMAS],
    );
    const actual = rows.map((r) => r.name).sort();
    const missing = specTables.filter((t) => !actual.includes(t));
    const unexpected = actual.filter((t) => !specTables.includes(t));
    expect({ missing, unexpected }).toEqual({ missing: [], unexpected: [] });
    expect(actual).toHaveLength(79);
  });

  test('has every enum of the spec with exactly its values, in order', async ({ db }) => {
    const { rows } = await db.query<{ name: string; values: string[] }>(
      `SELECT n.nspname || '.' || t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
        WHERE n.nspname = ANY($1) GROUP BY 1`,
      [SCHEMAS],
    );
    const actual = Object.fromEntries(rows.map((r) => [r.name, r.values]));
    const expected = Object.fromEntries(Object.entries(specEnums).map(([name, e]) => [name, [...e.values]]));
    expect(actual).toEqual(expected);
    const upstream = Object.entries(specEnums).filter(([, e]) => e.upstream);
    expect(upstream.map(([name]) => name).sort()).toEqual([
      'identity.register_mode',
      'identity.tenant_kind',
      'identity.tenant_status',
      'notification.notification_channel',
      'notification.notification_priority',
      'notification.notification_type',
    ]);
  });

  test('has identity.tenants column for column', async ({ db }) => {
    await db.query('SET search_path TO public');
    const { rows } = await db.query<{
      name: string;
      type: string;
      nullable: boolean;
      default: string | null;
    }>(
      `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable,
              pg_get_expr(d.adbin, d.adrelid) AS default
         FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attrelid = 'identity.tenants'::regclass AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum`,
    );
    expect(rows).toEqual(specTenantColumns);
  });

  test('holds the default tenant', async ({ db }) => {
    const { rows } = await db.query(
      `SELECT slug::text, name, kind::text, status::text FROM identity.tenants WHERE id = '00000000-0000-0000-0000-000000000001'`,
    );
    expect(rows).toEqual([{ slug: 'flatrender', name: 'FlatRender', kind: 'Internal', status: 'Active' }]);
  });

  test('keeps updated_at with a tg_<table>_updated_at trigger on every table that has the column', async ({
    db,
  }) => {
    const { rows } = await db.query<{ name: string }>(
      `SELECT c.table_schema || '.' || c.table_name AS name
         FROM information_schema.columns c
         JOIN pg_class r ON r.oid = (quote_ident(c.table_schema) || '.' || quote_ident(c.table_name))::regclass
        WHERE c.column_name = 'updated_at' AND c.table_schema = ANY($1) AND NOT r.relispartition
          AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = r.oid AND t.tgname = 'tg_' || c.table_name || '_updated_at')`,
      [SCHEMAS],
    );
    expect(rows.map((r) => r.name)).toEqual([]);
    await db.query(`UPDATE identity.tenants SET name = 'FlatRender' WHERE slug = 'flatrender'`);
    const { rows: touched } = await db.query(
      `SELECT updated_at > created_at AS moved FROM identity.tenants WHERE slug = 'flatrender'`,
    );
    expect(touched).toEqual([{ moved: true }]);
  });
});
