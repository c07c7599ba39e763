import { MINUTE, SECOND } from '../domain/calendar.js';
import { exportBytes, frameSize } from '../domain/media.js';
import {
  billableSeconds,
  type JobStatus,
  QUALITY_WEIGHTS,
  refundedSeconds,
  refundMinor,
  renderCost,
  SECONDS_MULTIPLIER,
  type VideoQuality,
} from '../domain/pricing.js';
import type { Rng } from '../domain/random.js';
import { stateAt } from '../domain/render-farm.js';
import { drawJobPlan, type JobPlan, type JobState, jobStateAt, type Outcome } from '../domain/render-job.js';
import { type ProjectCore, projectAt, savedProjectBefore, userBefore } from './catalogue.js';
import { uuid } from './fast-format.js';
import type { TenantScope } from './tenant-scope.js';

export type { JobStatus } from '../domain/pricing.js';
export type { Step } from '../domain/render-job.js';

/**
 * A render job as its children need it: who and what, its plan (domain/render-job.ts: drawn once)
 * and its state at the reference time (jobStateAt), and its price from the tenant's rate table
 * (domain/pricing.ts). Jobs are kept per shard batch: users' wallets, saved projects, request
 * logs and usage all read them.
 */
export interface JobCore {
  /** Stream key: `j<i>` for the i-th planned job, `r<i>` for the retry of job i. */
  readonly key: string;
  readonly id: string;
  readonly userIndex: number;
  readonly savedIndex: number;
  readonly project: ProjectCore;
  readonly apiKeyIndex: number;
  readonly source: 'Web' | 'ResellerApi' | 'Admin' | 'System';
  readonly quality: VideoQuality;
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  readonly durationMs: number;
  readonly plan: JobPlan;
  readonly state: JobState;
  readonly status: JobStatus;
  readonly queuedAt: number;
  /** When it completed, failed or was cancelled; null while queued or running. */
  readonly endedAt: number | null;
  readonly nodeOrdinals: readonly number[];
  readonly billableSeconds: number;
  readonly refundedSeconds: number;
  readonly costMinor: number;
  readonly refundMinor: number;
  readonly retryOf: string | null;
  readonly attempt: number;
  /** Asks for a retry job right after this one (a failure retrying can fix). */
  readonly wantsRetry: boolean;
  /** Export size in bytes (completed jobs). */
  readonly outputBytes: number;
  /** The id of the API request that created it (ResellerApi jobs), logged when inside the log window. */
  readonly requestId: string | null;
}

const CHUNK_SIZES = [120, 150, 180, 240, 300];
const SOURCES = [
  ['Web', 62],
  ['ResellerApi', 30],
  ['Admin', 3],
  ['System', 5],
] as const;
const OUTCOMES = [
  ['Completed', 86],
  ['Failed', 8],
  ['Cancelled', 6],
] as const;
const RETRY_OUTCOMES = [
  ['Completed', 85],
  ['Failed', 15],
] as const;
/** Frame chunks of one job render on at most this many nodes at once. */
const MAX_NODES = 4;

interface Choice {
  userIndex: number;
  savedIndex: number;
  project: ProjectCore;
  apiKeyIndex: number;
  source: JobCore['source'];
  quality: VideoQuality;
  durationMs: number;
}

/** Who renders what: from a saved project (studio), through the API, or by an admin/system. */
function choose(ctx: TenantScope, rng: Rng, queuedAt: number): Choice {
  const { plan, tenant } = ctx;
  const source = rng.weighted(SOURCES);
  const savedIndex = source === 'Web' ? savedProjectBefore(rng, plan, tenant, queuedAt) : -1;
  if (savedIndex >= 0) {
    const saved = ctx.savedProjects[savedIndex]!;
    const project = ctx.projects[saved.projectIndex]!;
    return {
      userIndex: saved.userIndex,
      savedIndex,
      project,
      apiKeyIndex: -1,
      source,
      quality: saved.quality,
      durationMs: project.flexible
        ? Math.round((project.durationMs * rng.int(60, 160)) / 100)
        : project.durationMs,
    };
  }
  const project = ctx.projects[projectAt(rng, ctx.occasionProjects, queuedAt)]!;
  const api = source === 'ResellerApi';
  return {
    // API renders run under the reseller's own account half the time.
    userIndex: api && rng.bool(0.5) ? 0 : userBefore(rng, plan, tenant, queuedAt),
    savedIndex: -1,
    project,
    apiKeyIndex: api ? ctx.liveKeyBefore(rng, queuedAt) : -1,
    source: source === 'Web' ? 'Admin' : source,
    quality: rng.weighted(QUALITY_WEIGHTS),
    durationMs: project.flexible
      ? Math.round((project.durationMs * rng.int(60, 160)) / 100)
      : project.durationMs,
  };
}

/** The last ~0.5% of a tenant's jobs arrive in the last 20 minutes: a live farm has a queue. */
const LIVE_SHARE = 0.005;
const LIVE_MS = 20 * MINUTE;

