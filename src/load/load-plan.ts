import { ActivityClock } from '../domain/activity.js';
import { DAY } from '../domain/calendar.js';
import { HISTORY_DAYS, monthsBetween } from '../domain/partitions.js';
import { type Random, streamFor } from '../domain/random.js';
import { drawNodeStory, healthLogCount, NODE_AGE_DAYS, type NodeStory } from '../domain/render-farm.js';
import { uuid } from './fast-format.js';

/**
 * The shape of a `load` run, a pure function of (seed, scale, now): which tenants exist, how big
 * each is (skewed, Zipf-like), which render nodes exist and what their lives were, which id
 * ranges each shard owns and which partition months are touched, and the activity clocks every
 * timestamp series is placed with (domain/activity.ts). Every worker recomputes it from the same
 * three inputs, so workers exchange no data, and the rows of a shard never depend on how many
 * workers there are.
 */
/** Identity values already taken in each identity table: the load's ids start above them. */
export interface IdOffsets {
  readonly events: number;
  readonly requestLogs: number;
  readonly healthLogs: number;
}

export interface LoadPlan {
  readonly seed: number;
  readonly scale: number;
  readonly nowMs: number;
  readonly tenants: readonly TenantPlan[];
  readonly nodes: readonly NodePlan[];
  /** The shards (a tenant or a render node) in plan order; workers get whole shards. */
  readonly shards: readonly ShardPlan[];
  /** First days of the months (`YYYY-MM-01`) rows of each partitioned table fall in. */
  readonly months: { readonly requestLogs: readonly string[]; readonly healthLogs: readonly string[] };
  /** Expected rows per table (exact for planned counts, an expectation for the rest). */
  readonly estimate: Readonly<Record<string, number>>;
  readonly estimatedTotal: number;
  /** The time model over the whole history: people using the studio, resellers' servers calling the API. */
  readonly clocks: { readonly people: ActivityClock; readonly api: ActivityClock };
}

export interface TenantPlan {
  /** Rank by size: 0 is the biggest tenant. */
  readonly ordinal: number;
  /** The stream-key prefix of every row of this tenant (`t7`). */
  readonly key: string;
  readonly id: string;
  readonly weight: number;
  readonly kind: 'Reseller' | 'Enterprise';
  readonly status: 'Active' | 'Trial';
  readonly createdAt: number;
  /** Jobs, saved projects, uploads and notices fall between this and now (the tenant's first day on). */
  readonly activityStart: number;
  /** API request logs are kept from here (retention), and so are the logs of API-created jobs. */
  readonly requestLogStart: number;
  readonly users: number;
  readonly jobs: number;
  /** At most this many failed jobs are retried (bounds the event id range). */
  readonly maxRetries: number;
  readonly savedProjects: number;
  readonly containers: number;
  readonly apiKeys: number;
  readonly uploads: number;
  /** Drawn API calls; the POST of each API-created job in the window comes on top. */
  readonly requestLogs: number;
  readonly notices: number;
  /** render.render_job_events ids of this tenant are eventIdBase + 1 … eventIdBase + eventIdCapacity. */
  readonly eventIdBase: number;
  readonly eventIdCapacity: number;
  /** Request log ids: requestLogIdBase + 1 … requestLogIdBase + requestLogIdCapacity. */
  readonly requestLogIdBase: number;
  readonly requestLogIdCapacity: number;
}

export interface NodePlan {
  readonly ordinal: number;
  readonly key: string;
  readonly id: string;
  readonly name: string;
  /** Its life from created_at to the last heartbeat (domain/render-farm.ts). */
  readonly story: NodeStory;
  readonly healthLogs: number;
  readonly healthLogIdBase: number;
}

export type ShardPlan =
  | { readonly kind: 'tenant'; readonly ordinal: number; readonly estimate: number }
  | { readonly kind: 'node'; readonly ordinal: number; readonly estimate: number };

