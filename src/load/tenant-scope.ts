import type { Rng } from '../domain/random.js';
import type { OccasionProjects, ProjectCore, SavedProjectCore, TenantCore } from './catalogue.js';
import type { LoadPlan, TenantPlan } from './load-plan.js';

/**
 * What a tenant's job, export and wallet figures read of the tenant's context: TenantContext
 * implements it and hands itself to jobCore, exportCore and walletLedger, which import only this
 * (so the context and the helpers it calls do not import each other).
 */
export interface TenantScope {
  readonly core: TenantCore;
  readonly plan: LoadPlan;
  readonly tenant: TenantPlan;
  readonly projects: readonly ProjectCore[];
  readonly savedProjects: readonly SavedProjectCore[];
  readonly occasionProjects: OccasionProjects;
  /** The deterministic stream of one row of `table`, keyed within this tenant. */
  stream(table: string, key: number | string): Rng;
  /** The index of an API key live before `at`. */
  liveKeyBefore(rng: Rng, at: number): number;
}
