import { MINUTE, SECOND } from './calendar.js';
import { SECONDS_PER_FRAME } from './media.js';
import type { JobStatus, VideoQuality } from './pricing.js';
import type { Random } from './random.js';

/**
 * A render job's life: the steps of the pipeline, the progress each step shows, why jobs fail or
 * are cancelled, and the schedule of one job from queue to end. Both engines make a job by
 * drawing its plan (drawJobPlan) and reading its state at the reference time (jobStateAt); the
 * factories can also anchor a plan so that the job is in a given status at that time.
 */

export type Step =
  | 'Queued'
  | 'Preparing'
  | 'Rendering'
  | 'Validating'
  | 'Repairing'
  | 'Encoding'
  | 'Uploading'
  | 'Done';

/** The pipeline in order; a job's step only moves forward. Repairing only when frames needed it. */
export const STEPS: readonly Step[] = [
  'Queued',
  'Preparing',
  'Rendering',
  'Validating',
  'Repairing',
  'Encoding',
  'Uploading',
  'Done',
];

/** The progress (0–100) a job shows in each step, from entering it to leaving it. */
export const STEP_PROGRESS: Readonly<Record<Step, readonly [low: number, high: number]>> = {
  Queued: [0, 0],
  Preparing: [1, 4],
  Rendering: [5, 84],
  Validating: [85, 87],
  Repairing: [88, 89],
  Encoding: [90, 94],
  Uploading: [95, 99],
  Done: [100, 100],
};

/** The progress a job shows `fraction` of the way through a step other than Rendering. */
export function stepProgress(step: Step, fraction: number): number {
  const [low, high] = STEP_PROGRESS[step];
  return low + Math.floor((high - low + 1) * Math.min(0.999, Math.max(0, fraction)));
}

/** The progress of a job rendering its frames: 5 % plus 80 % of the frames' share, below 85. */
export function renderingProgress(framesDone: number, totalFrames: number): number {
  return Math.min(84, 5 + Math.floor((80 * framesDone) / Math.max(1, totalFrames)));
}

/** True once every frame is rendered (Validating and later). */
export function pastRendering(step: Step): boolean {
  return STEPS.indexOf(step) >= STEPS.indexOf('Validating');
}

/** What the WebSocket `step_change` message says on entering each step. */
export const STEP_MESSAGES: Readonly<Record<Step, string>> = {
  Queued: 'در صف رندر قرار گرفت',
  Preparing: 'دریافت قالب و آماده‌سازی نود',
  Rendering: 'رندر فریم‌ها آغاز شد',
  Validating: 'بررسی سلامت فریم‌ها',
  Repairing: 'ترمیم فریم‌های خراب',
  Encoding: 'ساخت ویدیوی نهایی',
  Uploading: 'بارگذاری خروجی',
  Done: 'رندر با موفقیت به پایان رسید',
};

/** Why a render fails: its `error_code`, the message the user reads, and the step it fails in. */
export interface Failure {
  readonly code: string;
  readonly message: string;
  readonly step: Step;
  readonly weight: number;
  /** Retrying cannot help (the template itself is at fault). */
  readonly permanent: boolean;
}