/** Rows at scale 1 of the tables whose volume the plan sets (health logs follow the nodes' ages). */
const PER_SCALE = {
  jobs: 5_500,
  users: 1_200,
  uploads: 1_500,
  requestLogs: 12_000,
  notices: 1_000,
};

/** The most events one job writes (Queued … Done with a Repairing step). */
export const MAX_EVENTS_PER_JOB = 8;
/** Days of API request logs kept (the partitions the load creates). */
const REQUEST_LOG_DAYS = 60;
/** Tenants are at most this old, so that every series stays inside the domain's history. */
const MAX_TENANT_DAYS = HISTORY_DAYS - 10;

/** Expected rows per job, measured on generated data (for progress and ETA only). */
const PER_JOB = {
  events: 6.4,
  frameJobs: 3.45,
  exports: 0.85,
  repairs: 0.062,
  notifications: 1.48,
  deliveries: 1.55,
  walletTransactions: 0.79,
  payments: 0.1,
  requestLogs: 0.1,
};

export function tenantCount(scale: number): number {
  return Math.max(3, Math.round(16 * scale ** 0.8));
}

export function nodeCount(scale: number): number {
  return Math.max(3, Math.round(6 * Math.sqrt(scale)));
}

function tenantPlans(seed: number, scale: number, nowMs: number, offsets: IdOffsets): TenantPlan[] {
  const count = tenantCount(scale);
  const raw = Array.from({ length: count }, (_, k) => 1 / (k + 1));
  const sum = raw.reduce((a, b) => a + b, 0);
  let eventIdBase = offsets.events;
  let requestLogIdBase = offsets.requestLogs;
  return raw.map((r, ordinal) => {
    const weight = r / sum;
    const rng: Random = streamFor(seed, `t${ordinal}|plan`);
    const id = uuid(rng);
    const share = (total: number, min: number) => Math.max(min, Math.round(total * scale * weight));
    const jobs = share(PER_SCALE.jobs, 2);
    // A third of the tenants signed up in the last half year; the rest are older.
    const ageDays = rng.bool(0.3) ? rng.int(20, 175) : rng.int(185, MAX_TENANT_DAYS);
    const createdAt = nowMs - ageDays * DAY - rng.int(0, DAY - 1);
    const activityStart = createdAt + DAY;
    const maxRetries = Math.ceil(jobs * 0.06);
    const eventIdCapacity = (jobs + maxRetries) * MAX_EVENTS_PER_JOB;
    const requestLogs = share(PER_SCALE.requestLogs, 5);
    const requestLogIdCapacity = requestLogs + jobs + maxRetries;
    const plan: TenantPlan = {
      ordinal,
      key: `t${ordinal}`,
      id,
      weight,
      kind: ordinal % 7 === 0 ? 'Enterprise' : 'Reseller',
      status: ageDays < 40 ? 'Trial' : 'Active',
      createdAt,
      activityStart,
      requestLogStart: Math.max(nowMs - REQUEST_LOG_DAYS * DAY, activityStart),
      users: share(PER_SCALE.users, 3),
      jobs,
      maxRetries,
      savedProjects: Math.max(1, Math.round(jobs * 0.3)),
      containers: Math.min(40, 4 + Math.round(Math.sqrt(jobs) / 3)),
      apiKeys: 1 + rng.int(0, 2) + (ordinal < 3 ? 1 : 0),
      uploads: share(PER_SCALE.uploads, 1),
      requestLogs,
      notices: share(PER_SCALE.notices, 1),
      eventIdBase,
      eventIdCapacity,
      requestLogIdBase,
      requestLogIdCapacity,
    };
    eventIdBase += eventIdCapacity;
    requestLogIdBase += requestLogIdCapacity;
    return plan;
  });
}