/** When job `index` of `count` was queued: by the activity clock, the live tail just before now. Rises with index. */
function queueTime(ctx: TenantScope, index: number, count: number, jitter: number): number {
  const now = ctx.plan.nowMs;
  const live = Math.max(1, Math.round(count * LIVE_SHARE));
  const liveStart = now - LIVE_MS;
  const clock = ctx.plan.clocks.people;
  if (index < count - live)
    return clock.nth(index, count - live, jitter, ctx.tenant.activityStart, liveStart);
  return clock.nth(index - (count - live), live, jitter, liveStart, now - 30 * SECOND);
}

/** Nodes that were up when the job's frames started (any existing node if none was). */
function nodesFor(ctx: TenantScope, rng: Rng, at: number, count: number): number[] {
  const nodes = ctx.plan.nodes;
  const first = rng.int(0, nodes.length - 1);
  const up: number[] = [];
  const existing: number[] = [];
  for (let k = 0; k < nodes.length && up.length < count; k++) {
    const ordinal = (first + k) % nodes.length;
    const story = nodes[ordinal]!.story;
    if (story.createdAt > at || at > story.lastHeartbeatAt) continue;
    existing.push(ordinal);
    if (stateAt(story, at) === 'Up') up.push(ordinal);
  }
  const pool = up.length > 0 ? up : existing.length > 0 ? existing : [first];
  return pool.slice(0, count);
}

/**
 * Builds a job core. `retryOf` makes it the retry of that job (same request, attempt 2, queued
 * after the failure); otherwise the job is the i-th of the tenant, queued by the activity clock.
 */
export function jobCore(ctx: TenantScope, key: string, index: number, retryOf?: JobCore): JobCore {
  const { plan, tenant } = ctx;
  const now = plan.nowMs;
  const rng = ctx.stream('render.render_jobs', key);
  const id = uuid(rng);
  const requestId = uuid(rng);
  const queuedAt = retryOf
    ? retryOf.endedAt! + rng.int(30, 1_800) * SECOND
    : queueTime(ctx, index, tenant.jobs, rng.next());
  const choice: Choice = retryOf
    ? {
        userIndex: retryOf.userIndex,
        savedIndex: retryOf.savedIndex,
        project: retryOf.project,
        apiKeyIndex: retryOf.apiKeyIndex,
        source: retryOf.source,
        quality: retryOf.quality,
        durationMs: retryOf.durationMs,
      }
    : choose(ctx, rng, queuedAt);
  const { quality, durationMs, project } = choice;
  const { width, height } = frameSize(quality, project.aspectW, project.aspectH);
  const outcome: Outcome = rng.weighted(retryOf ? RETRY_OUTCOMES : OUTCOMES);
  // A busy farm: the last half hour's jobs wait longer.
  const waitSeconds = now - queuedAt < 30 * MINUTE ? rng.int(30, 1_500) : rng.int(2, 90);
  const jobPlan = drawJobPlan(rng, {
    quality,
    durationSec: durationMs / 1000,
    fps: project.fps,
    queuedAt,
    chunkSize: rng.pick(CHUNK_SIZES),
    outcome,
    maxNodes: MAX_NODES,
    waitSeconds,
  });
  const state = jobStateAt(jobPlan, now);
  const nodeOrdinals = nodesFor(ctx, rng, state.renderStart ?? queuedAt, jobPlan.activeNodes);
  const billable = billableSeconds(durationMs / 1000, SECONDS_MULTIPLIER[quality]);
  const price = ctx.core.pricePerSecond;
  const status = state.status;
  const refunded = refundedSeconds(status, billable, state.framesDone, jobPlan.totalFrames);
  const wantsRetry =
    !retryOf &&
    status === 'Failed' &&
    !jobPlan.failure!.permanent &&
    rng.bool(0.5) &&
    state.endedAt! + 30 * MINUTE < now;
  return {
    key,
    id,
    userIndex: choice.userIndex,
    savedIndex: choice.savedIndex,
    project,
    apiKeyIndex: choice.apiKeyIndex,
    source: choice.source,
    quality,
    width,
    height,
    fps: project.fps,
    durationMs,
    plan: jobPlan,
    state,
    status,
    queuedAt,
    endedAt: state.endedAt,
    nodeOrdinals,
    billableSeconds: billable,
    refundedSeconds: refunded,
    costMinor: renderCost(billable, price),
    refundMinor: refundMinor(status, billable, state.framesDone, jobPlan.totalFrames, price),
    retryOf: retryOf?.id ?? null,
    attempt: retryOf ? retryOf.attempt + 1 : 1,
    wantsRetry,
    outputBytes: exportBytes(quality, durationMs / 1000, 0.6 + rng.next() * 0.8),
    requestId: choice.source === 'ResellerApi' ? requestId : null,
  };
}
