import { tehranDay, tehranDayText } from '../../domain/calendar.js';
import { settleUsage } from '../../factories/identity/usage-settle.js';
import type { Timeline } from './timeline.js';
import type { DemoTenant } from './world.js';

/**
 * The business tenants' daily usage (domain/usage.ts): one row per Asia/Tehran day from the day
 * the tenant was opened (its admin, keys and first API calls count too) to today, made after
 * everything it counts. FlatRender's own consumers are not metered per tenant. The rows go in by
 * COPY with the counters left to one recount per tenant (usage-settle.ts, the query `seed verify`
 * checks them with): counting each day as its row is made would plan that query 800 times.
 */
export async function makeUsage(tenants: readonly DemoTenant[], time: Timeline): Promise<number> {
  let made = 0;
  for (const tenant of tenants) {
    if (tenant.key === 'flatrender') continue;
    const opened = tenant.row.created_at.getTime();
    const first = tehranDay(opened);
    const days = tehranDay(time.now) - first + 1;
    await tenant.f.tenantUsageDaily
      .transient({ counted: false })
      .createList(days, (i) => ({ usage_date: tehranDayText(first + i) }));
    await settleUsage(tenant.f.context.db, [{ tenant_id: tenant.row.id }], () => [new Date(opened)]);
    made += days;
  }
  return made;
}