function nodePlans(seed: number, scale: number, nowMs: number, offsets: IdOffsets): NodePlan[] {
  const count = nodeCount(scale);
  let healthLogIdBase = offsets.healthLogs;
  return Array.from({ length: count }, (_, ordinal) => {
    const rng = streamFor(seed, `n${ordinal}|plan`);
    const id = uuid(rng);
    const ageDays = rng.int(NODE_AGE_DAYS[0], NODE_AGE_DAYS[1]);
    // The first node is the farm's workhorse: up now, so the farm always has one serving node.
    const story = drawNodeStory(rng, {
      createdAt: nowMs - ageDays * DAY - rng.int(0, DAY - 1),
      now: nowMs,
      ...(ordinal === 0 ? { finalState: 'Up' as const } : {}),
    });
    const healthLogs = healthLogCount(story);
    const plan: NodePlan = {
      ordinal,
      key: `n${ordinal}`,
      id,
      name: `thr-ae-${String(ordinal + 1).padStart(2, '0')}`,
      story,
      healthLogs,
      healthLogIdBase,
    };
    healthLogIdBase += healthLogs;
    return plan;
  });
}

function estimateRows(tenants: readonly TenantPlan[], nodes: readonly NodePlan[], nowMs: number) {
  const perTenant = (t: TenantPlan): Record<string, number> => {
    const jobs = t.jobs * 1.036;
    const days = Math.ceil((nowMs - t.createdAt) / DAY) + 1;
    const windowShare = Math.min(1, (nowMs - t.requestLogStart) / Math.max(1, nowMs - t.activityStart));
    return {
      'identity.tenants': 1,
      'identity.tenant_branding': 1,
      'identity.render_price_rates': 5,
      'identity.users': t.users,
      'identity.push_subscriptions': t.users * 0.43,
      'identity.tenant_api_keys': t.apiKeys,
      'content.categories': Math.min(8, Math.ceil(t.containers / 2)),
      'content.containers': t.containers,
      'content.projects': t.containers * 1.68,
      'studio.saved_projects': t.savedProjects,
      'render.render_jobs': jobs,
      'render.render_job_events': jobs * PER_JOB.events,
      'render.frame_jobs': jobs * PER_JOB.frameJobs,
      'render.frame_repair_jobs': jobs * PER_JOB.repairs,
      'identity.payments': jobs * PER_JOB.payments,
      'identity.wallet_transactions': jobs * PER_JOB.walletTransactions,
      'file_mgr.files': jobs * PER_JOB.exports + t.uploads,
      'render.exports': jobs * PER_JOB.exports,
      'notification.telegram_links': t.users * 0.104,
      'notification.notifications': jobs * PER_JOB.notifications + t.notices,
      'notification.notification_deliveries': (jobs * PER_JOB.notifications + t.notices) * PER_JOB.deliveries,
      'identity.tenant_api_request_logs': t.requestLogs + jobs * PER_JOB.requestLogs * windowShare * 3,
      'identity.tenant_usage_daily': days,
    };
  };
  const total: Record<string, number> = { 'render.nodes': nodes.length };
  const shardEstimates: number[] = [];
  for (const t of tenants) {
    let sum = 0;
    for (const [table, n] of Object.entries(perTenant(t))) {
      total[table] = (total[table] ?? 0) + n;
      sum += n;
    }
    shardEstimates.push(sum);
  }
  total['render.node_health_logs'] = nodes.reduce((s, n) => s + n.healthLogs, 0);
  total['render.node_crashes'] = nodes.reduce((s, n) => s + n.story.crashes.length, 0);
  for (const table of Object.keys(total)) total[table] = Math.round(total[table]!);
  return { total, shardEstimates };
}

/**
 * Plans a load. `scale` 1 is ≈ 170k rows, 10 ≈ 1.3M; fractions give smaller data sets (tests
 * use ~0.03).
 *
 * @example
 * const plan = planLoad({ seed: 1, scale: 1, nowMs: Date.parse('2026-06-01T00:00:00Z') });
 * plan.tenants.length; // 16
 */
