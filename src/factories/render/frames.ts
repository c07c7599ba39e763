import { SECONDS_PER_FRAME } from '../../domain/media.js';
import type { Random } from '../../domain/random.js';
import { pastRendering } from '../../domain/render-job.js';
import { SeedError } from '../../errors.js';
import type { RenderFrameJobStatus, RenderFrameRepairStatus } from '../../schema/generated/tables.js';
import { defineFactory } from '../core/factory.js';
import { chunkCount, clampToNow, type JobLike, jobOf, nextWithin, num, stepTime, toDate } from './shared.js';

/** Where a chunk stands given its job's status and how many frames the job has rendered. */
function chunkStatus(job: JobLike, start: number, end: number): RenderFrameJobStatus {
  const done = num(job.frames_done);
  switch (job.status) {
    case 'Completed':
      return 'Done';
    case 'Queued':
      return 'Pending';
    case 'Running':
      if (end < done || pastRendering(job.step)) return 'Done';
      if (job.step !== 'Rendering') return 'Pending';
      return start <= done + num(job.chunk_size, 30) * (Math.max(1, num(job.active_nodes, 1)) - 1)
        ? 'Rendering'
        : 'Pending';
    case 'Failed':
      if (end < done || pastRendering(job.step)) return 'Done';
      return job.step === 'Rendering' && start <= done ? 'Failed' : 'Cancelled';
    case 'Cancelled':
      return end < done ? 'Done' : 'Cancelled';
  }
}

/**
 * render.frame_jobs: chunk k of the current job (k counted per job, from 0), covering frames
 * k×chunk_size … min(k×chunk_size + chunk_size − 1, total_frames − 1); its status follows the job.
 */
export const frameJobFactory = defineFactory('render.frame_jobs', {
  parents: ['render.render_jobs', 'render.nodes'],
  defaults: ({ parent, overrides, run }) => {
    const job = jobOf('render.frame_jobs', overrides, parent('render.render_jobs'));
    const index = overrides.chunk_index ?? nextWithin(run, 'chunk', job);
    const start = index * num(job.chunk_size, 30);
    const end = Math.min(start + num(job.chunk_size, 30) - 1, job.total_frames - 1);
    return { render_job_id: job.id, chunk_index: index, attempt: 1, status: chunkStatus(job, start, end) };
  },
  finalize: (row, { parent, rng, now, run }) => {
    const job: JobLike = parent('render.render_jobs');
    const index = num(row.chunk_index);
    const size = num(job.chunk_size, 30);
    const chunks = chunkCount(job);
    if (index < 0 || index >= chunks) {
      throw new SeedError(
        'E_NO_SUCH_CHUNK',
        `Render job ${job.id} has ${job.total_frames} frames, i.e. ${chunks} chunks of ${size} (0–${chunks - 1}); chunk_index ${index} is outside them.`,
        {
          fix: 'Create each chunk of a job once (f.renderJob.transient({ withFrameJobs: true }) makes all of them), or make another job current first.',
        },
      );
    }
    const start = index * size;
    const end = Math.min(start + size - 1, job.total_frames - 1);
    const status = row.status as RenderFrameJobStatus;
    const began = toDate(job.started_at);
    const created = began ?? toDate(job.queued_at) ?? now;
    const range = { start_frame: start, end_frame: end };
    if (!['Assigned', 'Rendering', 'Done', 'Failed', 'Reassigned'].includes(status)) {
      return { ...range, node_id: null, created_at: created, updated_at: created };
    }
    // Chunks are handed out in order over the job's rendering window.
    const from = began ? stepTime(run, job, 'Rendering', now) : created;
    const to = job.status === 'Running' || !began ? now : stepTime(run, job, 'Validating', now);
    const span = Math.max(0, to.getTime() - from.getTime());
    const assigned = new Date(from.getTime() + span * 0.9 * (index / chunks));
    const started =
      status === 'Assigned' ? null : clampToNow(new Date(assigned.getTime() + rng.int(200, 3000)), now);
    const work = (end - start + 1) * SECONDS_PER_FRAME[job.quality] * (0.7 + rng.next() * 0.6) * 1000;
    const ends = status === 'Done' || status === 'Failed' || status === 'Reassigned';
    const finished =
      ends && started
        ? new Date(Math.max(started.getTime(), Math.min(started.getTime() + work, to.getTime())))
        : null;
    return {
      ...range,
      node_id: parent('render.nodes').id,
      assigned_at: assigned,
      started_at: started,
      finished_at: finished,
      render_ms: finished && started ? finished.getTime() - started.getTime() : null,
      output_prefix:
        status === 'Done' || status === 'Rendering'
          ? `minio://render-frames/${job.tenant_id}/${job.id}/chunk-${index}/`
          : null,
      error_message:
        status === 'Failed'
          ? 'aerender exited with code -1073741819 (0xC0000005)'
          : status === 'Reassigned'
            ? 'node stopped sending heartbeats; chunk reassigned'
            : null,
      created_at: created,
      updated_at: finished ?? started ?? assigned,
    };
  },
  traits: {
    /** This attempt failed (a later attempt of the chunk took over). */
    failed: (_t) => ({ status: 'Failed' }),
    /** Its node went away mid-chunk and the orchestrator handed the chunk to another node. */
    reassigned: (_t) => ({ status: 'Reassigned' }),
  },
});

