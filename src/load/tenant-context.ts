import { tehranDay } from '../domain/calendar.js';
import type { Category } from '../domain/catalogue.js';
import type { Rng } from '../domain/random.js';
import {
  type ApiKeyCore,
  apiKeyCore,
  type ContainerCore,
  categoriesOf,
  containerCores,
  type OccasionProjects,
  occasionProjects,
  type ProjectCore,
  projectCores,
  type SavedProjectCore,
  savedProjectCore,
  type TenantCore,
  tenantCore,
  type UserCore,
  userCore,
} from './catalogue.js';
import { type ExportCore, exportCore } from './export-core.js';
import { type JobCore, jobCore } from './job-core.js';
import { keyedStreams } from './keyed-streams.js';
import type { LoadPlan, NodePlan, TenantPlan } from './load-plan.js';
import type { Pools } from './pools.js';
import type { TenantScope } from './tenant-scope.js';
import { UsageDays } from './usage-days.js';
import { type Ledger, walletLedger } from './wallet-ledger.js';

/**
 * Everything one worker knows about one tenant: its plan, its small catalogues and its render
 * jobs (computed once per shard batch), the wallet ledger that follows from the jobs, the
 * per-row streams, and the aggregates later tables need (usage, saved-project render counts).
 * Determinism rests here: every value comes from `stream(table, key)`, a function of the seed,
 * the tenant and the row, never of the worker or of rows made before.
 */
export class TenantContext implements TenantScope {
  readonly core: TenantCore;
  private cache: {
    users?: UserCore[];
    containers?: ContainerCore[];
    projects?: ProjectCore[];
    occasionProjects?: OccasionProjects;
    savedProjects?: SavedProjectCore[];
    apiKeys?: ApiKeyCore[];
    jobs?: JobCore[];
    ledger?: Ledger;
  } = {};
  /** Per saved project: renders made from it, and the id and time of the last one. */
  readonly savedRenders: { count: Int32Array; lastJobId: (string | undefined)[]; lastAt: Float64Array };
  readonly usage: UsageDays;
  /** Per API key: the time and source address of its latest logged request (filled with the request logs). */
  readonly apiKeyLastUse: ({ at: number; ip: string } | undefined)[] = [];
  private readonly exportCache = new Map<string, ExportCore>();

  constructor(
    readonly plan: LoadPlan,
    readonly tenant: TenantPlan,
    readonly pools: Pools,
  ) {
    this.core = tenantCore(this.stream('identity.tenants', 0), tenant);
    // One usage row per Tehran day from the tenant's first day to the reference day.
    this.usage = new UsageDays(tehranDay(tenant.createdAt), tehranDay(plan.nowMs - 1), tenant.users);
    this.savedRenders = {
      count: new Int32Array(tenant.savedProjects),
      lastJobId: new Array(tenant.savedProjects),
      lastAt: new Float64Array(tenant.savedProjects),
    };
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
      userCore(this.stream('identity.users', i), this.plan, this.tenant, i),
    );
    return this.cache.users;
  }

  get containers(): readonly ContainerCore[] {
    this.cache.containers ??= containerCores(
      this.stream('content.containers', 'catalogue'),
      this.tenant,
      this.tenant.containers,
    );
    return this.cache.containers;
  }

  /** The categories the tenant's templates sit in (no category without templates). */
  get categories(): readonly Category[] {
    return categoriesOf(this.containers);
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

  get occasionProjects(): OccasionProjects {
    this.cache.occasionProjects ??= occasionProjects(this.projects);
    return this.cache.occasionProjects;
  }

  get savedProjects(): readonly SavedProjectCore[] {
    this.cache.savedProjects ??= Array.from({ length: this.tenant.savedProjects }, (_, i) =>
      savedProjectCore(
        this.stream('studio.saved_projects', i),
        this.plan,
        this.tenant,
        i,
        this.projects,
        this.occasionProjects,
        this.pools.faWords,
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
   * The tenant's render jobs in order, a retry right after the job it retries. Computed once per
   * shard batch (a batch bounds how many are kept at once): users' wallets need them before the
   * jobs' own rows are written.
   */
  get jobList(): readonly JobCore[] {
    if (!this.cache.jobs) {
      const jobs: JobCore[] = [];
      let retries = 0;
      for (let i = 0; i < this.tenant.jobs; i++) {
        const job = jobCore(this, `j${i}`, i);
        jobs.push(job);
        if (job.wantsRetry && retries < this.tenant.maxRetries) {
          retries++;
          jobs.push(jobCore(this, `r${i}`, i, job));
        }
      }
      this.cache.jobs = jobs;
    }
    return this.cache.jobs;
  }

  jobs(): readonly JobCore[] {
    return this.jobList;
  }

  /** The users' wallet ledger (domain/billing.ts), from the jobs. */
  get ledger(): Ledger {
    this.cache.ledger ??= walletLedger(this, this.jobList);
    return this.cache.ledger;
  }

  private readonly memos = new Map<string, unknown>();

  /** A value made once per shard batch (like the jobs) under `key`, e.g. the notifications both their tables read. */
  memo<T>(key: string, make: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, make());
    return this.memos.get(key) as T;
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
