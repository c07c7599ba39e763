import { SERVICE_SCHEMAS } from '../schema/introspect.js';
import type { Queryable } from './queryable.js';

const DEFAULT_TENANT_ID = '00000000-0000-0000-0000-000000000001';

/**
 * Empties every FlatRender table and restarts identity sequences, keeping the schema and what the
 * migrations inserted (the default tenant). One TRUNCATE for all tables: truncating
 * notification.notifications alone fails because of the cross-schema FK from identity.earned_gifts.
 * The caller checks the marker first (see safety.ts) and owns the transaction.
 */
export async function emptyFlatRenderTables(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND (n.nspname, c.relname) <> ('identity', 'tenants')`,
    [[...SERVICE_SCHEMAS]],
  );
  await db.query(`TRUNCATE ${rows.map((r) => r.name).join(', ')} RESTART IDENTITY`);
  await db.query('DELETE FROM identity.tenants WHERE id <> $1', [DEFAULT_TENANT_ID]);
  return rows.length + 1;
}
