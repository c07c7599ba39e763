import { isDatabaseLocked } from '../database/database-lock.js';
import type { Queryable } from '../sql/queryable.js';
import type { Violation } from '../verify/verify-database.js';
import { missingDefinitions } from './interrupted-load.js';

/**
 * `seed verify`'s report of an unfinished bulk load: one violation per key, index or foreign key
 * it dropped that is not back in the catalog, compared with the definitions the load recorded
 * before dropping them (which are the template's own: pg_get_constraintdef / pg_get_indexdef).
 */
export async function missingDefinitionViolations(db: Queryable): Promise<Violation[]> {
  const missing = await missingDefinitions(db);
  if (missing.length === 0) return [];
  const running = await isDatabaseLocked(db);
  const why = running
    ? 'a bulk load running now dropped it and rebuilds it when it ends'
    : 'a bulk load dropped it and did not finish; the next seed command on this database (e.g. seed reset --yes) restores it';
  return missing.map((m) => ({
    rule: m.kind === 'key' ? 'missing-key' : m.kind === 'index' ? 'missing-index' : 'missing-foreign-key',
    table: m.table,
    column: columnsOf(m.definition),
    id: m.kind === 'index' ? (m.name.split('.').pop() ?? m.name) : m.name,
    detail: `${m.kind === 'index' ? m.definition : `${m.definition}`} is ${m.unvalidated ? 'not validated' : 'missing'}: ${why}`,
  }));
}

/** The columns a definition covers: `PRIMARY KEY (id)` → `id`; an index's column list. */
function columnsOf(definition: string): string {
  const list = / USING \w+ \(([^)]*)\)/.exec(definition)?.[1] ?? /^[A-Z ]+\(([^)]*)\)/.exec(definition)?.[1];
  return (list ?? '*').replace(/\s+/g, '');
}
