import type { Random } from '../../domain/random.js';
import { type JobPlan, jobSchedule, STEPS, type Step } from '../../domain/render-job.js';
import { SeedError } from '../../errors.js';
import type {
  RenderRenderJobStatus,
  RenderRenderStep,
  RenderVideoQuality,
} from '../../schema/generated/tables.js';
import type { RunState } from '../core/factory.js';

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

export function chunkCount(job: Pick<JobLike, 'total_frames' | 'chunk_size'>): number {
  return Math.ceil(job.total_frames / Math.max(1, job.chunk_size));
}

/** When the job stopped (or the reference time while it still runs). */
export function jobEnd(job: JobLike, now: Date): Date {
  return toDate(job.completed_at) ?? toDate(job.failed_at) ?? toDate(job.cancelled_at) ?? now;
}

/** The plans of the render jobs this run made, by job id: their children follow the same schedule. */
export function jobPlans(run: RunState): Map<string, JobPlan> {
  return run.memo<JobPlan>('render-job-plan');
}

/**
 * When the job entered `step`: from its plan when this run made it, else spread between its own
 * start and end times (a job made elsewhere, `f.use(job)`).
 */
export function stepTime(run: RunState, job: JobLike, step: Step, now: Date): Date {
  const plan = jobPlans(run).get(job.id);
  const queued = toDate(job.queued_at) ?? now;
  if (plan) {
    const steps = jobSchedule(plan).steps;
    const found =
      steps.find(([s]) => s === step) ??
      steps.filter(([s]) => STEPS.indexOf(s) <= STEPS.indexOf(step)).at(-1);
    return clampToNow(new Date(found?.[1] ?? queued.getTime()), now);
  }
  const started = toDate(job.started_at);
  if (step === 'Queued' || !started) return queued;
  const end = jobEnd(job, now);
  const share = STEPS.indexOf(step) / (STEPS.length - 1);
  return new Date(started.getTime() + (end.getTime() - started.getTime()) * share);
}

/** "n within the job": the k-th chunk, repair attempt, event or scene this run makes for one job. */
export function nextWithin(run: RunState, kind: string, job: { id: string }): number {
  return run.within(kind, job.id);
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

/** The run's marker while an export creates the job it belongs to (that job must not make its own export). */
export const exportMaking = (jobId: string): string => `export-making:${jobId}`;