export const FAILURES: readonly Failure[] = [
  {
    code: 'TEMPLATE_FETCH_FAILED',
    message: 'دریافت فایل قالب از مخزن ناموفق بود (AEP bundle download timed out)',
    step: 'Preparing',
    weight: 8,
    permanent: false,
  },
  {
    code: 'MISSING_FONT',
    message: 'فونت انتخاب‌شده روی سرور رندر پیدا نشد',
    step: 'Preparing',
    weight: 8,
    permanent: true,
  },
  {
    code: 'MEDIA_DOWNLOAD_FAILED',
    message: 'دانلود فایل‌های رسانه‌ای کاربر ناموفق بود',
    step: 'Preparing',
    weight: 7,
    permanent: false,
  },
  {
    code: 'AE_CRASH_LIMIT',
    message: 'افترافکت روی سه نود پشت سر هم از کار افتاد (aerender crashed 3 times)',
    step: 'Rendering',
    weight: 22,
    permanent: false,
  },
  {
    code: 'AE_TIMEOUT',
    message: 'رندر بیش از زمان مجاز طول کشید',
    step: 'Rendering',
    weight: 10,
    permanent: false,
  },
  {
    code: 'OUT_OF_MEMORY',
    message: 'حافظه سرور رندر برای این قالب کافی نبود',
    step: 'Rendering',
    weight: 8,
    permanent: false,
  },
  {
    code: 'FRAME_VALIDATION_FAILED',
    message: 'بررسی فریم‌ها ناموفق بود: فهرست فریم‌ها ناقص است',
    step: 'Validating',
    weight: 6,
    permanent: false,
  },
  {
    code: 'FRAME_REPAIR_EXHAUSTED',
    message: 'ترمیم فریم‌های خراب پس از ۳ تلاش ناموفق بود',
    step: 'Repairing',
    weight: 9,
    permanent: false,
  },
  {
    code: 'ENCODE_FAILED',
    message: 'ساخت ویدیوی نهایی با خطا روبه‌رو شد (ffmpeg exited with code 1)',
    step: 'Encoding',
    weight: 12,
    permanent: false,
  },
  {
    code: 'UPLOAD_FAILED',
    message: 'بارگذاری خروجی در فضای ذخیره‌سازی ناموفق بود',
    step: 'Uploading',
    weight: 10,
    permanent: false,
  },
];

export const FAILURE_BY_CODE: ReadonlyMap<string, Failure> = new Map(FAILURES.map((f) => [f.code, f]));

/** A failure that happens in `step` (the most common one there). */
export function failureIn(step: Step): Failure {
  return (
    [...FAILURES].filter((f) => f.step === step).sort((a, b) => b.weight - a.weight)[0] ??
    FAILURE_BY_CODE.get('AE_CRASH_LIMIT')!
  );
}

/** Days an export stays downloadable after its job completes (then it Expires and is cleaned up). */
export const EXPORT_RETENTION_DAYS = 30;

/** Why users cancel renders (shown in the job's history). */
export const CANCEL_REASONS = [
  'کاربر از ادامه رندر منصرف شد',
  'متن اشتباه بود؛ پس از ویرایش دوباره رندر می‌شود',
  'کیفیت خروجی اشتباه انتخاب شده بود',
  'ارسال تکراری',
  'لغو به درخواست مشتری از طرف پشتیبانی',
] as const;

/** Why a chunk of frames failed on a node before it was reassigned. */
export const CHUNK_ERRORS = [
  'aerender exited with code 3221225477',
  'aerender exited with code -1073741819',
  'frame 0 missing after render',
  'node heartbeat lost',
  'disk full while writing frames',
] as const;

/** How each ended job came out, before any cut at the reference time. */
export type Outcome = 'Completed' | 'Failed' | 'Cancelled';

/** Everything random about one job's run, drawn once; its state at any time follows from it. */
export interface JobPlan {
  readonly queuedAt: number;
  readonly totalFrames: number;
  readonly chunkSize: number;
  readonly chunks: number;
  readonly outcome: Outcome;
  readonly failure: Failure | null;
  readonly cancelledBeforeStart: boolean;
  /** Some frames came out broken and were re-rendered (a Repairing step and a frame repair job). */
  readonly repaired: boolean;
  readonly secondsPerFrame: number;
  readonly activeNodes: number;
  readonly waitMs: number;
  /** How long each step takes (Rendering: all chunks over the job's nodes). */
  readonly stepMs: Readonly<
    Record<'Preparing' | 'Rendering' | 'Validating' | 'Repairing' | 'Encoding' | 'Uploading', number>
  >;
  /** How far into its last step a failed or cancelled job got. */
  readonly stopFraction: number;
}

export interface DrawJobOptions {
  readonly quality: VideoQuality;
  readonly durationSec: number;
  readonly fps: number;
  readonly queuedAt: number;
  readonly chunkSize: number;
  readonly outcome: Outcome;
  /** The failure of a Failed job (drawn when absent). */
  readonly failure?: Failure | null;
  /** Cancelled before a node picked it up (drawn when absent). */
  readonly cancelledBeforeStart?: boolean;
  /** Chunks rendered in parallel at most (farm size, plan's concurrency). */
  readonly maxNodes?: number;
  readonly totalFrames?: number;
  /** Seconds a job waits in the queue before a node takes it (drawn when absent). */
  readonly waitSeconds?: number;
}

