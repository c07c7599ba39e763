import {
  type ColumnInfo,
  type ForeignKeyInfo,
  type SchemaInfo,
  SERVICE_SCHEMAS,
} from '../schema/schema-info.js';
import type { Queryable } from './queryable.js';

/** Reads tables, columns, keys and enums of the service schemas from a migrated database. */
export async function introspect(db: Queryable): Promise<SchemaInfo> {
  const schemas = [...SERVICE_SCHEMAS];
  const columns = await db.query<{
    table: string;
    name: string;
    type: string;
    array: boolean;
    enum: boolean;
    nullable: boolean;
    default: string | null;
    generated: boolean;
    partitioned: boolean;
  }>(
    `SELECT n.nspname || '.' || c.relname AS table, a.attname AS name,
            CASE WHEN b.typtype = 'e' THEN bn.nspname || '.' || b.typname ELSE b.typname END AS type,
            t.typcategory = 'A' AS array, b.typtype = 'e' AS enum, NOT a.attnotnull AS nullable,
            pg_get_expr(d.adbin, d.adrelid) AS default,
            (a.attidentity = 'a' OR a.attgenerated = 's') AS generated, c.relkind = 'p' AS partitioned
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_type t ON t.oid = a.atttypid
       JOIN pg_type b ON b.oid = CASE WHEN t.typcategory = 'A' THEN t.typelem ELSE t.oid END
       JOIN pg_namespace bn ON bn.oid = b.typnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY array_position($1::text[], n.nspname::text), c.relname, a.attnum`,
    [schemas],
  );
  const keys = await db.query<{ table: string; columns: string[] }>(
    `SELECT n.nspname || '.' || c.relname AS table,
            array_agg(a.attname::text ORDER BY array_position(i.indkey::int2[], a.attnum)) AS columns
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey)
      WHERE i.indisprimary AND n.nspname = ANY($1) AND NOT c.relispartition
      GROUP BY 1`,
    [schemas],
  );
  const enums = await db.query<{ name: string; values: string[] }>(
    `SELECT n.nspname || '.' || t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
      WHERE n.nspname = ANY($1)
      GROUP BY 1 ORDER BY 1`,
    [schemas],
  );
  const foreignKeys = await db.query<ForeignKeyInfo>(
    `SELECT cn.nspname || '.' || cc.relname AS table,
            array(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(n, i)
                    JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i) AS columns,
            pn.nspname || '.' || pc.relname AS references,
            array(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(n, i)
                    JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.i) AS "refColumns"
       FROM pg_constraint k
       JOIN pg_class cc ON cc.oid = k.conrelid JOIN pg_namespace cn ON cn.oid = cc.relnamespace
       JOIN pg_class pc ON pc.oid = k.confrelid JOIN pg_namespace pn ON pn.oid = pc.relnamespace
      WHERE k.contype = 'f' AND cn.nspname = ANY($1) AND NOT cc.relispartition AND k.conparentid = 0
      ORDER BY array_position($1::text[], cn.nspname::text), cc.relname, k.conname`,
    [schemas],
  );
  const primaryKeys = new Map(keys.rows.map((k) => [k.table, k.columns]));
  const tables = new Map<string, { columns: ColumnInfo[]; partitioned: boolean }>();
  for (const { table, partitioned, ...column } of columns.rows) {
    let entry = tables.get(table);
    if (!entry) {
      entry = { columns: [], partitioned };
      tables.set(table, entry);
    }
    entry.columns.push(column);
  }
  return {
    tables: [...tables].map(([name, { columns, partitioned }]) => ({
      name,
      columns,
      primaryKey: primaryKeys.get(name) ?? [],
      partitioned,
    })),
    enums: Object.fromEntries(enums.rows.map((e) => [e.name, e.values])),
    foreignKeys: foreignKeys.rows,
  };
}

/**
 * The tables of the six service schemas (partitioned parents, not their partitions), quoted and
 * schema-qualified, in schema order (identity first) then by name.
 */
export async function serviceTables(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      ORDER BY array_position($1::text[], n.nspname::text), c.relname`,
    [[...SERVICE_SCHEMAS]],
  );
  return rows.map((r) => r.name);
}

/** The service schemas' tables with the tables each references by foreign key (itself left out). */
export async function serviceTableParents(db: Queryable): Promise<{ name: string; parents: string[] }[]> {
  const { rows } = await db.query<{ name: string; parents: string[] }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name,
            coalesce(array_agg(DISTINCT format('%I.%I', pn.nspname, p.relname)) FILTER (WHERE p.oid IS NOT NULL AND p.oid <> c.oid), '{}') AS parents
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_constraint k ON k.conrelid = c.oid AND k.contype = 'f'
       LEFT JOIN pg_class p ON p.oid = k.confrelid LEFT JOIN pg_namespace pn ON pn.oid = p.relnamespace
      WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      GROUP BY 1`,
    [[...SERVICE_SCHEMAS]],
  );
  return rows;
}

/** The sequences behind the identity columns of the service schemas' tables. */
export async function serviceIdentitySequences(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ sequence: string }>(
    `SELECT pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) AS sequence
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ANY($1) AND a.attidentity <> '' AND c.relkind IN ('r', 'p') AND NOT c.relispartition`,
    [[...SERVICE_SCHEMAS]],
  );
  return rows.map((r) => r.sequence);
}

/** The partitions of the given partitioned tables, quoted and schema-qualified. */
export async function partitionsOf(db: Queryable, parents: readonly string[]): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_inherits i
       JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE i.inhparent = ANY($1::regclass[])`,
    [[...parents]],
  );
  return rows.map((r) => r.name);
}

/**
 * Tables outside PostgreSQL's own schemas and the toolkit's bookkeeping (postgres-migrations'
 * `public.migrations`, the `flatrender_seed` schema), quoted and schema-qualified, by name.
 */
export async function userTables(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'flatrender_seed')
        AND n.nspname NOT LIKE 'pg\\_%'
        AND NOT (n.nspname = 'public' AND c.relname = 'migrations')
      ORDER BY n.nspname, c.relname`,
  );
  return rows.map((r) => r.name);
}
