import type { Occasion } from '../../domain/activity.js';
import type { Factories } from '../../factories/index.js';
import type { RowOf } from '../../schema/table-meta.js';

/** The demo's tenants: FlatRender itself, two resellers and an enterprise customer. */
export type TenantKey = 'flatrender' | 'studio' | 'agency' | 'enterprise';

/** How a customer pays for renders (domain/billing.ts decides each job's funding from it). */
export type Payer = 'plan' | 'wallet' | 'free' | 'contract';

/** One catalogue template of a tenant: its container, aspect projects and what sells it. */
export interface Template {
  readonly container: RowOf<'content.containers'>;
  readonly projects: readonly RowOf<'content.projects'>[];
  /** The scenes of each project, by project id, in order. */
  readonly scenes: ReadonlyMap<string, readonly RowOf<'content.scenes'>[]>;
  readonly occasion: Occasion | null;
  /** How often it is picked, relative to the tenant's other templates. */
  readonly weight: number;
}

/** A plan a tenant sells, and how many of its subscribers pick it. */
export interface OfferedPlan {
  readonly row: RowOf<'identity.plans'>;
  readonly weight: number;
}

/** A tenant of the demo with what its later steps need. */
export interface DemoTenant {
  readonly key: TenantKey;
  readonly row: RowOf<'identity.tenants'>;
  /** The factories scoped to this tenant. */
  readonly f: Factories;
  readonly admin: RowOf<'identity.users'>;
  /** When its customers begin to use it (the start of its usage history). */
  readonly since: number;
  /** Its own internet domain (its mail, its servers); resellers' app runs at their custom domain. */
  readonly domain: string;
  /** The plans its customers subscribe to; the enterprise grants its contract plan instead. */
  readonly plans: readonly OfferedPlan[];
  readonly contract: RowOf<'identity.plans'> | null;
  /** FlatRender's free plan and its seconds pack (null elsewhere). */
  readonly free: RowOf<'identity.plans'> | null;
  readonly pack: RowOf<'identity.plans'> | null;
  catalogue: Template[];
  people: Person[];
  /** The key its servers call the Reseller API with. */
  apiKey: RowOf<'identity.tenant_api_keys'> | null;
}

/** A customer as the demo plans them before any row exists, then their user row. */
export interface Person {
  readonly tenant: DemoTenant;
  /** 0-based, in sign-up order within the tenant. */
  readonly index: number;
  readonly signup: number;
  /** The last day they use the product (churned customers stop early). */
  readonly until: number;
  /** Relative number of renders. */
  readonly weight: number;
  readonly payer: Payer;
  readonly plan: RowOf<'identity.plans'> | null;
  /** When they subscribed to push notifications / linked the Telegram bot (null: never). */
  pushAt: number | null;
  telegramAt: number | null;
  readonly mfa: boolean;
  /** No SMS, push or Telegram between 23:00 and 08:00 Tehran time. */
  readonly quietHours: boolean;
  /** Accepts marketing messages. */
  readonly marketing: boolean;
  /** Render times planned for them (render planning fills it, oldest first). */
  readonly renders: number[];
  row: RowOf<'identity.users'> | null;
}

/** The user row of a person, once made. */
export function userOf(person: Person): RowOf<'identity.users'> {
  if (!person.row) throw new Error(`person ${person.index} of ${person.tenant.key} has no user row yet`);
  return person.row;
}

/**
 * Makes rows the current parents of a tenant's factories, as `f.use(...)` does, without binding
 * a new factories object: for the loops that make thousands of rows.
 */
export function makeCurrent(tenant: DemoTenant, ...rows: object[]): Factories {
  tenant.f.context.use(...(rows as Record<string, unknown>[]));
  return tenant.f;
}

/** The default aspect project of a tenant's best-selling template. */
export function bestSeller(tenant: DemoTenant): RowOf<'content.projects'> {
  const project = tenant.catalogue[0]?.projects[0];
  if (!project) throw new Error(`tenant ${tenant.key} has no catalogue yet`);
  return project;
}