/** Draws a job's plan from its stream. */
export function drawJobPlan(rng: Random, o: DrawJobOptions): JobPlan {
  const totalFrames = o.totalFrames ?? Math.max(1, Math.round(o.durationSec * o.fps));
  const chunkSize = Math.max(1, o.chunkSize);
  const chunks = Math.ceil(totalFrames / chunkSize);
  const failure =
    o.outcome === 'Failed' ? (o.failure ?? rng.weighted(FAILURES.map((f) => [f, f.weight] as const))) : null;
  const cancelledBeforeStart = o.outcome === 'Cancelled' && (o.cancelledBeforeStart ?? rng.bool(0.4));
  // A repair happens to 5 % of jobs; a job that failed repairing needed one by definition.
  const repaired = failure?.step === 'Repairing' || (o.outcome !== 'Failed' && rng.bool(0.05));
  const secondsPerFrame = SECONDS_PER_FRAME[o.quality] * (0.7 + rng.next() * 0.9);
  const activeNodes = Math.max(1, Math.min(chunks, rng.int(1, Math.max(1, o.maxNodes ?? 4))));
  const renderMs = Math.round(((totalFrames * secondsPerFrame) / activeNodes) * 1_150 + chunks * 800);
  const outputSeconds = o.durationSec;
  return {
    queuedAt: o.queuedAt,
    totalFrames,
    chunkSize,
    chunks,
    outcome: o.outcome,
    failure,
    cancelledBeforeStart,
    repaired,
    secondsPerFrame,
    activeNodes,
    waitMs: (o.waitSeconds ?? rng.int(2, 90)) * SECOND,
    stepMs: {
      Preparing: rng.int(4, 40) * SECOND,
      Rendering: renderMs,
      Validating: rng.int(2, 8) * SECOND,
      Repairing: repaired ? rng.int(20, 120) * SECOND : 0,
      Encoding: Math.round(outputSeconds * (300 + rng.next() * 500)) + 3 * SECOND,
      Uploading: rng.int(2, 25) * SECOND,
    },
    stopFraction: 0.1 + rng.next() * 0.8,
  };
}

/** The step a failed or cancelled job stops in (cancelled jobs stop while rendering or queued). */
function stopStep(plan: JobPlan): Step | null {
  if (plan.outcome === 'Failed') return plan.failure!.step;
  if (plan.outcome === 'Cancelled') return plan.cancelledBeforeStart ? 'Queued' : 'Rendering';
  return null;
}

/** When each step of the plan begins, and when the job ends, had nothing stopped it. */
export function jobSchedule(plan: JobPlan): { steps: [Step, number][]; endedAt: number; endStep: Step } {
  const steps: [Step, number][] = [['Queued', plan.queuedAt]];
  const stop = stopStep(plan);
  if (stop === 'Queued') {
    return {
      steps,
      endedAt: plan.queuedAt + Math.max(5 * SECOND, Math.round(plan.waitMs * plan.stopFraction)),
      endStep: 'Queued',
    };
  }
  let t = plan.queuedAt + plan.waitMs;
  for (const step of [
    'Preparing',
    'Rendering',
    'Validating',
    'Repairing',
    'Encoding',
    'Uploading',
  ] as const) {
    if (step === 'Repairing' && !plan.repaired) continue;
    steps.push([step, t]);
    if (step === stop)
      return { steps, endedAt: t + Math.round(plan.stepMs[step] * plan.stopFraction), endStep: step };
    t += plan.stepMs[step];
  }
  steps.push(['Done', t]);
  return { steps, endedAt: t, endStep: 'Done' };
}

/** The total time from queue to end. */
export function jobSpan(plan: JobPlan): number {
  return jobSchedule(plan).endedAt - plan.queuedAt;
}

