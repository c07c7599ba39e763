import type { Rng } from '../domain/random.js';
import {
  type ApiKeyCore,
  apiKeyCore,
  type ContainerCore,
  containerCore,
  type ProjectCore,
  projectCores,
  type SavedProjectCore,
  savedProjectCore,
  type TenantCore,
  tenantCore,
  type UserCore,
  userCore,
} from './catalogue.js';
import { tehranDay } from './copy-text.js';
import { type ExportCore, exportCore } from './export-core.js';
import { type JobCore, jobCore } from './job-core.js';
import { keyedStreams } from './keyed-streams.js';
import type { LoadPlan, NodePlan, TenantPlan } from './load-plan.js';
import type { Pools } from './pools.js';

/** Daily counters of identity.tenant_usage_daily, filled while the tenant's other tables are made. */
export const USAGE_FIELDS = [
  'render_jobs_count',
  'render_seconds',
  'render_billable_seconds',
  'compute_seconds',
  'api_requests',
  'api_errors',
  'storage_bytes',
  'egress_bytes',
  'active_users',
  'new_users',
  'amount_charged_minor',
] as const;
export type UsageField = (typeof USAGE_FIELDS)[number];

export class UsageDays {
  readonly firstDay: number;
  readonly lastDay: number;
  private readonly values: Float64Array;
  /** storage_bytes added before the first day (files older than the usage window). */
  openingStorage = 0;

  constructor(firstDay: number, lastDay: number) {
    this.firstDay = firstDay;
    this.lastDay = lastDay;
    this.values = new Float64Array((lastDay - firstDay + 1) * USAGE_FIELDS.length);
  }

  get days(): number {
    return this.lastDay - this.firstDay + 1;
  }

  /** Adds `amount` to a counter on the Tehran day of `at` (outside the window: ignored, except storage). */
  add(field: UsageField, at: number, amount: number): void {
    const day = tehranDay(at);
    if (day < this.firstDay) {
      if (field === 'storage_bytes') this.openingStorage += amount;
      return;
    }
    if (day > this.lastDay) return;
    this.values[(day - this.firstDay) * USAGE_FIELDS.length + USAGE_FIELDS.indexOf(field)]! += amount;
  }

  get(field: UsageField, day: number): number {
    return this.values[(day - this.firstDay) * USAGE_FIELDS.length + USAGE_FIELDS.indexOf(field)]!;
  }
}

/**
 * Everything one worker knows about one tenant: its plan, its small catalogues (computed once),
 * the per-row streams, and the aggregates later tables need (usage, saved-project render counts).
 * Determinism rests here: every value comes from `stream(table, key)`, a function of the seed,
 * the tenant and the row, never of the worker or of rows made before.
 */
export class TenantContext {
  readonly core: TenantCore;
  private cache: {
    users?: UserCore[];
    containers?: ContainerCore[];
    projects?: ProjectCore[];
    savedProjects?: SavedProjectCore[];
    apiKeys?: ApiKeyCore[];
  } = {};
  /** Per saved project: renders made from it, and the id and time of the last one. */
  readonly savedRenders:
    | { count: Int32Array; lastJobId: (string | undefined)[]; lastAt: Float64Array }
    | undefined;
  readonly usage: UsageDays;
  private readonly lastActiveDay: Int32Array;
  private jobCache: JobCore[] | undefined;
  private readonly exportCache = new Map<string, ExportCore>();

  constructor(
    readonly plan: LoadPlan,
    readonly tenant: TenantPlan,
    readonly pools: Pools,
  ) {
    this.core = tenantCore(this.stream('identity.tenants', 0), tenant, pools);
    this.usage = new UsageDays(tehranDay(tenant.activityStart), tehranDay(plan.nowMs - 1));
    this.savedRenders = {
      count: new Int32Array(tenant.savedProjects),
      lastJobId: new Array(tenant.savedProjects),
      lastAt: new Float64Array(tenant.savedProjects),
    };
    this.lastActiveDay = new Int32Array(tenant.users).fill(-1);
  }

  private readonly streams = new Map<string, (key: number | string) => Rng>();

  /** The stream of one row: `streamFor(seed, "<tenant>|<table>|<row key>")` (see keyedStreams). */
  stream(table: string, key: number | string): Rng {
    let streams = this.streams.get(table);
    if (!streams) {
      streams = keyedStreams(this.plan.seed, `${this.tenant.key}|${table}|`);
      this.streams.set(table, streams);
    }
    return streams(key);
  }

