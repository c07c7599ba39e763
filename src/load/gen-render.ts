import { fundingOf, type JobBilling } from '../domain/billing.js';
import { SECOND } from '../domain/calendar.js';
import { FINAL_COMP_NAME } from '../domain/catalogue.js';
import { OUTPUT_FORMAT } from '../domain/media.js';
import {
  CANCEL_REASONS,
  CHUNK_ERRORS,
  STEP_MESSAGES,
  STEP_PROGRESS,
  type Step,
} from '../domain/render-job.js';
import { jobUsage } from '../domain/usage.js';
import type { Row } from '../sql/copy-text.js';
import { loadTable } from '../sql/load-table.js';
import { hex, uuid } from './fast-format.js';
import { fixed, jsonNumber, jsonString } from './literals.js';
import type { TenantContext } from './tenant-context.js';

export const renderJobsTable = loadTable('render.render_jobs', [
  'id',
  'tenant_id',
  'user_id',
  'saved_project_id',
  'project_id',
  'container_id',
  'api_key_id',
  'source',
  'external_ref',
  'idempotency_key',
  'status',
  'step',
  'progress',
  'priority',
  'quality',
  'width',
  'height',
  'fps',
  'duration_sec',
  'total_frames',
  'frames_done',
  'chunk_size',
  'template_md5',
  'has_voiceover',
  'music_volume',
  'sfx_volume',
  'voiceover_volume',
  'audio_mix',
  'config',
  'billable_seconds',
  'cost_minor',
  'charged_at',
  'refund_amount_minor',
  'refunded_at',
  'compute_seconds',
  'active_nodes',
  'eta_seconds',
  'attempt',
  'max_attempts',
  'retry_of_job_id',
  'cancel_reason',
  'cancelled_by',
  'error_code',
  'error_message',
  'queued_at',
  'started_at',
  'completed_at',
  'failed_at',
  'cancelled_at',
  'metadata',
  'created_at',
  'updated_at',
]);

