import { type TableName, tableInfo } from '../schema/generated/tables.js';
import { softReferences } from '../schema/soft-references.js';
import { isTenantScoped } from '../schema/table-meta.js';
import { quoteIdent, quoteTable } from '../sql/identifiers.js';
import type { Queryable } from '../sql/queryable.js';
import type { Rule } from './rule.js';
import { causalityRules } from './rules/causality-rules.js';
import { farmRules } from './rules/farm-rules.js';
import { ledgerRules } from './rules/ledger-rules.js';
import { renderRules } from './rules/render-rules.js';
import { usageRules } from './rules/usage-rules.js';

/** The rules of a FlatRender world beyond references: the domain's, each a query (see src/verify/rules). */
export const worldRules: readonly Rule[] = [
  ...renderRules,
  ...ledgerRules,
  ...usageRules,
  ...causalityRules,
  ...farmRules,
];

/** One broken rule, located precisely enough to find and fix the row. */
export interface Violation {
  /** `soft-reference`, `tenant-coherence` or the name of a documented invariant. */
  readonly rule: string;
  readonly table: string;
  readonly column: string;
  /** The row's primary key (`id`, or the key columns joined with `/`). */
  readonly id: string;
  readonly detail: string;
}

function keyExpression(table: TableName, alias: string): string {
  const key = tableInfo[table].primaryKey;
  return key.map((column) => `${alias}.${quoteIdent(column)}::text`).join(` || '/' || `) || `'?'`;
}

/**
 * Checks a FlatRender database: every soft reference across services points at a real row, every
 * child row carries its parent's tenant (through soft references and foreign keys alike), and the
 * domain's rules hold (prices, ledgers, usage, causes before effects, the render farm). Returns the violations, at most `limit` per rule and table.
 *
 * @example
 * const violations = await verifyDatabase(pool);
 * for (const v of violations) console.log(`${v.table}.${v.column} ${v.id}: ${v.detail}`);
 */
export async function verifyDatabase(db: Queryable, options: { limit?: number } = {}): Promise<Violation[]> {
  const limit = options.limit ?? 20;
  const violations: Violation[] = [];
  const collect = async (rule: string, table: string, column: string, sql: string) => {
    const { rows } = await db.query<{ id: string; detail: string }>(
      `SELECT * FROM (${sql}) AS broken(id, detail) LIMIT ${limit}`,
    );
    // A rule whose detail came out NULL (a NULL value in its format) still says what it checks.
    for (const row of rows)
      violations.push({
        rule,
        table,
        column,
        id: row.id ?? '(no key)',
        detail: row.detail ?? `breaks rule ${rule} (the rule gave no detail)`,
      });
  };

  for (const ref of softReferences) {
    const child = `${quoteTable(ref.table)} c`;
    const value = ref.array ? 'r.ref' : `c.${quoteIdent(ref.column)}`;
    const from = ref.array
      ? `${child} CROSS JOIN LATERAL unnest(c.${quoteIdent(ref.column)}) AS r(ref)`
      : child;
    await collect(
      'soft-reference',
      ref.table,
      ref.column,
      `SELECT ${keyExpression(ref.table, 'c')} AS id, format('%s points at no row of ${ref.target}', ${value}) AS detail
         FROM ${from}
        WHERE ${value} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${quoteTable(ref.target)} t WHERE t.id = ${value})`,
    );
    if (
      !ref.array &&
      ref.column !== 'tenant_id' &&
      ref.target !== 'identity.tenants' &&
      isTenantScoped(ref.table) &&
      isTenantScoped(ref.target)
    ) {
      await collect(
        'tenant-coherence',
        ref.table,
        ref.column,
        `SELECT ${keyExpression(ref.table, 'c')} AS id,
                format('tenant %s, but its ${ref.column} %s belongs to tenant %s', c.tenant_id, t.id, t.tenant_id) AS detail
           FROM ${child} JOIN ${quoteTable(ref.target)} t ON t.id = c.${quoteIdent(ref.column)}
          WHERE t.tenant_id IS DISTINCT FROM c.tenant_id`,
      );
    }
  }

  // Foreign keys between two tenant-scoped tables: the child must be in its parent's tenant.
  const { rows: foreignKeys } = await db.query<{
    child: string;
    column: string;
    parent: string;
    parent_column: string;
  }>(
    `SELECT cn.nspname || '.' || cc.relname AS child, ca.attname AS column,
            pn.nspname || '.' || pc.relname AS parent, pa.attname AS parent_column
       FROM pg_constraint k
       JOIN pg_class cc ON cc.oid = k.conrelid JOIN pg_namespace cn ON cn.oid = cc.relnamespace
       JOIN pg_class pc ON pc.oid = k.confrelid JOIN pg_namespace pn ON pn.oid = pc.relnamespace
       JOIN pg_attribute ca ON ca.attrelid = k.conrelid AND ca.attnum = k.conkey[1]
       JOIN pg_attribute pa ON pa.attrelid = k.confrelid AND pa.attnum = k.confkey[1]
      WHERE k.contype = 'f' AND cardinality(k.conkey) = 1 AND NOT cc.relispartition
        AND cn.nspname IN ('identity', 'content', 'studio', 'render', 'file_mgr', 'notification')
        AND ca.attname <> 'tenant_id'
      ORDER BY 1, 2`,
  );
  for (const fk of foreignKeys) {
    const child = fk.child as TableName;
    const parent = fk.parent as TableName;
    if (!(child in tableInfo) || !(parent in tableInfo) || !isTenantScoped(child) || !isTenantScoped(parent))
      continue;
    await collect(
      'tenant-coherence',
      child,
      fk.column,
      `SELECT ${keyExpression(child, 'c')} AS id,
              format('tenant %s, but its ${fk.column} belongs to tenant %s', c.tenant_id, p.tenant_id) AS detail
         FROM ${quoteTable(child)} c JOIN ${quoteTable(parent)} p ON p.${quoteIdent(fk.parent_column)} = c.${quoteIdent(fk.column)}
        WHERE c.tenant_id IS NOT NULL AND p.tenant_id IS DISTINCT FROM c.tenant_id`,
    );
  }

  for (const rule of worldRules) await collect(rule.rule, rule.table, rule.column, rule.sql);
  for (const table of Object.keys(tableInfo) as TableName[]) {
    const columns = tableInfo[table].columns.map((c) => c.name);
    if (!columns.includes('created_at') || !columns.includes('updated_at')) continue;
    await collect(
      'updated-after-created',
      table,
      'updated_at',
      `SELECT ${keyExpression(table, 'c')} AS id, format('created %s, updated %s', c.created_at, c.updated_at) AS detail
         FROM ${quoteTable(table)} c WHERE c.updated_at < c.created_at`,
    );
  }
  return violations;
}
