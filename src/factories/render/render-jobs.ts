import type { Random } from '../../domain/random.js';
import { SeedError } from '../../errors.js';
import type {
  RenderRenderJobStatus,
  RenderRenderStep,
  RenderVideoQuality,
} from '../../schema/generated/tables.js';
import { defineFactory } from '../core/factory.js';
import { digest, hexColor, toman } from '../core/realism.js';
import {
  chunkCount,
  clampToNow,
  exportInProgress,
  frameSize,
  jobOf,
  later,
  nextWithin,
  num,
  QUALITY_WEIGHTS,
  renderingProgress,
  round3,
  SECONDS_PER_FRAME,
  STEP_AT,
  STEP_PROGRESS,
  STEPS,
  stepTime,
  toDate,
} from './shared.js';

/** Billable seconds per second of video: higher resolutions cost more node time. */
const RESOLUTION_FACTOR: Readonly<Record<RenderVideoQuality, number>> = {
  Sd480: 1,
  Hd720: 1,
  FullHd1080: 2,
  Qhd1440: 3,
  Uhd2160: 4,
};

/** Price of one billable second (rial). */
const PRICE_PER_SECOND = toman(500);

const FAILURES: Readonly<Partial<Record<RenderRenderStep, readonly [string, string]>>> = {
  Preparing: ['TEMPLATE_FETCH_FAILED', 'دریافت فایل قالب از مخزن ناموفق بود (AEP bundle download timed out)'],
  Rendering: ['AE_CRASH_LIMIT', 'افترافکت روی سه نود پشت سر هم از کار افتاد (aerender crashed 3 times)'],
  Validating: ['FRAME_VALIDATION_FAILED', 'بررسی فریم‌ها ناموفق بود: فهرست فریم‌ها ناقص است'],
  Repairing: ['FRAME_REPAIR_EXHAUSTED', 'ترمیم فریم‌های خراب پس از ۳ تلاش ناموفق بود'],
  Encoding: ['ENCODE_FAILED', 'ساخت ویدیوی نهایی با خطا روبه‌رو شد (ffmpeg exited with code 1)'],
  Uploading: ['UPLOAD_FAILED', 'بارگذاری خروجی در فضای ذخیره‌سازی ناموفق بود'],
};

const CANCEL_REASONS = [
  'کاربر از ادامه رندر منصرف شد',
  'متن اشتباه بود؛ پس از ویرایش دوباره رندر می‌شود',
  'کیفیت خروجی اشتباه انتخاب شده بود',
  'لغو به درخواست مشتری از طرف پشتیبانی',
];

const TITLES = [
  'تیزر تبلیغاتی نوروز',
  'معرفی محصول جدید',
  'تبریک تولد',
  'لوگو موشن فروشگاه',
  'استوری حراج یلدا',
  'دعوت‌نامه جشن عروسی',
  'ویدیوی معرفی کافه',
];

const STEP_MESSAGES: Readonly<Record<RenderRenderStep, string>> = {
  Queued: 'در صف رندر قرار گرفت',
  Preparing: 'دریافت قالب و آماده‌سازی نود',
  Rendering: 'رندر فریم‌ها آغاز شد',
  Validating: 'بررسی سلامت فریم‌ها',
  Repairing: 'ترمیم فریم‌های خراب',
  Encoding: 'ساخت ویدیوی نهایی',
  Uploading: 'بارگذاری خروجی',
  Done: 'رندر با موفقیت به پایان رسید',
};

/** The steps a job went through to reach `step` (Repairing only when it is the current one). */
export function stepPath(step: RenderRenderStep): RenderRenderStep[] {
  return STEPS.slice(0, STEPS.indexOf(step) + 1).filter((s) => s !== 'Repairing' || step === 'Repairing');
}

function defaultStep(status: RenderRenderJobStatus, rng: Random): RenderRenderStep {
  switch (status) {
    case 'Queued':
      return 'Queued';
    case 'Running':
      return 'Rendering';
    case 'Completed':
      return 'Done';
    case 'Failed':
      return rng.weighted([
        ['Preparing', 15],
        ['Rendering', 45],
        ['Repairing', 20],
        ['Encoding', 10],
        ['Uploading', 10],
      ] as const);
    case 'Cancelled':
      return rng.bool(0.35) ? 'Queued' : 'Rendering';
  }
}