/** render.render_jobs, and the usage and saved-project counters they feed. */
export function* renderJobRows(ctx: TenantContext): Generator<Row> {
  const { tenant, plan } = ctx;
  const usage = ctx.usage;
  const renders = ctx.savedRenders;
  for (const job of ctx.jobs()) {
    const rng = ctx.stream('render.render_jobs', `${job.key}+`);
    const saved = job.savedIndex >= 0 ? ctx.savedProjects[job.savedIndex]! : undefined;
    const user = ctx.users[job.userIndex]!;
    const api = job.source === 'ResellerApi';
    const { state, status } = job;
    const running = status === 'Running';
    const ended = job.endedAt;
    const musicVolume = saved ? saved.musicVolume : 1;

    // Metered on the Tehran day it was queued (domain/usage.ts).
    const metered = jobUsage({
      status,
      durationSec: job.durationMs / 1000,
      billableSeconds: job.billableSeconds,
      refundedSeconds: job.refundedSeconds,
      computeSeconds: state.computeSeconds,
      costMinor: job.costMinor,
      refundMinor: job.refundMinor,
    });
    usage.add('render_jobs_count', job.queuedAt, metered.render_jobs_count!);
    usage.add('render_billable_seconds', job.queuedAt, metered.render_billable_seconds!);
    usage.add('compute_seconds', job.queuedAt, metered.compute_seconds!);
    usage.add('amount_charged_minor', job.queuedAt, metered.amount_charged_minor!);
    if (status === 'Completed') usage.addRenderMs(job.queuedAt, job.durationMs);
    usage.markActive(job.userIndex, job.queuedAt);
    if (saved) {
      renders.count[saved.index]!++;
      if (job.queuedAt >= renders.lastAt[saved.index]!) {
        renders.lastAt[saved.index] = job.queuedAt;
        renders.lastJobId[saved.index] = job.id;
      }
    }

    const fundedBy: JobBilling['funded_by'] = fundingOf(job.source, false);
    const logged = job.requestId !== null && job.queuedAt >= tenant.requestLogStart;
    // The jsonb documents are written by hand (literals.ts): JSON.stringify of these was a tenth
    // of the generators' time. Same text, same draws in the same order.
    const sceneCount = rng.int(2, 5);
    let scenes = '';
    for (let i = 0; i < sceneCount; i++) {
      const t1 = rng.pick(ctx.pools.faWords);
      const t2 = rng.pick(ctx.pools.faWords);
      scenes += `${i > 0 ? ',' : ''}{"key":"s${i + 1}","texts":{"t1":${jsonString(t1)},"t2":${jsonString(t2)}}}`;
    }
    const failure = status === 'Failed' ? job.plan.failure : null;
    const nodes = job.nodeOrdinals.length;
    yield [
      job.id,
      tenant.id,
      user.id,
      saved ? saved.id : null,
      job.project.id,
      job.project.container.id,
      job.apiKeyIndex >= 0 ? ctx.apiKeys[job.apiKeyIndex]!.id : null,
      job.source,
      api ? `ord-${rng.int(100_000, 9_999_999)}` : null,
      api ? `${job.key}-${hex(rng, 16)}` : null,
      status,
      state.step,
      state.progress,
      tenant.kind === 'Enterprise' ? 5 : api ? 1 : 0,
      job.quality,
      job.width,
      job.height,
      fixed(job.fps, 3),
      fixed(job.durationMs / 1000, 3),
      job.plan.totalFrames,
      state.framesDone,
      job.plan.chunkSize,
      job.project.md5,
      saved?.voiceover ?? false,
      fixed(musicVolume, 3),
      '1.000',
      '1.000',
      saved
        ? `{"music":{"start_ms":0,"volume":${jsonNumber(musicVolume)}},"ducking":${saved.voiceover},"voiceover":${saved.voiceover}}`
        : '{}',
      `{"template":${jsonString(job.project.id)},"comp":${COMP_JSON},"fps":${jsonNumber(job.fps)},"scenes":[${scenes}]}`,
      job.billableSeconds,
      job.costMinor,
      job.queuedAt,
      job.refundMinor,
      job.refundMinor > 0 ? ended! : null,
      state.computeSeconds,
      running && state.step === 'Rendering' ? nodes : 0,
      running
        ? Math.max(
            5,
            Math.round(((job.plan.totalFrames - state.framesDone) * job.plan.secondsPerFrame) / nodes + 30),
          )
        : null,
      job.attempt,
      3,
      job.retryOf,
      status === 'Cancelled' ? rng.pick(CANCEL_REASONS) : null,
      status === 'Cancelled' && !api ? user.id : null,
      failure ? failure.code : null,
      failure ? failure.message : null,
      job.queuedAt,
      state.startedAt,
      status === 'Completed' ? ended! : null,
      status === 'Failed' ? ended! : null,
      status === 'Cancelled' ? ended! : null,
      `{"client":${api ? '"api"' : jsonString(job.source.toLowerCase())}${api ? `,"sdk":${jsonString(ctx.core.sdkAgent)}` : ''}${
        logged ? `,"request_id":${jsonString(job.requestId!)}` : ''
      },"billing":{"funded_by":${jsonString(fundedBy)}}}`,
      job.queuedAt,
      ended ?? (running ? Math.max(job.queuedAt, plan.nowMs - rng.int(1, 20) * SECOND) : job.queuedAt),
    ];
  }
}

/** The final composition's name as a JSON string. */
const COMP_JSON = JSON.stringify(FINAL_COMP_NAME);

export const jobEventsTable = loadTable('render.render_job_events', [
  'id',
  'render_job_id',
  'from_step',
  'to_step',
  'progress',
  'node_id',
  'message',
  'created_at',
]);

/** render.render_job_events: the step transitions of each job; ids rise in replay order. */
export function* jobEventRows(ctx: TenantContext): Generator<Row> {
  const { tenant, plan } = ctx;
  let seq = 0;
  for (const job of ctx.jobs()) {
    let from: Step | null = null;
    for (const [to, at] of job.state.transitions) {
      seq++;
      if (seq > tenant.eventIdCapacity) throw new Error(`tenant ${tenant.key}: more job events than planned`);
      yield [
        tenant.eventIdBase + seq,
        job.id,
        from,
        to,
        STEP_PROGRESS[to][0],
        to === 'Rendering' ? plan.nodes[job.nodeOrdinals[0] ?? 0]!.id : null,
        STEP_MESSAGES[to],
        at,
      ];
      from = to;
    }
  }
}

