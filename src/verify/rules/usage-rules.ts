import type { Rule } from '../rule.js';
import { USAGE_COUNTERS, usageRecountSql } from '../usage-recount.js';

const list = (alias: string) => USAGE_COUNTERS.map((c) => `${alias}.${c}`).join(', ');
const differences = USAGE_COUNTERS.map(
  (c) => `CASE WHEN u.${c} <> c.${c} THEN format('${c} %s, recount %s', u.${c}, c.${c}) END`,
).join(', ');

/** Metering (domain/usage.ts): every usage row equals a recount of the rows it meters. */
export const usageRules: readonly Rule[] = [
  {
    rule: 'usage-recount',
    table: 'identity.tenant_usage_daily',
    column: 'usage_date',
    sql: `SELECT u.tenant_id::text || '/' || u.usage_date::text, concat_ws('; ', ${differences})
            FROM identity.tenant_usage_daily u
            JOIN (${usageRecountSql('identity.tenant_usage_daily')}) c ON c.tenant_id = u.tenant_id AND c.usage_date = u.usage_date
           WHERE (${list('u')}) IS DISTINCT FROM (${list('c')})`,
  },
];