/** Frames done and progress for a job standing in `step`, following whichever of the two the caller set. */
function framesAndProgress(
  step: RenderRenderStep,
  total: number,
  rng: Random,
  explicit: { frames_done?: unknown; progress?: unknown },
): [number, number] {
  const [low, high] = STEP_PROGRESS[step];
  if (step !== 'Rendering') {
    const frames =
      'frames_done' in explicit ? num(explicit.frames_done) : STEPS.indexOf(step) > 2 ? total : 0;
    return [frames, 'progress' in explicit ? num(explicit.progress) : rng.int(low, high)];
  }
  if ('progress' in explicit) {
    const progress = num(explicit.progress);
    return [Math.min(total, Math.max(0, Math.ceil(((progress - 5) * total) / 80))), progress];
  }
  const frames =
    'frames_done' in explicit ? num(explicit.frames_done) : total > 1 ? rng.int(1, total - 1) : 0;
  return [frames, Math.min(99, renderingProgress(frames, total))];
}

/**
 * render.render_jobs: a Web render of the current user's saved project (Completed by default).
 * Everything that depends on the status is derived in finalize: step, frames and progress, the
 * queued → started → ended times, compute, charge and refund. A completed job always gets its
 * export; `.transient({ withFrameJobs: true, withEvents: true })` adds its chunks and step log.
 */