export const frameJobsTable = loadTable('render.frame_jobs', [
  'id',
  'render_job_id',
  'tenant_id',
  'chunk_index',
  'start_frame',
  'end_frame',
  'status',
  'node_id',
  'attempt',
  'assigned_at',
  'started_at',
  'finished_at',
  'render_ms',
  'output_prefix',
  'error_message',
  'created_at',
  'updated_at',
]);

/**
 * render.frame_jobs: the chunks of every job that reached Rendering. Done chunks end before the
 * render step does; a few needed a second attempt (the first Reassigned); a failed or cancelled
 * job leaves one Failed chunk and the rest Cancelled; a running one has chunks in flight.
 */
export function* frameJobRows(ctx: TenantContext): Generator<Row> {
  const { tenant, plan } = ctx;
  for (const job of ctx.jobs()) {
    const { state } = job;
    if (state.renderStart === null) continue;
    const rng = ctx.stream('render.frame_jobs', job.key);
    const start = state.renderStart;
    const span = Math.max(1_000, state.renderEnd! - start);
    const nodes = job.nodeOrdinals;
    const chunks = job.plan.chunks;
    const perChunk = span / Math.ceil(chunks / nodes.length);
    const endedAt = job.endedAt ?? plan.nowMs;
    const secondsPerFrame = job.plan.secondsPerFrame;
    for (let k = 0; k < chunks; k++) {
      const first = k * job.plan.chunkSize;
      const last = Math.min(job.plan.totalFrames - 1, first + job.plan.chunkSize - 1);
      const frames = last - first + 1;
      const nodeOrdinal = nodes[k % nodes.length]!;
      const node = plan.nodes[nodeOrdinal]!.id;
      const slot = Math.floor(k / nodes.length);
      const assigned = Math.min(endedAt, Math.round(start + slot * perChunk + rng.int(0, 1_500)));
      const renderMs = Math.round(frames * secondsPerFrame * 1000 * (0.8 + rng.next() * 0.4));
      const prefix = `renders/${job.id}/c${String(k).padStart(4, '0')}/`;
      const base = [job.id, tenant.id, k, first, last];
      if (k < state.doneChunks) {
        const finished = Math.min(endedAt, assigned + Math.min(renderMs, Math.round(perChunk)));
        if (rng.bool(0.03)) {
          // A first attempt lost with its node, then rendered elsewhere.
          const lostAt = assigned + Math.round((finished - assigned) * 0.3);
          yield [
            uuid(rng),
            ...base,
            'Reassigned',
            node,
            1,
            assigned,
            assigned + 500,
            lostAt,
            null,
            prefix,
            rng.pick(CHUNK_ERRORS),
            start,
            lostAt,
          ];
          const other = plan.nodes[(nodeOrdinal + 1) % plan.nodes.length]!.id;
          yield [
            uuid(rng),
            ...base,
            'Done',
            other,
            2,
            lostAt + 200,
            lostAt + 700,
            finished,
            Math.max(1, finished - lostAt - 700),
            prefix,
            null,
            lostAt,
            finished,
          ];
          continue;
        }
        yield [
          uuid(rng),
          ...base,
          'Done',
          node,
          1,
          assigned,
          assigned + 500,
          finished,
          Math.max(1, finished - assigned - 500),
          prefix,
          null,
          start,
          finished,
        ];
      } else if (job.status === 'Running') {
        const inFlight = k < state.doneChunks + nodes.length;
        const now = plan.nowMs;
        const since = Math.min(now - 1_000, Math.max(start, now - rng.int(5, 120) * 1000));
        yield [
          uuid(rng),
          ...base,
          inFlight ? 'Rendering' : 'Pending',
          inFlight ? node : null,
          1,
          inFlight ? since : null,
          inFlight ? since + 400 : null,
          null,
          null,
          inFlight ? prefix : null,
          null,
          start,
          inFlight ? since + 400 : start,
        ];
      } else {
        const failed = k === state.doneChunks && job.status === 'Failed';
        yield [
          uuid(rng),
          ...base,
          failed ? 'Failed' : 'Cancelled',
          failed ? node : null,
          failed ? rng.int(1, 3) : 1,
          failed ? Math.min(endedAt, assigned) : null,
          failed ? Math.min(endedAt, assigned + 400) : null,
          failed ? endedAt : null,
          null,
          failed ? prefix : null,
          failed ? job.plan.failure!.message : null,
          start,
          endedAt,
        ];
      }
    }
  }
}

