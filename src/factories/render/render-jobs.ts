import { occasionAt } from '../../domain/activity.js';
import { fundingOf, type JobBilling, planUse } from '../../domain/billing.js';
import { frameSize, OUTPUT_FORMAT } from '../../domain/media.js';
import {
  billableSeconds,
  PLATFORM_PRICE_PER_SECOND,
  QUALITY_WEIGHTS,
  refundMinor,
  SECONDS_MULTIPLIER,
  type VideoQuality,
} from '../../domain/pricing.js';
import { digest, hexColor } from '../../domain/realism.js';
import {
  anchorQueuedAt,
  CANCEL_REASONS,
  drawJobPlan,
  FAILURE_BY_CODE,
  failureIn,
  type JobPlan,
  jobSchedule,
  jobStateAt,
  type Outcome,
  renderingProgress,
  STEP_MESSAGES,
  STEP_PROGRESS,
  STEPS,
  type Step,
} from '../../domain/render-job.js';
import { CREATE_RENDER_ROUTE } from '../../domain/reseller-api.js';
import { SeedError } from '../../errors.js';
import type { RenderRenderJobStatus } from '../../schema/generated/tables.js';
import { defineFactory, type RunState } from '../core/factory.js';
import { rateFor } from '../identity/price-list.js';
import { settleUsage } from '../identity/usage-settle.js';
import {
  chunkCount,
  clampToNow,
  exportMaking,
  type JobLike,
  jobOf,
  jobPlans,
  later,
  nextWithin,
  num,
  round3,
  toDate,
} from './shared.js';

const TITLES = [
  'تیزر تبلیغاتی',
  'معرفی محصول جدید',
  'تبریک تولد',
  'لوگو موشن فروشگاه',
  'دعوت‌نامه جشن عروسی',
  'ویدیوی معرفی کافه',
];
const OCCASION_TITLES = { nowruz: 'تبریک نوروز', yalda: 'استوری حراج یلدا' } as const;

/** Marks (with the plan's id after it) renders a user plan makes to use itself up. */
export const FUNDING_PLAN = 'plan:funding:';

/** What the caller fixed of a job, remembered from build to create (create() re-prices the rest). */
interface Explicit {
  readonly billable: boolean;
  readonly cost: boolean;
  readonly refund: boolean;
}
const explicitOf = (run: RunState) => run.memo<Explicit>('render-job-explicit');

/** The same plan with every step taking `factor` times as long. */
function scaled(plan: JobPlan, factor: number): JobPlan {
  const f = Math.max(0.001, factor);
  const stepMs = Object.fromEntries(
    Object.entries(plan.stepMs).map(([step, ms]) => [step, Math.round(ms * f)]),
  ) as JobPlan['stepMs'];
  return { ...plan, waitMs: Math.max(1_000, Math.round(plan.waitMs * f)), stepMs };
}

/**
 * Times the caller gave win: the plan is moved and stretched so that the job was queued (and
 * ended) when they said and stands in the status they asked for at the reference time.
 */
function fitPlan(
  plan: JobPlan,
  status: RenderRenderJobStatus,
  step: Step | null,
  queued: Date | null,
  ended: Date | null,
  now: number,
): JobPlan {
  const span = jobSchedule(plan).endedAt - plan.queuedAt;
  if (status === 'Queued') {
    const q = queued?.getTime() ?? plan.queuedAt;
    return { ...plan, queuedAt: q, waitMs: Math.max(plan.waitMs, now - q + 60_000) };
  }
  if (status === 'Running') {
    const q = queued?.getTime() ?? plan.queuedAt;
    const { steps, endedAt } = jobSchedule(plan);
    const index = Math.max(
      1,
      steps.findIndex(([s]) => s === (step ?? 'Rendering')),
    );
    const mid = ((steps[index]?.[1] ?? endedAt) + (steps[index + 1]?.[1] ?? endedAt)) / 2 - plan.queuedAt;
    return { ...scaled(plan, (now - q) / Math.max(1, mid)), queuedAt: q };
  }
  if (queued && ended)
    return {
      ...scaled(plan, (ended.getTime() - queued.getTime()) / Math.max(1, span)),
      queuedAt: queued.getTime(),
    };
  if (ended) return { ...plan, queuedAt: ended.getTime() - span };
  const q = queued!.getTime();
  const room = now - 60_000 - q;
  return room < span ? { ...scaled(plan, room / Math.max(1, span)), queuedAt: q } : { ...plan, queuedAt: q };
}