export const renderJobFactory = defineFactory('render.render_jobs', {
  parents: ['identity.users', 'content.projects', 'studio.saved_projects'],
  transient: { withFrameJobs: false, withEvents: false },
  defaults: ({ parent, rng, fa, past }) => {
    const user = parent('identity.users');
    const project = parent('content.projects');
    const saved = parent('studio.saved_projects');
    // A Web render is a render of a saved project: only one of this user's and this project's.
    const linked = saved.user_id === user.id && saved.project_id === project.id;
    const quality = linked ? saved.quality : rng.weighted(QUALITY_WEIGHTS);
    const duration = num(linked ? saved.duration_sec : null) || num(project.duration_sec) || rng.int(15, 90);
    const queued = past(60, 1);
    const scenes = rng.int(3, 6);
    const title = rng.pick(TITLES);
    return {
      user_id: user.id,
      project_id: project.id,
      container_id: project.container_id ?? null,
      saved_project_id: linked ? saved.id : null,
      source: 'Web',
      status: 'Completed',
      priority: rng.pick([0, 0, 0, 5, 10]),
      quality,
      fps: num(project.fps, 30),
      duration_sec: round3(duration),
      chunk_size: 30,
      template_md5: project.aep_md5 ?? digest(rng, 32),
      config: {
        engine: project.render_engine ?? 'AfterEffects',
        ae_version: '26.0',
        final_comp: project.final_comp_name ?? 'Final Comp',
        scenes: Array.from({ length: scenes }, (_, i) => ({
          index: i,
          key: `scene-${i + 1}`,
          duration_sec: round3(duration / scenes),
        })),
        bindings: { title, brand: fa.company.name() },
        colors: linked ? saved.colors : { primary: hexColor(rng), secondary: hexColor(rng) },
        output: { container: 'mp4', codec: 'h264' },
      },
      attempt: 1,
      max_attempts: 3,
      queued_at: queued,
      created_at: queued,
      metadata: { client: 'web', locale: 'fa', title },
    };
  },
  finalize: (row, { parent, rng, now, overrides: o }) => {
    const status = row.status as RenderRenderJobStatus;
    const quality = row.quality as RenderVideoQuality;
    const project = parent('content.projects');
    const saved = parent('studio.saved_projects');
    const duration = num(row.duration_sec);
    const total = 'total_frames' in o ? num(o.total_frames) : Math.round(duration * num(row.fps, 30));
    const chunks = chunkCount({ total_frames: total, chunk_size: num(row.chunk_size, 30) });
    const billable = Math.ceil(duration) * RESOLUTION_FACTOR[quality];
    const cost = 'cost_minor' in o ? num(o.cost_minor) : billable * PRICE_PER_SECOND;
    const step = ('step' in o ? o.step : defaultStep(status, rng)) as RenderRenderStep;
    const [frames, progress] = framesAndProgress(step, total, rng, o);

    // Wall time: the frames spread over up to 4 nodes take 76 % of it (Rendering → Validating).
    const parallel = rng.int(1, Math.max(1, Math.min(4, chunks)));
    const spf = SECONDS_PER_FRAME[quality] * (0.7 + rng.next() * 0.6);
    const wall = (total * spf) / parallel / (STEP_AT.Validating - STEP_AT.Rendering);
    const reached =
      status === 'Completed'
        ? 1
        : step === 'Rendering'
          ? STEP_AT.Rendering + (frames / Math.max(1, total)) * (STEP_AT.Validating - STEP_AT.Rendering)
          : STEP_AT[step] + 0.01;
    const elapsedMs = wall * reached * 1000;
    const started0 = status !== 'Queued' && step !== 'Queued';
    const active = status === 'Queued' || status === 'Running';

    const explicitQueued = toDate(o.queued_at ?? o.created_at);
    let queued: Date;
    let started: Date | null = toDate(o.started_at);
    if (explicitQueued) queued = explicitQueued;
    else if (status === 'Running' && started0) {
      started ??= new Date(now.getTime() - elapsedMs - rng.int(5, 60) * 1000);
      queued = new Date(started.getTime() - rng.int(3, 180) * 1000);
    } else if (active) queued = new Date(now.getTime() - rng.int(5, 900) * 1000);
    else queued = toDate(row.queued_at) ?? now;
    if (started0) started = clampToNow(started ?? later(rng, queued, 3, 180), now);
    else started = null;
    const ended = active
      ? null
      : (toDate(o.completed_at ?? o.failed_at ?? o.cancelled_at) ??
        clampToNow(started ? new Date(started.getTime() + elapsedMs) : later(rng, queued, 30, 1800), now));

    const refund =
      status === 'Failed'
        ? cost
        : status === 'Cancelled'
          ? frames > 0
            ? Math.round((cost * (total - frames)) / Math.max(1, total))
            : cost
          : 0;
    const linked = row.saved_project_id != null && row.saved_project_id === saved.id;
    const voiceover = linked ? (saved.has_voiceover ?? Boolean(saved.voiceover_url)) : rng.bool(0.3);
    const musicVolume = linked ? num(saved.music_volume, 1) : rng.pick([0.6, 0.8, 1]);
    const voiceoverVolume = linked ? num(saved.voiceover_volume, 1) : 1;
    const musicUrl = linked
      ? saved.music_url
      : `https://cdn.flatrender.ir/music/track-${rng.int(1, 120)}.mp3`;
    const refundedAt = refund > 0 && ended ? clampToNow(later(rng, ended, 5, 120), now) : null;
    const progressedAt = started
      ? new Date(Math.max(started.getTime(), now.getTime() - rng.int(1, 5) * 1000))
      : queued;
    const last = refundedAt ?? ended ?? (status === 'Running' ? progressedAt : queued);
    const nodes = status === 'Running' ? (step === 'Rendering' ? parallel : 1) : 0;

    return {
      ...frameSize(quality, num(project.width, 1920), num(project.height, 1080)),
      total_frames: total,
      step,
      frames_done: frames,
      progress,
      billable_seconds: billable,
      cost_minor: cost,
      // Charged when submitted (the API answers 402 when the wallet cannot pay); refunds follow.
      charged_at: clampToNow(later(rng, queued, 1, 5), now),
      refund_amount_minor: refund,
      refunded_at: refundedAt,
      compute_seconds: started ? Math.round(frames * spf) + rng.int(5, 40) : 0,
      active_nodes: nodes,
      eta_seconds:
        status === 'Running'
          ? Math.round(((total - frames) * spf) / Math.max(1, nodes) + duration * 0.3 + 10)
          : status === 'Queued'
            ? Math.round((total * spf) / 2 + rng.int(10, 120))
            : null,
      has_voiceover: voiceover,
      music_volume: musicVolume,
      sfx_volume: linked ? num(saved.sfx_volume, 1) : 1,
      voiceover_volume: voiceoverVolume,
      audio_mix: {
        music: musicUrl
          ? { url: musicUrl, start_ms: linked ? num(saved.music_start_ms) : 0, volume: musicVolume }
          : null,
        voiceover: voiceover
          ? {
              url:
                (linked ? saved.voiceover_url : null) ??
                `minio://voiceovers/${row.tenant_id}/${rng.hex(16)}.m4a`,
              offset_ms: linked ? num(saved.voiceover_offset_ms) : 0,
              volume: voiceoverVolume,
              ducking: linked ? saved.voiceover_ducking : true,
            }
          : null,
      },
      error_code: status === 'Failed' ? (FAILURES[step] ?? FAILURES.Rendering)![0] : null,
      error_message: status === 'Failed' ? (FAILURES[step] ?? FAILURES.Rendering)![1] : null,
      cancel_reason: status === 'Cancelled' ? rng.pick(CANCEL_REASONS) : null,
      cancelled_by: status === 'Cancelled' ? row.user_id : null,
      queued_at: queued,
      created_at: queued,
      started_at: started,
      completed_at: status === 'Completed' ? ended : null,
      failed_at: status === 'Failed' ? ended : null,
      cancelled_at: status === 'Cancelled' ? ended : null,
      updated_at: last,
    };
  },
  traits: {
    queued: (_t) => ({ status: 'Queued' }),
    running: (_t) => ({ status: 'Running' }),
    completed: (_t) => ({ status: 'Completed' }),
    failed: (_t) => ({ status: 'Failed' }),
    cancelled: (_t) => ({ status: 'Cancelled' }),
    /** Submitted by a reseller's backend: no saved project; the tenant's API key is filled in on create. */
    resellerApi: ({ n, rng }) => ({
      source: 'ResellerApi',
      saved_project_id: null,
      external_ref: `ORD-${140_000 + n}`,
      idempotency_key: `idem-${n}-${rng.hex(16)}`,
      metadata: { client: 'reseller-api', locale: 'fa' },
    }),
    /** The second attempt of a job: a failed first attempt is created before it. */
    retry: (_t) => ({ attempt: 2 }),
    urgent: (_t) => ({ priority: 20 }),
  },
  beforeCreate: async (row, { db, create, rng, now }) => {
    const extra: { api_key_id?: string; retry_of_job_id?: string } = {};
    if (row.source === 'ResellerApi' && row.api_key_id === undefined) {
      const { rows } = await db.query<{ id: string }>(
        `SELECT id FROM identity.tenant_api_keys WHERE tenant_id = $1 AND status = 'Active'
          ORDER BY created_at, id LIMIT 1`,
        [row.tenant_id],
      );
      extra.api_key_id = rows[0]?.id ?? (await create('identity.tenant_api_keys')).id;
    }
    const attempt = num(row.attempt, 1);
    if (attempt > 1 && row.retry_of_job_id === undefined) {
      // The retry reuses the failed attempt's config; that attempt ended before this one was queued.
      const queued = toDate(row.queued_at) ?? now;
      const previousQueued = new Date(queued.getTime() - rng.int(20, 180) * 60_000);
      const previous = await create(
        'render.render_jobs',
        {
          user_id: row.user_id,
          project_id: row.project_id,
          saved_project_id: row.saved_project_id ?? null,
          container_id: row.container_id ?? null,
          source: row.source,
          api_key_id: extra.api_key_id ?? row.api_key_id ?? null,
          quality: row.quality,
          fps: row.fps,
          duration_sec: row.duration_sec,
          config: row.config,
          attempt: attempt - 1,
          queued_at: previousQueued,
          started_at: later(rng, previousQueued, 5, 120),
          failed_at: new Date(queued.getTime() - rng.int(30, 600) * 1000),
        },
        ['failed'],
      );
      extra.retry_of_job_id = previous.id;
    }
    return extra;
  },
  afterCreate: async (row, { create, transient }) => {
    if (row.status === 'Completed' && exportInProgress.getStore() !== row.id) await create('render.exports');
    if (transient.withFrameJobs) {
      for (let i = 0; i < chunkCount(row); i++) await create('render.frame_jobs');
    }
    if (transient.withEvents) {
      for (const _ of stepPath(row.step)) await create('render.render_job_events');
    }
  },
});