/** A job as it stands at a moment: what the render_jobs row and its children show. */
export interface JobState {
  readonly status: JobStatus;
  readonly step: Step;
  /** The step transitions that happened by then: [step entered, at]. */
  readonly transitions: readonly (readonly [Step, number])[];
  readonly startedAt: number | null;
  /** When it completed, failed or was cancelled; null while queued or running. */
  readonly endedAt: number | null;
  readonly doneChunks: number;
  readonly framesDone: number;
  readonly progress: number;
  readonly computeSeconds: number;
  /** When frames began and would stop rendering (null if it never reached Rendering). */
  readonly renderStart: number | null;
  readonly renderEnd: number | null;
}

/** The state of a planned job at `now`: ended, running in some step, or still queued. */
export function jobStateAt(plan: JobPlan, now: number): JobState {
  const { steps, endedAt, endStep } = jobSchedule(plan);
  const transitions = steps.filter(([, at]) => at <= now);
  const ended = endedAt <= now;
  const started = transitions.length > 1;
  let status: JobStatus;
  let step: Step;
  if (ended) {
    status = plan.outcome;
    step = plan.outcome === 'Completed' ? 'Done' : endStep;
  } else {
    status = started ? 'Running' : 'Queued';
    step = transitions.at(-1)![0];
  }
  const stepStart = transitions.at(-1)![1];
  const nextStart = steps[transitions.length]?.[1] ?? endedAt;
  const until = ended ? endedAt : now;
  // How far through its current (or last) step the job is.
  const fraction = ended
    ? plan.outcome === 'Completed'
      ? 1
      : plan.stopFraction
    : nextStart > stepStart
      ? (until - stepStart) / (nextStart - stepStart)
      : 0;

  const renderStart = steps.find(([s]) => s === 'Rendering')?.[1] ?? null;
  const renderEnd = renderStart === null ? null : renderStart + plan.stepMs.Rendering;
  const rendering = step === 'Rendering';
  let doneChunks = 0;
  if (renderStart !== null && renderStart <= until) {
    doneChunks = rendering ? Math.floor(plan.chunks * Math.min(0.99, Math.max(0, fraction))) : plan.chunks;
  }
  const framesDone = Math.min(plan.totalFrames, doneChunks * plan.chunkSize);
  const progress =
    status === 'Completed'
      ? 100
      : rendering
        ? renderingProgress(framesDone, plan.totalFrames)
        : stepProgress(step, fraction);
  return {
    status,
    step,
    transitions,
    startedAt: started ? transitions[1]![1] : null,
    endedAt: ended ? endedAt : null,
    doneChunks,
    framesDone,
    progress,
    computeSeconds: Math.round(framesDone * plan.secondsPerFrame),
    renderStart: renderStart !== null && renderStart <= until ? renderStart : null,
    renderEnd: renderStart !== null && renderStart <= until ? renderEnd : null,
  };
}

/**
 * Moves a plan in time so that at `now` the job stands where a caller wants it: Queued (waiting
 * a moment), Running in `step` (part-way through it), or ended (its end before `now`, queued no
 * earlier than `earliest` when that allows). Returns the new queue time.
 */
export function anchorQueuedAt(
  plan: JobPlan,
  status: JobStatus,
  step: Step | null,
  now: number,
  rng: Random,
  latestQueue: number,
): number {
  const { steps, endedAt } = jobSchedule(plan);
  const offset = (at: number) => at - plan.queuedAt;
  if (status === 'Queued') return now - Math.floor(plan.waitMs * (0.05 + 0.9 * rng.next()));
  if (status === 'Running') {
    const wanted = step && step !== 'Queued' && step !== 'Done' ? step : 'Rendering';
    const index = steps.findIndex(([s]) => s === wanted);
    const at = index >= 0 ? steps[index]![1] : steps[1]![1];
    const next = index >= 0 ? (steps[index + 1]?.[1] ?? endedAt) : endedAt;
    return now - (offset(at) + Math.floor((next - at) * (0.1 + 0.8 * rng.next())));
  }
  // Ended: keep the drawn queue time unless the job would still be running at `now`.
  const span = offset(endedAt);
  return Math.min(latestQueue, now - span - rng.int(1, 30) * MINUTE);
}
