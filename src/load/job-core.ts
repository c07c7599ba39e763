import type { Rng } from '../domain/random.js';
import { type ProjectCore, savedProjectBefore, userBefore } from './catalogue.js';
import { clamp, logNormal, skewedIndex } from './draw.js';
import { uuid } from './fast-format.js';
import { growthTime } from './load-plan.js';
import type { TenantContext } from './tenant-context.js';
import {
  BYTES_PER_SECOND,
  QUALITY_MULTIPLIER,
  RENDER_FAILURES,
  SECONDS_PER_FRAME,
  VIDEO_QUALITIES,
} from './vocabulary.js';

export type JobStatus = 'Queued' | 'Running' | 'Completed' | 'Failed' | 'Cancelled';
export type Step =
  | 'Queued'
  | 'Preparing'
  | 'Rendering'
  | 'Validating'
  | 'Repairing'
  | 'Encoding'
  | 'Uploading'
  | 'Done';

/**
 * A render job as its children need it: ids, who and what, its schedule (when each step began)
 * and outcome. Jobs are not kept: every table that hangs off a job recomputes its core from the
 * job's own stream, which costs ~2 µs and keeps memory independent of the number of jobs.
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
  readonly status: JobStatus;
  /** The step the job is in (or ended in). */
  readonly step: Step;
  readonly failure: (typeof RENDER_FAILURES)[number] | null;
  readonly cancelledBeforeStart: boolean;
  readonly quality: string;
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  readonly durationMs: number;
  readonly totalFrames: number;
  readonly chunkSize: number;
  readonly chunks: number;
  /** Chunks rendered to the end (frame jobs Done). */
  readonly doneChunks: number;
  readonly framesDone: number;
  readonly progress: number;
  /** Compute seconds per frame on one node. */
  readonly secondsPerFrame: number;
  readonly computeSeconds: number;
  readonly billableSeconds: number;
  readonly costMinor: number;
  readonly refundMinor: number;
  readonly queuedAt: number;
  readonly startedAt: number | null;
  /** When the job completed, failed or was cancelled; null while queued or running. */
  readonly endedAt: number | null;
  /** Step transitions that happened by now: [step entered, at]. */
  readonly transitions: readonly (readonly [Step, number])[];
  readonly renderStart: number | null;
  readonly renderEnd: number | null;
  readonly nodeOrdinals: readonly number[];
  readonly repaired: boolean;
  readonly retryOf: string | null;
  readonly attempt: number;
  /** Asks for a retry job right after this one (a retriable failure). */
  readonly wantsRetry: boolean;
  /** Export size in bytes (completed jobs). */
  readonly outputBytes: number;
}

const CHUNK_SIZES = [120, 150, 180, 240, 300];
const SHORT_SIDE: Record<string, number> = {
  Sd480: 480,
  Hd720: 720,
  FullHd1080: 1080,
  Qhd1440: 1440,
  Uhd2160: 2160,
};
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

function dimensions(project: ProjectCore, quality: string): [number, number] {
  const short = SHORT_SIDE[quality] ?? 1080;
  const even = (n: number) => Math.round(n / 2) * 2;
  return project.aspectW >= project.aspectH
    ? [even((short * project.aspectW) / project.aspectH), short]
    : [short, even((short * project.aspectH) / project.aspectW)];
}

interface Choice {
  userIndex: number;
  savedIndex: number;
  project: ProjectCore;
  apiKeyIndex: number;
  source: JobCore['source'];
  quality: string;
  durationMs: number;
  fps: number;
}

/** Who renders what: from a saved project (studio), through the API, or by an admin/system. */
function choose(ctx: TenantContext, rng: Rng, queuedAt: number): Choice {
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
      fps: project.fps,
    };
  }
  const project = ctx.projects[skewedIndex(rng, ctx.projects.length, 1.8)]!;
  const api = source === 'ResellerApi';
  return {
    // API renders run under the reseller's own account half the time.
    userIndex: api && rng.bool(0.5) ? 0 : userBefore(rng, plan, tenant, queuedAt),
    savedIndex: -1,
    project,
    apiKeyIndex: api ? ctx.liveKeyBefore(rng, queuedAt) : -1,
    source: source === 'Web' ? 'Admin' : source,
    quality: rng.weighted(VIDEO_QUALITIES),
    durationMs: project.flexible
      ? Math.round((project.durationMs * rng.int(60, 160)) / 100)
      : project.durationMs,
    fps: project.fps,
  };
}