export function planLoad(options: {
  seed: number;
  scale: number;
  nowMs: number;
  idOffsets?: IdOffsets;
}): LoadPlan {
  const { seed, scale, nowMs } = options;
  if (!(scale > 0 && Number.isFinite(scale)))
    throw new Error(`scale must be a positive number, got ${scale}`);
  const offsets = options.idOffsets ?? { events: 0, requestLogs: 0, healthLogs: 0 };
  const tenants = tenantPlans(seed, scale, nowMs, offsets);
  const nodes = nodePlans(seed, scale, nowMs, offsets);
  const { total, shardEstimates } = estimateRows(tenants, nodes, nowMs);
  const shards: ShardPlan[] = [
    ...tenants.map((t, i) => ({ kind: 'tenant' as const, ordinal: t.ordinal, estimate: shardEstimates[i]! })),
    ...nodes.map((n) => ({
      kind: 'node' as const,
      ordinal: n.ordinal,
      estimate: n.healthLogs + n.story.crashes.length,
    })),
  ];
  const firstHealth = Math.min(...nodes.map((n) => n.story.createdAt));
  const firstRequest = Math.min(...tenants.map((t) => t.requestLogStart));
  const historyStart = nowMs - HISTORY_DAYS * DAY;
  return {
    seed,
    scale,
    nowMs,
    tenants,
    nodes,
    shards,
    months: {
      requestLogs: monthsBetween(firstRequest, nowMs),
      healthLogs: monthsBetween(firstHealth, nowMs),
    },
    estimate: total,
    estimatedTotal: Object.values(total).reduce((a, b) => a + b, 0),
    clocks: {
      people: new ActivityClock(historyStart, nowMs, 'people'),
      api: new ActivityClock(historyStart, nowMs, 'api'),
    },
  };
}

/**
 * Splits the shards over `workers` (longest first, each to the least loaded worker). Only the
 * speed depends on this: a shard's rows are the same whichever worker makes them. `shards`
 * defaults to the whole plan (a sharded load passes its slice).
 */
export function assignShards(
  plan: LoadPlan,
  workers: number,
  shards: readonly ShardPlan[] = plan.shards,
): ShardPlan[][] {
  return spreadShards(shards, workers).filter((group) => group.length > 0);
}

/**
 * The `index`-th (1-based) of `count` disjoint slices of the plan's shards (whole tenants, whole
 * render nodes), balanced by their estimated rows: what `--shard index/count` loads. The slices
 * together are the whole plan; a slice may be empty when there are more slices than shards.
 *
 * @example
 * const mine = sliceShards(plan, 2, 3); // the second of three processes' tenants and nodes
 */
export function sliceShards(plan: LoadPlan, index: number, count: number): ShardPlan[] {
  if (!(Number.isInteger(count) && count >= 1 && Number.isInteger(index) && index >= 1 && index <= count))
    throw new Error(`shard ${index}/${count}: the index must be a whole number from 1 to the count`);
  return spreadShards(plan.shards, count)[index - 1]!;
}

/** Longest first, each to the least loaded bin (the first of equals); bins keep plan order inside. */
function spreadShards(shards: readonly ShardPlan[], bins: number): ShardPlan[][] {
  const out = Array.from({ length: Math.max(1, bins) }, () => ({ load: 0, shards: [] as ShardPlan[] }));
  const order = [...shards].sort((a, b) => b.estimate - a.estimate);
  for (const shard of order) {
    let best = out[0]!;
    for (const bin of out) if (bin.load < best.load) best = bin;
    best.shards.push(shard);
    best.load += shard.estimate;
  }
  // Plan order inside a bin: parents before children holds per table anyway; this keeps runs tidy.
  return out.map((bin) =>
    bin.shards.sort((a, b) => (a.kind === b.kind ? a.ordinal - b.ordinal : a.kind === 'tenant' ? -1 : 1)),
  );
}
