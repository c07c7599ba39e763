import { exportObjectKey } from '../../domain/files.js';
import { exportBytes } from '../../domain/media.js';
import type { Random } from '../../domain/random.js';
import { EXPORT_RETENTION_DAYS } from '../../domain/render-job.js';
import type { RenderExportStatus, RenderRenderJobStatus } from '../../schema/generated/tables.js';
import type { RunState } from '../core/factory.js';
import { defineFactory } from '../core/factory.js';
import { settleUsage } from '../identity/usage-settle.js';
import { clampToNow, exportMaking, type JobLike, jobEnd, num, stepTime, toDate } from './shared.js';

/** The job status an export of each status belongs to. */
const JOB_STATUS_FOR: Readonly<Record<RenderExportStatus, RenderRenderJobStatus>> = {
  Ready: 'Completed',
  Expired: 'Completed',
  Deleted: 'Completed',
  Processing: 'Running',
  Failed: 'Failed',
};

const retentionEnd = (ready: Date) => new Date(ready.getTime() + EXPORT_RETENTION_DAYS * 86_400_000);

function exportStatusOf(job: JobLike, now: Date): RenderExportStatus {
  if (job.status === 'Completed') {
    return retentionEnd(toDate(job.completed_at) ?? now) <= now ? 'Expired' : 'Ready';
  }
  if (job.step === 'Encoding' || job.step === 'Uploading')
    return job.status === 'Failed' ? 'Failed' : 'Processing';
  return 'Ready';
}

/** What an export copies from its job: owner, format, length, and a size from the bitrate. */
function fromJob(job: JobLike, rng: Random) {
  const duration = num(job.duration_sec);
  return {
    render_job_id: job.id,
    user_id: job.user_id,
    saved_project_id: job.saved_project_id ?? null,
    quality: job.quality,
    width: job.width,
    height: job.height,
    fps: num(job.fps),
    duration_sec: duration,
    size_bytes: exportBytes(job.quality, duration, 0.8 + rng.next() * 0.3),
    object_key: exportObjectKey(String(job.tenant_id), String(job.id)),
    thumbnail_url: `https://cdn.flatrender.ir/exports/${job.id}.jpg`,
  };
}

/** Times and links that follow the export's status on its job's timeline. */
function lifecycle(run: RunState, job: JobLike, status: RenderExportStatus, rng: Random, now: Date) {
  const created = stepTime(run, job, 'Uploading', now);
  const ready = toDate(job.completed_at) ?? jobEnd(job, now);
  const between = (from: Date, low: number, high: number) =>
    new Date(from.getTime() + (now.getTime() - from.getTime()) * (low + rng.next() * (high - low)));
  const expires =
    status === 'Ready'
      ? retentionEnd(ready)
      : status === 'Expired' && retentionEnd(ready) <= now
        ? retentionEnd(ready)
        : status === 'Expired'
          ? between(ready, 0.3, 0.9)
          : status === 'Deleted'
            ? between(ready, 0.2, 0.5)
            : null;
  const deleted = status === 'Deleted' && expires ? between(expires, 0.2, 0.9) : null;
  return {
    output_url: status === 'Ready' ? `https://cdn.flatrender.ir/exports/${job.id}.mp4` : null,
    expires_at: expires,
    deleted_at: deleted,
    created_at: created,
    updated_at: clampToNow(
      deleted ??
        (status === 'Expired' ? expires : null) ??
        (status === 'Processing' ? created : status === 'Failed' ? jobEnd(job, now) : ready),
      now,
    ),
  };
}

/**
 * render.exports: the video of the current job, Ready when the job completed (render jobs create it
 * themselves). Made on its own, it brings a new job of the status it needs (Completed, or Running /
 * Failed at Uploading for a Processing / Failed export).
 */
export const exportFactory = defineFactory('render.exports', {
  // Egress is metered on the export's day (usage-settle.ts).
  afterInsert: (rows, { db }) => settleUsage(db, rows, (e) => [e.created_at]),
  parents: ['render.render_jobs'],
  defaults: ({ parent, rng, now }) => {
    const job = parent('render.render_jobs');
    return {
      ...fromJob(job, rng),
      container_format: 'mp4',
      video_codec: 'h264',
      status: exportStatusOf(job, now),
      has_watermark: rng.bool(0.15),
      download_count: rng.int(0, 12),
    };
  },
  finalize: (row, { parent, rng, now, run }) => {
    const status = row.status as RenderExportStatus;
    return {
      ...lifecycle(run, parent('render.render_jobs'), status, rng, now),
      download_count: status === 'Processing' || status === 'Failed' ? 0 : row.download_count,
    };
  },
  traits: {
    expired: (_t) => ({ status: 'Expired' }),
    deleted: (_t) => ({ status: 'Deleted' }),
    processing: (_t) => ({ status: 'Processing' }),
    failed: (_t) => ({ status: 'Failed' }),
    /** Rendered on a free or trial plan. */
    watermarked: (_t) => ({ has_watermark: true }),
  },
  beforeCreate: async (row, { db, create, rng, now, run }) => {
    const status = row.status as RenderExportStatus;
    const need = JOB_STATUS_FOR[status];
    const { rows } = await db.query<{ status: string; step: string; taken: boolean }>(
      `SELECT j.status, j.step, EXISTS (SELECT 1 FROM render.exports e WHERE e.render_job_id = j.id) AS taken
         FROM render.render_jobs j WHERE j.id = $1`,
      [row.render_job_id],
    );
    const job = rows[0];
    const fits =
      job &&
      !job.taken &&
      job.status === need &&
      (need === 'Completed' || job.step === 'Encoding' || job.step === 'Uploading');
    if (fits) return undefined;
    // render_job_id is UNIQUE: make the job this export belongs to, without its automatic export.
    const id = rng.uuid();
    run.busy.add(exportMaking(id));
    try {
      const made = await create(
        'render.render_jobs',
        need === 'Completed' ? { id } : { id, step: 'Uploading' },
        [need.toLowerCase()],
      );
      return { ...fromJob(made, rng), ...lifecycle(run, made, status, rng, now) };
    } finally {
      run.busy.delete(exportMaking(id));
    }
  },
});