/**
 * render.render_jobs: a Web render of the current user's saved project (Completed by default).
 * Its life follows the domain's job plan (domain/render-job.ts): steps, frames, progress, times.
 * create() prices it at its tenant's rates, decides who pays (the tenant for API renders; the
 * user's plan when one can; else the wallet, topped up if need be) and writes that: the plan's
 * counters, the wallet's charge and refund. A completed job gets its export, a repaired one its
 * frame repair job, an API render its `POST /v1/renders` request log;
 * `.transient({ withFrameJobs: true, withEvents: true })` adds its chunks and step log.
 */
export const renderJobFactory = defineFactory('render.render_jobs', {
  // Jobs are metered on the day they were queued (usage-settle.ts).
  afterInsert: (rows, { db }) => settleUsage(db, rows, (j) => [j.created_at]),
  parents: ['identity.users', 'content.projects', 'studio.saved_projects'],
  transient: { withFrameJobs: false, withEvents: false, repaired: undefined as boolean | undefined },
  defaults: ({ parent, rng, fa, past }) => {
    const user = parent('identity.users');
    const project = parent('content.projects');
    const saved = parent('studio.saved_projects');
    // A Web render is a render of a saved project: only one of this user's and this project's.
    const linked = saved.user_id === user.id && saved.project_id === project.id;
    const quality = linked ? saved.quality : rng.weighted(QUALITY_WEIGHTS);
    const duration = num(linked ? saved.duration_sec : null) || num(project.duration_sec) || rng.int(15, 90);
    const queued = past(180, 0);
    const scenes = rng.int(3, 6);
    const occasion = occasionAt(queued.getTime());
    const title = occasion && rng.bool(0.5) ? OCCASION_TITLES[occasion] : rng.pick(TITLES);
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
        output: { ...OUTPUT_FORMAT },
      },
      attempt: 1,
      max_attempts: 3,
      queued_at: queued,
      created_at: queued,
      metadata: { client: 'web', locale: 'fa', title, ...(occasion ? { occasion } : {}) },
    };
  },
  finalize: (row, { parent, rng, now, overrides: o, transient, run }) => {
    const status = row.status as RenderRenderJobStatus;
    const quality = row.quality as VideoQuality;
    const project = parent('content.projects');
    const saved = parent('studio.saved_projects');
    const duration = num(row.duration_sec);
    const total =
      'total_frames' in o ? num(o.total_frames) : Math.max(1, Math.round(duration * num(row.fps, 30)));
    const explicitStep = ('step' in o ? o.step : null) as Step | null;
    const outcome: Outcome = status === 'Failed' || status === 'Cancelled' ? status : 'Completed';
    const failure =
      status === 'Failed'
        ? ((o.error_code ? FAILURE_BY_CODE.get(String(o.error_code)) : undefined) ??
          (explicitStep ? failureIn(explicitStep) : undefined))
        : null;
    let plan = drawJobPlan(rng, {
      quality,
      durationSec: duration,
      fps: num(row.fps, 30),
      totalFrames: total,
      chunkSize: num(row.chunk_size, 30),
      queuedAt: (toDate(row.queued_at) ?? now).getTime(),
      outcome,
      failure,
      cancelledBeforeStart: status === 'Cancelled' && explicitStep ? explicitStep === 'Queued' : undefined,
    });
    if (transient.repaired !== undefined && outcome === 'Completed')
      plan = { ...plan, repaired: transient.repaired };
    if (transient.repaired && plan.stepMs.Repairing === 0) {
      plan = { ...plan, stepMs: { ...plan.stepMs, Repairing: rng.int(20, 120) * 1000 } };
    }
    // A start given pins the queue time to just before it.
    const startOverride = toDate(o.started_at);
    const queuedOverride =
      toDate(o.queued_at ?? o.created_at) ??
      (startOverride ? new Date(startOverride.getTime() - plan.waitMs) : null);
    const endOverride = toDate(o.completed_at ?? o.failed_at ?? o.cancelled_at);
    plan =
      queuedOverride || endOverride
        ? fitPlan(plan, status, explicitStep, queuedOverride, endOverride, now.getTime())
        : {
            ...plan,
            queuedAt: anchorQueuedAt(plan, status, explicitStep, now.getTime(), rng, plan.queuedAt),
          };
    let state = jobStateAt(plan, now.getTime());
    if (state.step === 'Rendering' && ('progress' in o || 'frames_done' in o)) {
      // Frames and progress move together while rendering: follow whichever the caller gave.
      const framesDone =
        'frames_done' in o
          ? num(o.frames_done)
          : Math.min(total - 1, Math.max(0, Math.ceil(((num(o.progress) - 5) * total) / 80)));
      state = {
        ...state,
        framesDone,
        progress: renderingProgress(framesDone, total),
        computeSeconds: Math.round(framesDone * plan.secondsPerFrame),
      };
    }
    if (row.id) {
      jobPlans(run).set(String(row.id), plan);
      explicitOf(run).set(String(row.id), {
        billable: 'billable_seconds' in o,
        cost: 'cost_minor' in o,
        refund: 'refund_amount_minor' in o,
      });
    }
    const at = (ms: number | null) => (ms === null ? null : new Date(ms));
    const queued = new Date(plan.queuedAt);
    const ended = at(state.endedAt);

    // Priced at FlatRender's rates here; create() re-prices at the tenant's own (price-list.ts).
    const billable = billableSeconds(duration, SECONDS_MULTIPLIER[quality]);
    const cost = billable * PLATFORM_PRICE_PER_SECOND;
    const refund = refundMinor(state.status, billable, state.framesDone, total, PLATFORM_PRICE_PER_SECOND);
    const refundedAt = refund > 0 && ended ? clampToNow(later(rng, ended, 5, 120), now) : null;

    const linked = row.saved_project_id != null && row.saved_project_id === saved.id;
    const voiceover = linked ? (saved.has_voiceover ?? Boolean(saved.voiceover_url)) : rng.bool(0.3);
    const musicVolume = linked ? num(saved.music_volume, 1) : rng.pick([0.6, 0.8, 1]);
    const voiceoverVolume = linked ? num(saved.voiceover_volume, 1) : 1;
    const musicUrl = linked
      ? saved.music_url
      : `https://cdn.flatrender.ir/music/track-${rng.int(1, 120)}.mp3`;
    const running = state.status === 'Running';
    const nodes = running ? (state.step === 'Rendering' ? plan.activeNodes : 1) : 0;
    const progressedAt = running
      ? new Date(Math.max(queued.getTime(), now.getTime() - rng.int(1, 5) * 1000))
      : null;
    const spf = plan.secondsPerFrame;
    const cancelled = state.status === 'Cancelled';
    return {
      ...frameSize(quality, num(project.width, 1920), num(project.height, 1080)),
      total_frames: total,
      step: state.step,
      frames_done: state.framesDone,
      progress: state.progress,
      billable_seconds: billable,
      cost_minor: cost,
      // Charged when submitted (the API answers 402 when the wallet cannot pay); refunds follow.
      charged_at: queued,
      refund_amount_minor: refund,
      refunded_at: refundedAt,
      compute_seconds: state.computeSeconds,
      active_nodes: nodes,
      eta_seconds: running
        ? Math.round(((total - state.framesDone) * spf) / Math.max(1, nodes) + duration * 0.3 + 10)
        : state.status === 'Queued'
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
      error_code: plan.failure && state.status === 'Failed' ? plan.failure.code : null,
      error_message: plan.failure && state.status === 'Failed' ? plan.failure.message : null,
      cancel_reason: cancelled ? rng.pick(CANCEL_REASONS) : null,
      cancelled_by: cancelled && row.source === 'Web' ? row.user_id : null,
      queued_at: queued,
      created_at: queued,
      started_at: at(state.startedAt),
      completed_at: state.status === 'Completed' ? ended : null,
      failed_at: state.status === 'Failed' ? ended : null,
      cancelled_at: cancelled ? ended : null,
      updated_at: refundedAt ?? ended ?? progressedAt ?? queued,
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
  beforeCreate: async (row, { db, create, rng, now, run }) => {
    const extra: Record<string, unknown> = {};
    const metadata: Record<string, unknown> = { ...((row.metadata as object | undefined) ?? {}) };
    if (row.source === 'ResellerApi') {
      if (row.api_key_id === undefined) {
        const { rows } = await db.query<{ id: string }>(
          `SELECT id FROM identity.tenant_api_keys WHERE tenant_id = $1 AND status = 'Active'
            ORDER BY created_at, id LIMIT 1`,
          [row.tenant_id],
        );
        extra.api_key_id = rows[0]?.id ?? (await create('identity.tenant_api_keys')).id;
      }
      // The request that created it: its POST /v1/renders log carries the same id (afterCreate).
      metadata.request_id ??= rng.uuid();
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
          api_key_id: (extra.api_key_id as string | undefined) ?? row.api_key_id ?? null,
          quality: row.quality,
          fps: row.fps,
          duration_sec: row.duration_sec,
          config: row.config,
          attempt: attempt - 1,
          queued_at: previousQueued,
          failed_at: new Date(queued.getTime() - rng.int(30, 600) * 1000),
        },
        ['failed'],
      );
      extra.retry_of_job_id = previous.id;
    }

    // Price it at the tenant's rates (FlatRender's when the tenant has none: pricing.ts).
    const rate = await rateFor(db, String(row.tenant_id), String(row.quality));
    const explicit = explicitOf(run).get(String(row.id));
    const status = row.status as RenderRenderJobStatus;
    const billable = explicit?.billable
      ? num(row.billable_seconds)
      : billableSeconds(num(row.duration_sec), rate.multiplier);
    const cost = explicit?.cost ? num(row.cost_minor) : billable * (rate.pricePerSecond ?? 0);
    const refund = explicit?.refund
      ? num(row.refund_amount_minor)
      : refundMinor(status, billable, num(row.frames_done), num(row.total_frames), rate.pricePerSecond);
    Object.assign(extra, {
      billable_seconds: billable,
      cost_minor: cost,
      refund_amount_minor: refund,
      refunded_at: refund > 0 ? (row.refunded_at ?? row.updated_at) : null,
    });

    // Who pays (billing.ts): the tenant for non-Web renders, else a plan that can, else the wallet.
    let billing: JobBilling = { funded_by: fundingOf(String(row.source), false) };
    const forcedWallet = [...run.busy].some((key) => key.startsWith('wallet:caller-posts:'));
    if (billing.funded_by !== 'tenant' && !forcedWallet) {
      const use = planUse(status, billable, num(row.frames_done), num(row.total_frames));
      // A plan using itself up (user-plans.ts) pays for the renders it makes.
      const only =
        [...run.busy].find((key) => key.startsWith(FUNDING_PLAN))?.slice(FUNDING_PLAN.length) ?? null;
      const { rows } = await db.query<{ id: string }>(
        `SELECT up.id FROM identity.user_plans up JOIN identity.plans p ON p.id = up.plan_id
          WHERE ($5::uuid IS NULL OR up.id = $5) AND up.user_id = $1 AND up.status IN ('Active', 'Expired', 'Cancelled') AND up.starts_at <= $2
            AND $2 < least(coalesce(up.expires_at, 'infinity'), coalesce(up.cancelled_at, 'infinity'))
            AND (up.seconds_total = 0 OR up.seconds_used + $3 <= up.seconds_total)
            AND (p.render_count_quota IS NULL OR up.renders_used + $4 <= p.render_count_quota)
          ORDER BY up.starts_at DESC, up.id LIMIT 1`,
        [row.user_id, row.queued_at, use.seconds, use.renders, only],
      );
      if (rows[0]) billing = { funded_by: 'plan', user_plan_id: rows[0].id };
    }
    metadata.billing = billing;
    extra.metadata = metadata;
    return extra;
  },
  afterCreate: async (row, { db, create, transient, run, now }) => {
    const billing = (row.metadata as { billing?: JobBilling }).billing;
    if (billing?.funded_by === 'plan') {
      const use = planUse(
        row.status as RenderRenderJobStatus,
        row.billable_seconds,
        row.frames_done,
        row.total_frames,
      );
      await db.query(
        `UPDATE identity.user_plans SET renders_used = renders_used + $2, seconds_used = seconds_used + $3,
                updated_at = greatest(updated_at + interval '1 microsecond', $4) WHERE id = $1`,
        [billing.user_plan_id, use.renders, use.seconds, row.queued_at],
      );
    }
    if (billing?.funded_by === 'wallet') {
      const cost = num(row.cost_minor);
      const refund = num(row.refund_amount_minor);
      if (cost > 0 && !run.busy.has('wallet:caller-posts:RenderCharge')) {
        await create('identity.wallet_transactions', {
          user_id: row.user_id,
          tx_type: 'RenderCharge',
          render_job_id: row.id,
          amount_minor: -cost,
          seconds_delta: 0,
          created_at: toDate(row.charged_at)!,
        });
      }
      if (refund > 0 && !run.busy.has('wallet:caller-posts:RenderRefund')) {
        await create('identity.wallet_transactions', {
          user_id: row.user_id,
          tx_type: 'RenderRefund',
          render_job_id: row.id,
          amount_minor: refund,
          seconds_delta: 0,
          created_at: toDate(row.refunded_at)!,
        });
      }
    }
    const requestId = (row.metadata as { request_id?: string }).request_id;
    if (row.source === 'ResellerApi' && requestId) {
      await create('identity.tenant_api_request_logs', {
        created_at: row.created_at,
        api_key_id: row.api_key_id,
        request_id: requestId,
        method: CREATE_RENDER_ROUTE.method,
        path: CREATE_RENDER_ROUTE.path,
        status_code: CREATE_RENDER_ROUTE.success,
      });
    }
    const plan = jobPlans(run).get(row.id);
    if (plan && jobStateAt(plan, now.getTime()).transitions.some(([s]) => s === 'Repairing')) {
      await create('render.frame_repair_jobs');
    }
    if (row.status === 'Completed' && !run.busy.has(exportMaking(row.id))) await create('render.exports');
    if (transient.withFrameJobs) {
      for (let i = 0; i < chunkCount(row); i++) await create('render.frame_jobs');
    }
    if (transient.withEvents) {
      for (const _ of jobPath(run, row, now)) await create('render.render_job_events');
    }
  },
});