export const exportsTable = loadTable('render.exports', [
  'id',
  'tenant_id',
  'user_id',
  'render_job_id',
  'saved_project_id',
  'file_id',
  'object_key',
  'output_url',
  'thumbnail_url',
  'container_format',
  'video_codec',
  'quality',
  'width',
  'height',
  'fps',
  'duration_sec',
  'size_bytes',
  'has_watermark',
  'status',
  'download_count',
  'expires_at',
  'created_at',
  'updated_at',
]);

/** render.exports: one per completed job; those past their 30 days are Expired. */
export function* exportRows(ctx: TenantContext): Generator<Row> {
  const { tenant } = ctx;
  for (const job of ctx.jobs()) {
    if (job.status !== 'Completed') continue;
    const e = ctx.exportOf(job);
    // Downloads of exports made that day (domain/usage.ts: no per-download rows).
    ctx.usage.add('egress_bytes', e.createdAt, e.sizeBytes * e.downloads);
    yield [
      e.id,
      tenant.id,
      ctx.users[job.userIndex]!.id,
      job.id,
      job.savedIndex >= 0 ? ctx.savedProjects[job.savedIndex]!.id : null,
      e.fileId,
      e.objectKey,
      `https://dl.${ctx.core.domain}/e/${e.id}.mp4`,
      `https://dl.${ctx.core.domain}/e/${e.id}.jpg`,
      OUTPUT_FORMAT.container,
      OUTPUT_FORMAT.codec,
      job.quality,
      job.width,
      job.height,
      fixed(job.fps, 3),
      fixed(job.durationMs / 1000, 3),
      e.sizeBytes,
      tenant.status === 'Trial',
      e.expired ? 'Expired' : 'Ready',
      e.downloads,
      e.expiresAt,
      e.createdAt,
      e.expired ? e.expiresAt : e.createdAt,
    ];
  }
}

export const frameRepairJobsTable = loadTable('render.frame_repair_jobs', [
  'id',
  'render_job_id',
  'tenant_id',
  'attempt',
  'max_attempts',
  'missing_frames',
  'corrupt_frames',
  'status',
  'node_id',
  'detected_at',
  'started_at',
  'completed_at',
  'error_message',
  'created_at',
  'updated_at',
]);

/**
 * render.frame_repair_jobs: a job whose plan needed a repair (domain/render-job.ts) and got to
 * its Repairing step has its repair: Succeeded when the job went on, Running while it is
 * repairing now, three Failed attempts when the repair was exhausted (the job failed there).
 */
export function* frameRepairRows(ctx: TenantContext): Generator<Row> {
  const { tenant, plan } = ctx;
  for (const job of ctx.jobs()) {
    const transitions = job.state.transitions;
    const index = transitions.findIndex(([step]) => step === 'Repairing');
    if (index < 0) continue;
    const rng = ctx.stream('render.frame_repair_jobs', job.key);
    const from = transitions[index]![1];
    const exhausted = job.status === 'Failed' && job.plan.failure?.step === 'Repairing';
    const repairing = job.status === 'Running' && job.state.step === 'Repairing';
    const to = transitions[index + 1]?.[1] ?? job.endedAt ?? plan.nowMs;
    const attempts = exhausted ? 3 : 1;
    const frames = job.plan.totalFrames;
    const node = plan.nodes[job.nodeOrdinals[0] ?? 0]!.id;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const start = from + Math.floor(((to - from) * (attempt - 1)) / attempts);
      const end = from + Math.floor(((to - from) * attempt) / attempts);
      const broken = Array.from({ length: rng.int(1, 6) }, () => rng.int(0, frames - 1)).sort(
        (a, b) => a - b,
      );
      const missing = [...new Set(broken.filter((_, i) => i % 2 === 0))];
      const corrupt = [...new Set(broken.filter((_, i) => i % 2 === 1))].filter((f) => !missing.includes(f));
      const running = repairing && attempt === attempts;
      const status = running ? 'Running' : exhausted ? 'Failed' : 'Succeeded';
      const startedAt = Math.min(end, start + rng.int(1, 5) * SECOND);
      yield [
        uuid(rng),
        job.id,
        tenant.id,
        attempt,
        3,
        missing,
        corrupt,
        status,
        node,
        start,
        startedAt,
        running ? null : end,
        status === 'Failed' ? job.plan.failure!.message : null,
        start,
        running ? startedAt : end,
      ];
    }
  }
}
