import type { TableName } from '../schema/table-meta.js';
import type { Queryable } from '../sql/queryable.js';
import { type BoundFactoryOf, Factory } from './core/bound-factory.js';
import { SeedContext, type SeedOptions } from './core/factory.js';
import { definitionsByTable, factoryDefinitions } from './registry.js';

export { Factory } from './core/bound-factory.js';
export { DEFAULT_TENANT_ID, SeedContext, type SeedOptions } from './core/factory.js';
export { factoryDefinitions } from './registry.js';

type BoundFactories = {
  readonly [K in keyof typeof factoryDefinitions]: BoundFactoryOf<(typeof factoryDefinitions)[K]>;
};

/** Every factory bound to one seeding context, plus ways to scope it. */
export type Factories = BoundFactories & {
  /** The seeding context: the database, seed, reference time, tenant and current rows. */
  readonly context: SeedContext;
  /** The same run, scoped to another tenant: every row made through it carries that tenant's id. */
  forTenant(tenant: string | { id: string }): Factories;
  /** Makes rows made earlier the parents of the rows made next (`f.use(user).renderJob.create()`). */
  use(...rows: object[]): Factories;
};

/**
 * Binds every factory to a database and a seed.
 *
 * @example
 * const f = createFactories(pool, { seed: 42, now: '2026-06-01T00:00:00Z' });
 * const job = await f.renderJob.failed().create();
 * const reseller = await f.tenant.reseller().create();
 * await f.forTenant(reseller).user.createList(3);
 */
export function createFactories(db: Queryable, options: SeedOptions = {}): Factories {
  return bind(SeedContext.open(db, definitionsByTable, options));
}

function bind(context: SeedContext): Factories {
  const bound: Record<string, unknown> = {};
  for (const [name, definition] of Object.entries(factoryDefinitions)) {
    bound[name] = new Factory(context, definition.table as TableName);
  }
  return {
    ...(bound as BoundFactories),
    context,
    forTenant: (tenant) => bind(context.forTenant(tenant)),
    use: (...rows) => bind(context.use(...(rows as Record<string, unknown>[]))),
  };
}