/** The steps a job went through: its plan's transitions, or the pipeline up to its step. */
export function jobPath(run: RunState, job: JobLike, now: Date): Step[] {
  const plan = jobPlans(run).get(job.id);
  if (plan) return jobStateAt(plan, now.getTime()).transitions.map(([s]) => s);
  return STEPS.slice(0, STEPS.indexOf(job.step) + 1).filter(
    (s) => s !== 'Repairing' || job.step === 'Repairing',
  );
}

/** When the job entered each step of its path. */
function pathTimes(run: RunState, job: JobLike, now: Date): Map<Step, Date> {
  const plan = jobPlans(run).get(job.id);
  const times = new Map<Step, Date>();
  if (plan) {
    for (const [step, at] of jobSchedule(plan).steps) times.set(step, clampToNow(new Date(at), now));
    return times;
  }
  const path = jobPath(run, job, now);
  const queued = toDate(job.queued_at) ?? now;
  const started = toDate(job.started_at) ?? queued;
  const end = toDate(job.completed_at ?? job.failed_at ?? job.cancelled_at) ?? now;
  path.forEach((step, i) => {
    const share = path.length > 1 ? i / (path.length - 1) : 0;
    times.set(
      step,
      i === 0 ? queued : new Date(started.getTime() + (end.getTime() - started.getTime()) * share),
    );
  });
  return times;
}

