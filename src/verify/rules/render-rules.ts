import { PLATFORM_PRICE_PER_SECOND, SECONDS_MULTIPLIER, VIDEO_QUALITIES } from '../../domain/pricing.js';
import { FAILURES, STEP_PROGRESS, STEPS } from '../../domain/render-job.js';
import { DEFAULT_TENANT_ID } from '../../domain/tenancy.js';
import { REFUNDED_SECONDS, type Rule } from '../rule.js';

/** What a step's progress and frames must be (render-job.ts: one progress table). */
const progressFits = STEPS.map((step) => {
  const [low, high] = STEP_PROGRESS[step];
  const frames =
    step === 'Rendering'
      ? 'TRUE'
      : ['Queued', 'Preparing'].includes(step)
        ? 'frames_done = 0'
        : 'frames_done = total_frames';
  const progress =
    step === 'Rendering'
      ? 'progress = least(84, 5 + (80 * frames_done) / greatest(total_frames, 1))'
      : `progress BETWEEN ${low} AND ${high}`;
  return `WHEN '${step}' THEN ${progress} AND ${frames}`;
}).join('\n    ');

const failureSteps = FAILURES.map((f) => `('${f.code}', '${f.step}')`).join(', ');

/** The tenant's rate for the job's quality, else the FlatRender tenant's (pricing.ts). */
const BASE = VIDEO_QUALITIES.map(
  (q) => `('${q}', ${SECONDS_MULTIPLIER[q]}, ${PLATFORM_PRICE_PER_SECOND})`,
).join(', ');
const RATE = `LEFT JOIN identity.render_price_rates own ON own.tenant_id = j.tenant_id AND own.quality::text = j.quality::text
  LEFT JOIN identity.render_price_rates platform ON platform.tenant_id = '${DEFAULT_TENANT_ID}' AND platform.quality::text = j.quality::text
  LEFT JOIN (VALUES ${BASE}) AS base(quality, multiplier, price) ON base.quality = j.quality::text
  CROSS JOIN LATERAL (SELECT CASE WHEN own.id IS NOT NULL THEN own.seconds_multiplier WHEN platform.id IS NOT NULL THEN platform.seconds_multiplier ELSE base.multiplier END AS multiplier,
                             CASE WHEN own.id IS NOT NULL THEN own.price_per_second_minor WHEN platform.id IS NOT NULL THEN platform.price_per_second_minor ELSE base.price END AS price) rate`;

