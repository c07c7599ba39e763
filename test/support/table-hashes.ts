import type { Queryable } from '../../src/sql/queryable.js';

/** md5 of every FlatRender table's rows (sorted), keyed by table: equal maps mean equal contents. */
export async function tableHashes(db: Queryable): Promise<Record<string, string>> {
  const { rows: tables } = await db.query<{ name: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname IN ('identity','content','studio','render','file_mgr','notification')
        AND c.relkind IN ('r','p') AND NOT c.relispartition ORDER BY 1`,
  );
  const hashes: Record<string, string> = {};
  for (const { name } of tables) {
    const { rows } = await db.query<{ h: string }>(
      `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM ${name} t`,
    );
    hashes[name] = rows[0]!.h;
  }
  return hashes;
}
