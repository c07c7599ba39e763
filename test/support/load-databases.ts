import pg from 'pg';
import { inject } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../src/database/test-database.js';
import { LOADED_TABLES } from '../../src/load/load-order.js';
import type { Queryable } from '../../src/sql/queryable.js';

/** A second database cloned from the template, for tests that compare two loads. */
export async function anotherDatabase(prefix: string): Promise<TestDatabase> {
  const { adminUrl, template } = inject('flatrenderSeed');
  return createTestDatabase({ adminUrl, template, prefix });
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Every loaded table's full content as (row count, md5 of its rows' text, sorted): all columns,
 * identity ids included: the load gives them itself, so nothing is excluded from the comparison.
 * Also the identity sequences' positions, which later INSERTs depend on.
 */
export async function contentDigest(db: Queryable): Promise<Record<string, string>> {
  const digest: Record<string, string> = {};
  for (const table of LOADED_TABLES) {
    const { rows } = await db.query<{ n: number; md5: string }>(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS md5
         FROM ${table.sql} t`,
    );
    digest[table.name] = `${rows[0]!.n} rows, md5 ${rows[0]!.md5}`;
  }
  const { rows } = await db.query<{ name: string; last: string | null }>(
    `SELECT s.schemaname || '.' || s.sequencename AS name, s.last_value::text AS last
       FROM pg_sequences s WHERE s.schemaname IN ('identity', 'render') ORDER BY 1`,
  );
  for (const row of rows) digest[`sequence ${row.name}`] = row.last ?? 'unused';
  return digest;
}

/**
 * The catalog definitions of every index and constraint of the six service schemas (partitions
 * included): name, owning table, validity flags and the definition PostgreSQL prints.
 */
export async function catalogDefinitions(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ line: string }>(
    `SELECT format('index %I.%I %I valid=%s ready=%s live=%s: %s', n.nspname, t.relname, ic.relname,
                   i.indisvalid, i.indisready, i.indislive, pg_get_indexdef(i.indexrelid)) AS line
       FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname IN ('identity', 'content', 'studio', 'render', 'file_mgr', 'notification')
     UNION ALL
     SELECT format('constraint %I.%I %I %s validated=%s deferrable=%s deferred=%s inherited=%s: %s', n.nspname,
                   t.relname, k.conname, k.contype, k.convalidated, k.condeferrable, k.condeferred,
                   k.conparentid <> 0, pg_get_constraintdef(k.oid))
       FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname IN ('identity', 'content', 'studio', 'render', 'file_mgr', 'notification')
     UNION ALL
     -- Storage parameters: the load turns autovacuum off on the tables it fills, and back on.
     SELECT format('options %I.%I: %s', n.nspname, t.relname, t.reloptions)
       FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname IN ('identity', 'content', 'studio', 'render', 'file_mgr', 'notification')
        AND t.relkind IN ('r', 'p') AND t.reloptions IS NOT NULL
      ORDER BY 1`,
  );
  return rows.map((r) => r.line);
}
