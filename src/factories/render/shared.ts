import { AsyncLocalStorage } from 'node:async_hooks';
import type { Random } from '../../domain/random.js';
import { SeedError } from '../../errors.js';
import type {
  RenderRenderJobStatus,
  RenderRenderStep,
  RenderVideoQuality,
} from '../../schema/generated/tables.js';

/** What every render child reads of its job, whether the job was inserted (strings for NUMERIC) or only built. */
export interface JobLike {
  readonly id: string;
  readonly tenant_id: string;
  readonly user_id: string;
  readonly project_id: string;
  readonly saved_project_id?: string | null;
  readonly status: RenderRenderJobStatus;
  readonly step: RenderRenderStep;
  readonly quality: RenderVideoQuality;
  readonly width: number;
  readonly height: number;
  readonly fps: number | string;
  readonly duration_sec: number | string;
  readonly total_frames: number;
  readonly frames_done: number;
  readonly chunk_size: number;
  readonly active_nodes?: number;
  readonly template_md5?: string | null;
  readonly config?: unknown;
  readonly queued_at: Date | string;
  readonly started_at?: Date | string | null;
  readonly completed_at?: Date | string | null;
  readonly failed_at?: Date | string | null;
  readonly cancelled_at?: Date | string | null;
}

/** NUMERIC and BIGINT columns come back from pg as strings. */
export function num(value: unknown, fallback = 0): number {
  const parsed = typeof value === 'number' ? value : Number(value);
  return value === null || value === undefined || !Number.isFinite(parsed) ? fallback : parsed;
}

export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(String(value));
}

export function clampToNow(date: Date, now: Date): Date {
  return date > now ? new Date(now.getTime()) : date;
}

export const round2 = (x: number): number => Math.round(x * 100) / 100;
export const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** `date` plus a random number of seconds in [min, max], drawn from `rng` (for hooks, which get no `after`). */
export function later(rng: Random, date: Date, minSeconds: number, maxSeconds: number): Date {
  return new Date(date.getTime() + (minSeconds + rng.next() * (maxSeconds - minSeconds)) * 1000);
}

/** The pipeline in order; a job's step only moves forward. */
export const STEPS: readonly RenderRenderStep[] = [
  'Queued',
  'Preparing',
  'Rendering',
  'Validating',
  'Repairing',
  'Encoding',
  'Uploading',
  'Done',
];

/** Progress (0–100) a job shows in each step: rendering the frames is 5–85 %, the rest is fixed stages. */
export const STEP_PROGRESS: Readonly<Record<RenderRenderStep, readonly [number, number]>> = {
  Queued: [0, 0],
  Preparing: [1, 4],
  Rendering: [5, 84],
  Validating: [85, 87],
  Repairing: [88, 89],
  Encoding: [90, 94],
  Uploading: [95, 99],
  Done: [100, 100],
};

/** Share of a job's wall time (started → ended) at which it enters each step. */
export const STEP_AT: Readonly<Record<RenderRenderStep, number>> = {
  Queued: 0,
  Preparing: 0,
  Rendering: 0.04,
  Validating: 0.8,
  Repairing: 0.84,
  Encoding: 0.87,
  Uploading: 0.95,
  Done: 1,
};

/** The progress a rendering job shows once `framesDone` of `total` frames are rendered. */
export function renderingProgress(framesDone: number, total: number): number {
  return 5 + Math.floor((80 * framesDone) / Math.max(1, total));
}

/** True once the job has rendered every frame (Validating and later). */
export function pastRendering(step: RenderRenderStep): boolean {
  return STEPS.indexOf(step) >= STEPS.indexOf('Validating');
}

export function chunkCount(job: Pick<JobLike, 'total_frames' | 'chunk_size'>): number {
  return Math.ceil(job.total_frames / Math.max(1, job.chunk_size));
}

/** When the job stopped (or the reference time while it still runs). */
export function jobEnd(job: JobLike, now: Date): Date {
  return toDate(job.completed_at) ?? toDate(job.failed_at) ?? toDate(job.cancelled_at) ?? now;
}

/** When the job entered `step`, on its own timeline. */
export function stepTime(job: JobLike, step: RenderRenderStep, now: Date): Date {
  const queued = toDate(job.queued_at) ?? now;
  const started = toDate(job.started_at);
  if (step === 'Queued' || !started) return queued;
  const end = jobEnd(job, now);
  return new Date(started.getTime() + (end.getTime() - started.getTime()) * STEP_AT[step]);
}

/** Short side in pixels of each render quality. */
const SHORT_SIDE: Readonly<Record<RenderVideoQuality, number>> = {
  Sd480: 480,
  Hd720: 720,
  FullHd1080: 1080,
  Qhd1440: 1440,
  Uhd2160: 2160,
};

/** The output size of a template at a quality: the template's aspect ratio, the quality's short side, even sides. */
export function frameSize(
  quality: RenderVideoQuality,
  baseWidth: number,
  baseHeight: number,
): { width: number; height: number } {
  const scale = SHORT_SIDE[quality] / Math.max(1, Math.min(baseWidth, baseHeight));
  const even = (x: number) => Math.max(2, Math.round((x * scale) / 2) * 2);
  return { width: even(baseWidth), height: even(baseHeight) };
}

/** Render-node seconds per frame at each quality (an RTX-class GPU, typical motion-graphics templates). */
export const SECONDS_PER_FRAME: Readonly<Record<RenderVideoQuality, number>> = {
  Sd480: 0.35,
  Hd720: 0.7,
  FullHd1080: 1.3,
  Qhd1440: 2.2,
  Uhd2160: 3.8,
};

/** Typical H.264 bitrate (Mbit/s) of an export at each quality. */
export const BITRATE_MBPS: Readonly<Record<RenderVideoQuality, number>> = {
  Sd480: 2.5,
  Hd720: 5,
  FullHd1080: 8,
  Qhd1440: 16,
  Uhd2160: 35,
};

export const QUALITY_WEIGHTS: readonly (readonly [RenderVideoQuality, number])[] = [
  ['Sd480', 5],
  ['Hd720', 35],
  ['FullHd1080', 45],
  ['Qhd1440', 10],
  ['Uhd2160', 5],
];

/**
 * "n within the job": the k-th chunk, repair attempt, event or scene a seeding run makes for one job.
 * Keyed by the job row object the context hands out as the parent, so it needs no database and
 * restarts with every run (each run has its own row objects).
 */
const counters = new Map<string, WeakMap<object, number>>();

export function nextWithin(kind: string, job: object): number {
  let byJob = counters.get(kind);
  if (!byJob) {
    byJob = new WeakMap();
    counters.set(kind, byJob);
  }
  const next = byJob.get(job) ?? 0;
  byJob.set(job, next + 1);
  return next;
}

/** The parent job of a child row; a different render_job_id in the overrides cannot be followed offline. */
export function jobOf(
  table: string,
  overrides: Readonly<{ render_job_id?: string | null }>,
  job: JobLike,
): JobLike {
  if (overrides.render_job_id && overrides.render_job_id !== job.id) {
    throw new SeedError(
      'E_JOB_NOT_CURRENT',
      `${table} was given render_job_id ${overrides.render_job_id}, but the frame range, steps and times of its row follow the context's current render job ${job.id}.`,
      { fix: 'Make that job the current one instead: f.use(job).<factory>.create().' },
    );
  }
  return job;
}

/**
 * Set while the export factory creates the completed job its export belongs to: that job must not
 * make an export of its own (render.exports.render_job_id is UNIQUE). Holds the new job's id.
 */
export const exportInProgress = new AsyncLocalStorage<string>();