  get users(): readonly UserCore[] {
    this.cache.users ??= Array.from({ length: this.tenant.users }, (_, i) =>
      userCore(this.stream('identity.users', i), this.plan, this.tenant, this.pools, i),
    );
    return this.cache.users;
  }

  get containers(): readonly ContainerCore[] {
    this.cache.containers ??= Array.from({ length: this.tenant.containers }, (_, i) =>
      containerCore(this.stream('content.containers', i), this.tenant, this.pools, i),
    );
    return this.cache.containers;
  }

  get projects(): readonly ProjectCore[] {
    if (!this.cache.projects) {
      const projects: ProjectCore[] = [];
      for (const container of this.containers) {
        projects.push(
          ...projectCores(this.stream('content.projects', container.index), container, projects.length),
        );
      }
      this.cache.projects = projects;
    }
    return this.cache.projects;
  }

  get savedProjects(): readonly SavedProjectCore[] {
    this.cache.savedProjects ??= Array.from({ length: this.tenant.savedProjects }, (_, i) =>
      savedProjectCore(
        this.stream('studio.saved_projects', i),
        this.plan,
        this.tenant,
        i,
        this.projects,
        this.pools,
      ),
    );
    return this.cache.savedProjects;
  }

  get apiKeys(): readonly ApiKeyCore[] {
    this.cache.apiKeys ??= Array.from({ length: this.tenant.apiKeys }, (_, i) =>
      apiKeyCore(this.stream('identity.tenant_api_keys', i), this.tenant, i),
    );
    return this.cache.apiKeys;
  }

  /** A Live API key that existed at `at` (key 0 is Live and the oldest). */
  liveKeyBefore(rng: Rng, at: number): number {
    const keys = this.apiKeys;
    const candidates = keys.filter((k) => k.environment === 'Live' && k.createdAt <= at);
    return candidates.length === 0 ? 0 : rng.pick(candidates).index;
  }

  /** A key that existed at `at`, Live ones mostly (test keys see some traffic). */
  keyBefore(rng: Rng, at: number): ApiKeyCore {
    const keys = this.apiKeys.filter((k) => k.createdAt <= at);
    if (keys.length === 0) return this.apiKeys[0]!;
    const live = keys.filter((k) => k.environment === 'Live');
    return live.length > 0 && rng.bool(0.9) ? rng.pick(live) : rng.pick(keys);
  }

  /**
   * The tenant's render jobs in order, a retry right after the job it retries. Computed on the
   * first pass and kept for the later ones (a shard batch bounds how many are kept at once).
   */
  *jobs(): Generator<JobCore> {
    if (this.jobCache) {
      yield* this.jobCache;
      return;
    }
    const jobs: JobCore[] = [];
    let retries = 0;
    for (let i = 0; i < this.tenant.jobs; i++) {
      const job = jobCore(this, `j${i}`, i);
      jobs.push(job);
      yield job;
      if (job.wantsRetry && retries < this.tenant.maxRetries) {
        retries++;
        const retry = jobCore(this, `r${i}`, i, job);
        jobs.push(retry);
        yield retry;
      }
    }
    this.jobCache = jobs;
  }

  /** The export of a completed job (kept, like the jobs: files, exports and notifications share it). */
  exportOf(job: JobCore): ExportCore {
    let found = this.exportCache.get(job.key);
    if (!found) {
      found = exportCore(this, job);
      this.exportCache.set(job.key, found);
    }
    return found;
  }

  /** Counts a user as active on the day of `at` (once per day). */
  markActive(userIndex: number, at: number): void {
    const day = tehranDay(at);
    if (this.lastActiveDay[userIndex] === day) return;
    this.lastActiveDay[userIndex] = day;
    this.usage.add('active_users', at, 1);
  }
}

/** What a render node's shard needs: its plan and its stream. */
export class NodeContext {
  constructor(
    readonly plan: LoadPlan,
    readonly node: NodePlan,
  ) {}

  private readonly streams = new Map<string, (key: number | string) => Rng>();

  stream(table: string, key: number | string): Rng {
    let streams = this.streams.get(table);
    if (!streams) {
      streams = keyedStreams(this.plan.seed, `${this.node.key}|${table}|`);
      this.streams.set(table, streams);
    }
    return streams(key);
  }
}