/** `count` distinct frame numbers of [0, total), sorted, none of them in `taken`. */
function someFrames(rng: Random, total: number, count: number, taken: readonly number[] = []): number[] {
  const frames = new Set<number>();
  for (let tries = 0; frames.size < Math.min(count, total - taken.length) && tries < 100; tries++) {
    const frame = rng.int(0, total - 1);
    if (!taken.includes(frame)) frames.add(frame);
  }
  return [...frames].sort((a, b) => a - b);
}

/**
 * render.frame_repair_jobs: repair attempt k (1, 2, 3 per job) of missing/corrupt frames found by the
 * Validating step of the current job; needs a job that rendered all its frames.
 */
export const frameRepairJobFactory = defineFactory('render.frame_repair_jobs', {
  parents: ['render.render_jobs', 'render.nodes'],
  defaults: ({ parent, overrides, rng, run }) => {
    const job = jobOf('render.frame_repair_jobs', overrides, parent('render.render_jobs'));
    if (!pastRendering(job.step)) {
      throw new SeedError(
        'E_JOB_NOT_RENDERED',
        `Render job ${job.id} is at step ${job.step}: frames are validated, and repaired, only once all of them are rendered (step Validating or later).`,
        {
          fix: "Make a job that got that far current: f.renderJob.completed() (the default), or .failed() with { step: 'Repairing' }.",
        },
      );
    }
    const total = job.total_frames;
    const noMissing = Array.isArray(overrides.missing_frames) && overrides.missing_frames.length === 0;
    const missing = noMissing ? [] : someFrames(rng, total, rng.int(1, 4));
    const corrupt = someFrames(rng, total, noMissing ? rng.int(1, 3) : rng.int(0, 3), missing);
    const status: RenderFrameRepairStatus =
      job.step === 'Repairing' ? (job.status === 'Running' ? 'Running' : 'Failed') : 'Succeeded';
    return {
      render_job_id: job.id,
      attempt: overrides.attempt ?? nextWithin(run, 'repair', job) + 1,
      max_attempts: 3,
      missing_frames: missing,
      corrupt_frames: corrupt,
      status,
    };
  },
  finalize: (row, { parent, rng, now, run }) => {
    const job: JobLike = parent('render.render_jobs');
    const attempt = num(row.attempt, 1);
    const max = num(row.max_attempts, 3);
    if (attempt > max) {
      throw new SeedError(
        'E_TOO_MANY_REPAIRS',
        `Render job ${job.id} would get repair attempt ${attempt}, but a job is repaired at most max_attempts = ${max} times.`,
        { fix: 'Create at most max_attempts repair jobs per job, or make another job current first.' },
      );
    }
    const status = row.status as RenderFrameRepairStatus;
    const validating = stepTime(run, job, 'Repairing', now);
    const until = job.status === 'Running' ? now : stepTime(run, job, 'Encoding', now);
    const slot = Math.max(0, until.getTime() - validating.getTime()) / max;
    const detected = new Date(validating.getTime() + slot * (attempt - 1) + rng.next() * slot * 0.1);
    const started = status === 'Pending' ? null : new Date(detected.getTime() + rng.next() * slot * 0.1);
    const completed =
      started && (status === 'Succeeded' || status === 'Failed')
        ? new Date(started.getTime() + (0.5 + rng.next() * 0.3) * slot)
        : null;
    const bad = [...((row.missing_frames as number[]) ?? []), ...((row.corrupt_frames as number[]) ?? [])];
    return {
      node_id: status === 'Pending' ? null : parent('render.nodes').id,
      detected_at: detected,
      started_at: started,
      completed_at: completed,
      error_message:
        status === 'Failed' ? `فریم‌های ${bad.join('، ')} پس از رندر دوباره هم خراب یا ناموجود بودند` : null,
      created_at: detected,
      updated_at: completed ?? started ?? detected,
    };
  },
  traits: {
    failed: (_t) => ({ status: 'Failed' }),
    /** Only corrupt frames (the files exist but do not decode). */
    corruptOnly: (_t) => ({ missing_frames: [] }),
  },
});