/** render.render_job_events: the k-th step transition of the current job (k counted per job). */
export const renderJobEventFactory = defineFactory('render.render_job_events', {
  parents: ['render.render_jobs', 'render.nodes'],
  defaults: ({ parent, overrides, now }) => {
    const job = jobOf('render.render_job_events', overrides, parent('render.render_jobs'));
    const path = stepPath(job.step);
    const explicit = overrides.to_step;
    const index = explicit ? STEPS.indexOf(explicit) : nextWithin('event', job);
    if (!explicit && index >= path.length) {
      throw new SeedError(
        'E_NO_MORE_STEPS',
        `Render job ${job.id} went through ${path.length} steps (${path.join(' → ')}); a step event #${index + 1} would record a step it never took.`,
        {
          fix: 'Create its events once (f.renderJob.transient({ withEvents: true })), or pass to_step yourself.',
        },
      );
    }
    const to = explicit ?? (path[index] as RenderRenderStep);
    const from = explicit ? (STEPS[index - 1] ?? null) : (path[index - 1] ?? null);
    return {
      render_job_id: job.id,
      from_step: from,
      to_step: to,
      progress: STEP_PROGRESS[to][0],
      node_id: to === 'Queued' || to === 'Done' ? null : parent('render.nodes').id,
      message: STEP_MESSAGES[to],
      created_at: stepTime(job, to, now),
    };
  },
});