/** render.render_job_events: the k-th step transition of the current job (k counted per job). */
export const renderJobEventFactory = defineFactory('render.render_job_events', {
  parents: ['render.render_jobs', 'render.nodes'],
  defaults: ({ parent, overrides, now, run }) => {
    const job = jobOf('render.render_job_events', overrides, parent('render.render_jobs'));
    const path = jobPath(run, job, now);
    const explicit = overrides.to_step as Step | undefined;
    const index = explicit ? path.indexOf(explicit) : nextWithin(run, 'event', job);
    if (!explicit && index >= path.length) {
      throw new SeedError(
        'E_NO_MORE_STEPS',
        `Render job ${job.id} went through ${path.length} steps (${path.join(' → ')}); a step event #${index + 1} would record a step it never took.`,
        {
          fix: 'Create its events once (f.renderJob.transient({ withEvents: true })), or pass to_step yourself.',
        },
      );
    }
    const to = explicit ?? (path[index] as Step);
    const from = index > 0 ? (path[index - 1] ?? null) : null;
    return {
      render_job_id: job.id,
      from_step: from,
      to_step: to,
      progress: STEP_PROGRESS[to][0],
      node_id: to === 'Queued' || to === 'Done' ? null : parent('render.nodes').id,
      message: STEP_MESSAGES[to],
      created_at: pathTimes(run, job, now).get(to) ?? toDate(job.queued_at) ?? now,
    };
  },
});