/** The last ~0.5% of a tenant's jobs arrive in the last 20 minutes: a live farm has a queue. */
const LIVE_SHARE = 0.005;
const LIVE_MS = 20 * 60_000;

/** When job `index` of `count` was queued: on the growth curve, the live tail packed before now. Rises with index. */
function queueTime(from: number, now: number, index: number, count: number, jitter: number): number {
  const live = Math.max(1, Math.round(count * LIVE_SHARE));
  const liveStart = now - LIVE_MS;
  if (index < count - live) return Math.floor(growthTime(from, liveStart, index, count - live, jitter));
  return Math.floor(liveStart + ((index - (count - live) + jitter) / live) * (LIVE_MS - 30_000));
}

/**
 * Builds a job core. `retryOf` makes it the retry of that job (same request, attempt 2, queued
 * after the failure); otherwise the job is the i-th of the tenant, queued on the growth curve.
 */
export function jobCore(ctx: TenantContext, key: string, index: number, retryOf?: JobCore): JobCore {
  const { plan, tenant } = ctx;
  const now = plan.nowMs;
  const rng = ctx.stream('render.render_jobs', key);
  const id = uuid(rng);
  const queuedAt = retryOf
    ? retryOf.endedAt! + rng.int(30, 1_800) * 1000
    : queueTime(tenant.activityStart, now, index, tenant.jobs, rng.next());
  const choice: Choice = retryOf
    ? {
        userIndex: retryOf.userIndex,
        savedIndex: retryOf.savedIndex,
        project: retryOf.project,
        apiKeyIndex: retryOf.apiKeyIndex,
        source: retryOf.source,
        quality: retryOf.quality,
        durationMs: retryOf.durationMs,
        fps: retryOf.fps,
      }
    : choose(ctx, rng, queuedAt);
  const { quality, fps, durationMs, project } = choice;
  const [width, height] = dimensions(project, quality);
  const totalFrames = Math.max(1, Math.round((durationMs / 1000) * fps));
  const chunkSize = rng.pick(CHUNK_SIZES);
  const chunks = Math.ceil(totalFrames / chunkSize);

  // What eventually happens to it, and its schedule; "now" then cuts the schedule.
  const outcome: JobStatus = rng.weighted(retryOf ? RETRY_OUTCOMES : OUTCOMES);
  const failure = outcome === 'Failed' ? rng.pick(RENDER_FAILURES) : null;
  const cancelledBeforeStart = outcome === 'Cancelled' && rng.bool(0.4);
  const age = now - queuedAt;
  // A busy farm: the last half hour's jobs wait longer.
  const wait = (age < 1_800_000 ? rng.int(30, 1_500) : rng.int(2, 90)) * 1000;
  const secondsPerFrame = SECONDS_PER_FRAME[quality]! * (0.7 + rng.next() * 0.9);
  const activeNodes = Math.min(chunks, rng.int(1, 4));
  const firstNode = rng.int(0, plan.nodes.length - 1);
  const nodeOrdinals = Array.from({ length: activeNodes }, (_, k) => (firstNode + k) % plan.nodes.length);
  const prepMs = rng.int(4, 40) * 1000;
  const renderMs = Math.round(((totalFrames * secondsPerFrame) / activeNodes) * 1150 + chunks * 800);
  const validateMs = rng.int(2, 8) * 1000;
  const repaired = outcome === 'Completed' && rng.bool(0.05);
  const repairMs = repaired ? rng.int(20, 120) * 1000 : 0;
  const encodeMs = Math.round(durationMs * (0.3 + rng.next() * 0.5)) + 3_000;
  const outputBytes = Math.round((durationMs / 1000) * BYTES_PER_SECOND[quality]! * (0.6 + rng.next() * 0.8));
  const uploadMs = Math.round(outputBytes / 20_000) + rng.int(1, 5) * 1000;

  const startedAt = queuedAt + wait;
  const schedule: [Step, number][] = [['Queued', queuedAt]];
  let endedAt: number | null = null;
  let endStep: Step = 'Done';
  let failFraction = 1;
  if (cancelledBeforeStart) {
    endedAt = queuedAt + Math.max(5_000, Math.round(wait * rng.next()));
    endStep = 'Queued';
  } else {
    let t = startedAt;
    const steps: [Step, number][] = [
      ['Preparing', prepMs],
      ['Rendering', renderMs],
      ['Validating', validateMs],
      ['Encoding', encodeMs],
      ['Uploading', uploadMs],
    ];
    if (repaired) steps.splice(3, 0, ['Repairing', repairMs]);
    const stopAt: Step | null =
      outcome === 'Failed' ? failure![2] : outcome === 'Cancelled' ? 'Rendering' : null;
    for (const [step, ms] of steps) {
      schedule.push([step, t]);
      if (step === stopAt) {
        failFraction = 0.1 + rng.next() * 0.8;
        endedAt = t + Math.round(ms * failFraction);
        endStep = step;
        break;
      }
      t += ms;
    }
    if (endedAt === null) {
      schedule.push(['Done', t]);
      endedAt = t;
    }
  }

  // Cut at now: the job may still be queued or running.
  let status: JobStatus;
  let transitions = schedule;
  let step: Step;
  if ((!cancelledBeforeStart && startedAt > now) || (cancelledBeforeStart && endedAt > now)) {
    status = 'Queued';
    transitions = schedule.slice(0, 1);
    step = 'Queued';
    endedAt = null;
  } else if (endedAt > now) {
    status = 'Running';
    transitions = schedule.filter(([, at]) => at <= now);
    step = transitions.at(-1)![0];
    endedAt = null;
  } else {
    status = outcome;
    step = outcome === 'Completed' ? 'Done' : endStep;
  }

  const renderStart = schedule.find(([s]) => s === 'Rendering')?.[1] ?? null;
  const renderEntered = renderStart !== null && renderStart <= now;
  const renderEnd = renderStart === null ? null : renderStart + renderMs;
  let doneChunks = 0;
  if (renderEntered) {
    if (status === 'Running' && step === 'Rendering') {
      doneChunks = Math.floor(chunks * clamp((now - renderStart!) / renderMs, 0, 0.99));
    } else if (step === 'Rendering' && (status === 'Failed' || status === 'Cancelled')) {
      doneChunks = Math.floor(chunks * failFraction);
    } else {
      doneChunks = chunks;
    }
  }
  const framesDone = Math.min(totalFrames, doneChunks * chunkSize);
  const progress =
    status === 'Completed'
      ? 100
      : step === 'Queued'
        ? 0
        : step === 'Preparing'
          ? 2
          : step === 'Rendering'
            ? 5 + Math.floor((85 * framesDone) / totalFrames)
            : step === 'Validating' || step === 'Repairing'
              ? 90
              : step === 'Encoding'
                ? 94
                : 98;
  const billableSeconds = Math.ceil((durationMs / 1000) * QUALITY_MULTIPLIER[quality]!);
  const costMinor = billableSeconds * ctx.core.pricePerSecond;
  const refunded = status === 'Failed' || status === 'Cancelled';
  const computeSeconds = Math.round(
    framesDone * secondsPerFrame + (status === 'Failed' ? rng.int(5, 60) : 0),
  );
  const wantsRetry =
    !retryOf &&
    status === 'Failed' &&
    failure![0] !== 'MISSING_FONT' &&
    rng.bool(0.5) &&
    endedAt! + 1_800_000 < now;
  return {
    key,
    id,
    userIndex: choice.userIndex,
    savedIndex: choice.savedIndex,
    project,
    apiKeyIndex: choice.apiKeyIndex,
    source: choice.source,
    quality,
    fps,
    durationMs,
    status,
    step,
    failure: status === 'Failed' ? failure : null,
    cancelledBeforeStart: status === 'Cancelled' && cancelledBeforeStart,
    width,
    height,
    totalFrames,
    chunkSize,
    chunks,
    doneChunks,
    framesDone,
    progress,
    secondsPerFrame,
    computeSeconds,
    billableSeconds,
    costMinor,
    refundMinor: refunded ? costMinor : 0,
    queuedAt,
    startedAt: status === 'Queued' || (status === 'Cancelled' && cancelledBeforeStart) ? null : startedAt,
    endedAt,
    transitions,
    renderStart: renderEntered ? renderStart : null,
    renderEnd: renderEntered ? renderEnd : null,
    nodeOrdinals,
    repaired: repaired && status === 'Completed',
    retryOf: retryOf?.id ?? null,
    attempt: retryOf ? retryOf.attempt + 1 : 1,
    wantsRetry,
    outputBytes,
  };
}

/** A size in bytes drawn around `median` (used for uploads). */
export function sizeAround(rng: Rng, median: number): number {
  return Math.max(1_024, Math.round(logNormal(rng, median, 0.9)));
}