/** Rules of a render job's own row and its children (render-job.ts, pricing.ts). */
export const renderRules: readonly Rule[] = [
  {
    rule: 'completed-job-has-export',
    table: 'render.render_jobs',
    column: 'status',
    sql: `SELECT j.id::text, 'Completed render job has no render.exports row' AS detail FROM render.render_jobs j
           WHERE j.status = 'Completed' AND NOT EXISTS (SELECT 1 FROM render.exports e WHERE e.render_job_id = j.id)`,
  },
  {
    rule: 'completed-job-is-complete',
    table: 'render.render_jobs',
    column: 'progress',
    sql: `SELECT id::text, format('progress %s, frames_done %s of %s', progress, frames_done, total_frames) FROM render.render_jobs
           WHERE status = 'Completed' AND (progress <> 100 OR frames_done <> total_frames OR completed_at IS NULL OR step <> 'Done')`,
  },
  {
    rule: 'job-times-in-order',
    table: 'render.render_jobs',
    column: 'started_at',
    sql: `SELECT id::text, format('queued %s, started %s, ended %s', queued_at, started_at, coalesce(completed_at, failed_at, cancelled_at))
            FROM render.render_jobs
           WHERE started_at < queued_at OR coalesce(completed_at, failed_at, cancelled_at) < coalesce(started_at, queued_at)
              OR created_at <> queued_at`,
  },
  {
    rule: 'failed-job-has-error',
    table: 'render.render_jobs',
    column: 'error_code',
    sql: `SELECT j.id::text, format('failed in step %s with error_code %s', j.step, coalesce(j.error_code, 'NULL'))
            FROM render.render_jobs j LEFT JOIN (VALUES ${failureSteps}) AS f(code, step) ON f.code = j.error_code
           WHERE j.status = 'Failed' AND (j.error_message IS NULL OR j.failed_at IS NULL OR f.code IS NULL OR f.step <> j.step::text)`,
  },
  {
    rule: 'job-progress-fits-step',
    table: 'render.render_jobs',
    column: 'progress',
    sql: `SELECT id::text, format('step %s with progress %s and frames_done %s of %s', step, progress, frames_done, total_frames)
            FROM render.render_jobs
           WHERE status <> 'Completed' AND NOT (CASE step::text
    ${progressFits}
    ELSE FALSE END)`,
  },
  {
    rule: 'job-price',
    table: 'render.render_jobs',
    column: 'cost_minor',
    sql: `SELECT j.id::text,
                 format('%s s at %s: billable_seconds %s and cost_minor %s, but the rate (×%s, %s rial a second) gives %s and %s',
                   j.duration_sec, j.quality, j.billable_seconds, j.cost_minor, rate.multiplier, coalesce(rate.price::text, 'plan only'),
                   ceil(j.duration_sec * rate.multiplier), ceil(j.duration_sec * rate.multiplier) * coalesce(rate.price, 0))
            FROM render.render_jobs j ${RATE}
           WHERE j.billable_seconds <> ceil(j.duration_sec * rate.multiplier)
              OR j.cost_minor <> j.billable_seconds * coalesce(rate.price, 0)`,
  },
  {
    rule: 'job-refund',
    table: 'render.render_jobs',
    column: 'refund_amount_minor',
    sql: `SELECT j.id::text, format('%s with %s of %s frames: refund_amount_minor %s (refunded_at %s), the rule gives %s',
                 j.status, j.frames_done, j.total_frames, j.refund_amount_minor, coalesce(j.refunded_at::text, 'NULL'),
                 ${REFUNDED_SECONDS} * coalesce(rate.price, 0))
            FROM render.render_jobs j ${RATE}
           WHERE j.refund_amount_minor <> ${REFUNDED_SECONDS} * coalesce(rate.price, 0)
              OR (j.refund_amount_minor > 0) <> (j.refunded_at IS NOT NULL)`,
  },
  {
    rule: 'frame-job-within-job-range',
    table: 'render.frame_jobs',
    column: 'end_frame',
    sql: `SELECT f.id::text, format('frames %s–%s, the job has %s frames', f.start_frame, f.end_frame, j.total_frames)
            FROM render.frame_jobs f JOIN render.render_jobs j ON j.id = f.render_job_id
           WHERE f.start_frame < 0 OR f.end_frame >= j.total_frames`,
  },
  {
    rule: 'repair-matches-step',
    table: 'render.frame_repair_jobs',
    column: 'render_job_id',
    sql: `SELECT j.id::text, CASE WHEN r.id IS NULL THEN 'went through Repairing but has no render.frame_repair_jobs row'
                                 ELSE format('has a frame repair job but %s', CASE WHEN j.step::text IN ('Queued', 'Preparing', 'Rendering', 'Validating')
                                   THEN format('stands in step %s', j.step) ELSE 'its step log goes past Repairing without entering it' END) END
            FROM render.render_jobs j
            LEFT JOIN LATERAL (SELECT id FROM render.frame_repair_jobs r WHERE r.render_job_id = j.id LIMIT 1) r ON TRUE
           WHERE (r.id IS NULL AND (j.step = 'Repairing'
                    OR EXISTS (SELECT 1 FROM render.render_job_events e WHERE e.render_job_id = j.id AND e.to_step = 'Repairing')))
              OR (r.id IS NOT NULL AND (j.step::text IN ('Queued', 'Preparing', 'Rendering', 'Validating')
                    OR (EXISTS (SELECT 1 FROM render.render_job_events e WHERE e.render_job_id = j.id
                                 AND e.to_step IN ('Encoding', 'Uploading', 'Done'))
                        AND NOT EXISTS (SELECT 1 FROM render.render_job_events e WHERE e.render_job_id = j.id AND e.to_step = 'Repairing'))))`,
  },
  {
    rule: 'export-matches-job',
    table: 'render.exports',
    column: 'user_id',
    sql: `SELECT e.id::text, format('export of user %s for a job of user %s', e.user_id, j.user_id)
            FROM render.exports e JOIN render.render_jobs j ON j.id = e.render_job_id WHERE e.user_id <> j.user_id`,
  },
];
