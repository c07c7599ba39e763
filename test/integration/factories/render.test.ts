import { describe, expect } from 'vitest';
import { SeedError } from '../../../src/errors.js';
import { createFactories, type Factories, factoryDefinitions } from '../../../src/factories/index.js';
import { snapshotCacheKey } from '../../../src/factories/render/snapshots.js';
import type { RenderRenderJobsRow } from '../../../src/schema/generated/tables.js';
import { verifyDatabase } from '../../../src/verify/verify-database.js';
import { createSeedTest } from '../../../src/vitest/index.js';

// Each test rolls back, so row numbers (node-1, …) restart without clashing with another test's.
const test = createSeedTest({ transaction: true });

const NOW = '2026-06-01T00:00:00Z';
const now = new Date(NOW);
const open = (db: Parameters<typeof createFactories>[0], seed = 7): Factories =>
  createFactories(db, { seed, now: NOW });

const STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;

/** Four jobs of every status, each status in a tenant of its own. */
async function jobsOfEveryStatus(f: Factories): Promise<RenderRenderJobsRow[]> {
  const jobs: RenderRenderJobsRow[] = [];
  for (const status of STATUSES) {
    const scoped = f.forTenant(await f.tenant.create());
    jobs.push(...(await scoped.renderJob.trait(status).createList(4)));
  }
  return jobs;
}

const ended = (job: RenderRenderJobsRow) => job.completed_at ?? job.failed_at ?? job.cancelled_at;

describe('f.node', () => {
  test('nodes are platform-wide, named node-<n>, in ir-thr on the 10.66.0.x mesh', async ({ db }) => {
    // Seed 1 in shard 0 (the default) names them node-1…; other seeds offset n (BuildTools.uid).
    const f = open(db, 1);
    const nodes = await f.node.createList(3);
    expect(nodes.map((n) => n.name)).toEqual(['node-1', 'node-2', 'node-3']);
    const other = await open(db, 2).node.create();
    expect(other.name).toMatch(/^node-\d{7,}$/);
    for (const node of nodes) {
      expect(node).not.toHaveProperty('tenant_id');
      expect(node.region).toBe('ir-thr');
      expect(node.mesh_ip).toMatch(/^10\.66\.0\.\d+$/);
      expect(node.hmac_secret_encrypted).toBeInstanceOf(Buffer);
      expect(node.hmac_secret_encrypted.length).toBe(60);
      expect(node.available_ae_versions).toContain(node.current_ae_version);
      expect(Number(node.cache_used_gb)).toBeLessThanOrEqual(node.cache_capacity_gb);
    }
  });

  test('each status trait gives coherent heartbeat, drain, load and crash columns', async ({ db }) => {
    const f = open(db);
    const online = await f.node.online().create();
    const busy = await f.node.busy().create();
    const draining = await f.node.draining().create();
    const offline = await f.node.offline().create();
    const crashed = await f.node.crashed().create();
    const maintenance = await f.node.maintenance().create();
    const provisioning = await f.node.provisioning().create();
    const dedicated = await f.node.dedicated().create();
    const gone = await f.node.decommissioned().create();
    for (const node of [online, busy, draining, offline, crashed, maintenance, dedicated, gone]) {
      expect(node.last_heartbeat_at!.getTime()).toBeLessThanOrEqual(now.getTime());
      expect(node.last_heartbeat_at!.getTime()).toBeGreaterThanOrEqual(node.created_at.getTime());
      expect(node.updated_at.getTime()).toBeGreaterThanOrEqual(node.created_at.getTime());
    }
    expect(now.getTime() - online.last_heartbeat_at!.getTime()).toBeLessThan(60_000);
    expect(online.online_since).not.toBeNull();
    expect(busy.active_frame_jobs).toBe(busy.max_concurrent_jobs);
    expect(draining.drain_requested_at).not.toBeNull();
    expect(offline.online_since).toBeNull();
    expect(offline.active_frame_jobs).toBe(0);
    expect(crashed.consecutive_crashes).toBeGreaterThan(0);
    expect(maintenance.is_enabled).toBe(false);
    // A machine being set up already runs its agent (domain/render-farm.ts), but no After Effects yet.
    expect(now.getTime() - provisioning.last_heartbeat_at!.getTime()).toBeLessThan(60_000);
    expect(provisioning.current_ae_version).toBeNull();
    // A crashed node went down at a crash it has not recovered from; its crashes came with it.
    const { rows: crashes } = await db.query(
      'SELECT recovered_at FROM render.node_crashes WHERE node_id = $1 ORDER BY occurred_at DESC',
      [crashed.id],
    );
    expect(crashes[0]).toEqual({ recovered_at: null });
    expect(dedicated.dedicated_tenant_id).toBe(f.context.tenantId);
    expect(gone.deleted_at).not.toBeNull();
  });

  test('template cache rows use the project aep_md5 and never collide on (node_id, template_md5)', async ({
    db,
  }) => {
    const f = open(db);
    const project = await f.project.create();
    const [first, ...more] = await f.nodeTemplateCache.createList(3);
    if (project.aep_md5) expect(first!.template_md5).toBe(project.aep_md5);
    expect(new Set([first, ...more].map((c) => c!.template_md5)).size).toBe(3);
    const evicted = await f.nodeTemplateCache.evicted().create();
    expect(evicted.evicted_at!.getTime()).toBeGreaterThanOrEqual(evicted.last_used_at.getTime());
    expect(evicted.last_used_at.getTime()).toBeGreaterThanOrEqual(evicted.cached_at.getTime());
  });

  test("health logs create their month's partition before inserting (never the _default one)", async ({
    db,
  }) => {
    const f = open(db);
    const log = await f.nodeHealthLog.create({ recorded_at: new Date('2025-03-15T10:00:00Z') });
    const { rows } = await db.query<{ part: string }>(
      'SELECT tableoid::regclass::text AS part FROM render.node_health_logs WHERE id = $1',
      [log.id],
    );
    expect(rows[0]?.part).toBe('render.node_health_logs_2025_03');
    for (const trait of ['busy', 'idle', 'missed'] as const) {
      await expect(f.nodeHealthLog.trait(trait).create()).resolves.toBeDefined();
    }
    const busy = await f.nodeHealthLog.busy().create();
    expect(Number(busy.cpu_percent)).toBeGreaterThanOrEqual(70);
    const { rows: stray } = await db.query('SELECT 1 FROM render.node_health_logs_default');
    expect(stray).toEqual([]);
  });

  test('crashes recover coherently: auto_recovered ⇒ a recovery action and recovered_at after occurred_at', async ({
    db,
  }) => {
    const f = open(db);
    const crashes = [
      ...(await f.nodeCrash.createList(10)),
      await f.nodeCrash.recovered().create(),
      await f.nodeCrash.manualRequired().create(),
      await f.nodeCrash.idle().create(),
      await f.nodeCrash.aeHang().create(),
      await f.nodeCrash.outOfMemory().create(),
    ];
    for (const crash of crashes) {
      if (crash.auto_recovered) {
        expect(crash.recovery_action).not.toBe('None');
        expect(crash.recovery_action).not.toBe('ManualRequired');
        expect(crash.recovered_at!.getTime()).toBeGreaterThan(crash.occurred_at.getTime());
      } else {
        expect(crash.recovered_at).toBeNull();
      }
      expect(crash.frames_reassigned > 0).toBe(crash.recovery_action === 'WorkReassigned');
      expect(crash.occurred_at.getTime()).toBeLessThanOrEqual(now.getTime());
      expect(crash.tenant_id === null).toBe(crash.render_job_id === null);
    }
    const idle = crashes[12]!;
    expect(idle.render_job_id).toBeNull();
    expect(idle.recovery_action).not.toBe('WorkReassigned');
  });
});

describe('f.renderJob', () => {
  test('total_frames = round(duration_sec × fps), for every status', async ({ db }) => {
    for (const job of await jobsOfEveryStatus(open(db))) {
      expect(job.total_frames).toBe(Math.round(Number(job.duration_sec) * Number(job.fps)));
    }
  });

  test('frames_done <= total_frames, for every status', async ({ db }) => {
    for (const job of await jobsOfEveryStatus(open(db))) {
      expect(job.frames_done).toBeGreaterThanOrEqual(0);
      expect(job.frames_done).toBeLessThanOrEqual(job.total_frames);
    }
  });

  test('queued_at <= started_at <= completed_at / failed_at / cancelled_at <= now, for every status', async ({
    db,
  }) => {
    for (const job of await jobsOfEveryStatus(open(db))) {
      const times = [job.queued_at, job.started_at, ended(job)].filter((d): d is Date => d !== null);
      const ms = times.map((d) => d.getTime());
      expect(ms).toEqual([...ms].sort((a, b) => a - b));
      expect(Math.max(...ms, job.updated_at.getTime())).toBeLessThanOrEqual(now.getTime());
      expect(job.created_at.getTime()).toBe(job.queued_at.getTime());
      expect(job.updated_at.getTime()).toBeGreaterThanOrEqual(job.created_at.getTime());
      expect(job.charged_at!.getTime()).toBeGreaterThanOrEqual(job.queued_at.getTime());
    }
  });

  test('a completed job is Done at 100 % with every frame, compute, a charge and its export', async ({
    db,
  }) => {
    const f = open(db);
    for (const job of [await f.renderJob.create(), ...(await f.renderJob.completed().createList(3))]) {
      expect(job.status).toBe('Completed');
      expect(job.step).toBe('Done');
      expect(job.progress).toBe(100);
      expect(job.frames_done).toBe(job.total_frames);
      expect(job.compute_seconds).toBeGreaterThan(0);
      expect(Number(job.cost_minor)).toBeGreaterThan(0);
      expect(job.charged_at).not.toBeNull();
      expect(job.completed_at).not.toBeNull();
      const { rows } = await db.query('SELECT * FROM render.exports WHERE render_job_id = $1', [job.id]);
      expect(rows).toHaveLength(1);
      const exported = rows[0]!;
      // Exports stay downloadable for 30 days after the job completes (domain/render-job.ts).
      expect(exported.status).toBe(exported.expires_at > now ? 'Ready' : 'Expired');
      expect(exported.expires_at.getTime()).toBe(job.completed_at!.getTime() + 30 * 86_400_000);
      expect(exported.user_id).toBe(job.user_id);
      expect(exported.tenant_id).toBe(job.tenant_id);
      expect([exported.width, exported.height, exported.quality]).toEqual([
        job.width,
        job.height,
        job.quality,
      ]);
      expect(Number(exported.duration_sec)).toBe(Number(job.duration_sec));
      expect(Number(exported.fps)).toBe(Number(job.fps));
      expect(Number(exported.size_bytes)).toBeGreaterThan(0);
      // A downloadable export has its link; an expired one's file is gone.
      if (exported.status === 'Ready')
        expect(exported.output_url).toMatch(/^https:\/\/cdn\.flatrender\.ir\//);
      else expect(exported.output_url).toBeNull();
    }
  });

  test('completed jobs ALWAYS have an export, however they were made', async ({ db }) => {
    const f = open(db);
    await f.renderJob.completed().createList(3);
    await f.renderJob.retry().create();
    await f.renderJob.transient({ withFrameJobs: true, withEvents: true }).create();
    await f.forTenant(await f.tenant.create()).nodeCrash.create();
    await f.forTenant(await f.tenant.create()).export.create();
    await f
      .forTenant(await f.tenant.create())
      .renderJobSnapshot.reused()
      .create();
    const { rows } = await db.query<{ jobs: number; missing: number; doubled: number }>(
      `SELECT count(*)::int AS jobs,
              count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM render.exports e WHERE e.render_job_id = j.id))::int AS missing,
              count(*) FILTER (WHERE (SELECT count(*) FROM render.exports e WHERE e.render_job_id = j.id) > 1)::int AS doubled
         FROM render.render_jobs j WHERE j.status = 'Completed'`,
    );
    expect(rows[0]!.jobs).toBeGreaterThanOrEqual(8);
    expect(rows[0]).toMatchObject({ missing: 0, doubled: 0 });
  });

  test('a failed job has error_code, error_message and failed_at, and progress < 100', async ({ db }) => {
    for (const job of await open(db).renderJob.failed().createList(8)) {
      expect(job.error_code).toMatch(/^[A-Z_]+$/);
      expect(job.error_message).toBeTruthy();
      expect(job.failed_at).not.toBeNull();
      expect(job.progress).toBeLessThan(100);
      expect(job.step).not.toBe('Done');
      expect(Number(job.refund_amount_minor)).toBe(Number(job.cost_minor));
    }
  });

  test('a cancelled job has cancel_reason, cancelled_at and refund_amount_minor <= cost_minor', async ({
    db,
  }) => {
    for (const job of await open(db).renderJob.cancelled().createList(8)) {
      expect(job.cancel_reason).toBeTruthy();
      expect(job.cancelled_at).not.toBeNull();
      expect(job.cancelled_by).toBe(job.user_id);
      expect(Number(job.refund_amount_minor)).toBeGreaterThan(0);
      expect(Number(job.refund_amount_minor)).toBeLessThanOrEqual(Number(job.cost_minor));
      expect(job.refunded_at!.getTime()).toBeGreaterThanOrEqual(job.cancelled_at!.getTime());
      expect(job.progress).toBeLessThan(100);
    }
  });

  test('a running job is Rendering with 0 < progress < 100 and frames_done consistent with progress', async ({
    db,
  }) => {
    const f = open(db);
    for (const job of await f.renderJob.running().createList(8)) {
      expect(job.started_at).not.toBeNull();
      expect(job.step).toBe('Rendering');
      expect(job.progress).toBeGreaterThan(0);
      expect(job.progress).toBeLessThan(100);
      expect(job.frames_done).toBeGreaterThan(0);
      expect(job.frames_done).toBeLessThan(job.total_frames);
      // Rendering spans 5–85 %: progress = 5 + ⌊80 × frames_done / total_frames⌋.
      expect(job.progress).toBe(5 + Math.floor((80 * job.frames_done) / job.total_frames));
      expect(job.active_nodes).toBeGreaterThan(0);
      expect(job.eta_seconds).toBeGreaterThan(0);
      expect(ended(job)).toBeNull();
    }
    const half = await f.renderJob.running().create({ progress: 45 });
    expect(half.progress).toBe(45);
    expect(5 + Math.floor((80 * half.frames_done) / half.total_frames)).toBe(45);
  });

  test('a queued job has not started: no started_at, step Queued, nothing rendered', async ({ db }) => {
    for (const job of await open(db).renderJob.queued().createList(4)) {
      expect(job.started_at).toBeNull();
      expect(ended(job)).toBeNull();
      expect([job.step, job.progress, job.frames_done, job.compute_seconds]).toEqual(['Queued', 0, 0, 0]);
    }
  });

  test('finalize derives from the final status but never overrides explicit values', async ({ db }) => {
    const f = open(db);
    const started = new Date('2026-05-10T08:00:00Z');
    const job = await f.renderJob.failed().create({
      step: 'Encoding',
      started_at: started,
      error_code: 'CUSTOM',
      compute_seconds: 1234,
    });
    expect(job.step).toBe('Encoding');
    expect(job.started_at).toEqual(started);
    expect(job.error_code).toBe('CUSTOM');
    expect(job.compute_seconds).toBe(1234);
    expect(job.frames_done).toBe(job.total_frames);
    expect(job.progress).toBeGreaterThanOrEqual(90);
    expect(job.failed_at!.getTime()).toBeGreaterThanOrEqual(started.getTime());
    const uhd = await f.renderJob.create({ quality: 'Uhd2160', duration_sec: 10, fps: 25 });
    expect(Math.min(uhd.width, uhd.height)).toBe(2160);
    expect(uhd.total_frames).toBe(250);
  });

  test('a Web job renders the current saved project and copies its volumes and voiceover', async ({ db }) => {
    const f = open(db);
    const saved = await f.savedProject.create();
    const job = await f.renderJob.create();
    expect(job.saved_project_id).toBe(saved.id);
    expect([job.user_id, job.project_id]).toEqual([saved.user_id, saved.project_id]);
    expect(Number(job.music_volume)).toBe(Number(saved.music_volume));
    expect(Number(job.sfx_volume)).toBe(Number(saved.sfx_volume));
    expect(Number(job.voiceover_volume)).toBe(Number(saved.voiceover_volume));
    expect(job.has_voiceover).toBe(saved.has_voiceover ?? Boolean(saved.voiceover_url));
    expect(job.quality).toBe(saved.quality);
  });

  test("a resellerApi job comes through the tenant's API key, without a saved project", async ({ db }) => {
    const f = open(db);
    const scoped = f.forTenant(await f.tenant.reseller().create());
    const [a, b] = await scoped.renderJob.resellerApi().createList(2);
    expect(a!.source).toBe('ResellerApi');
    expect(a!.saved_project_id).toBeNull();
    expect(a!.api_key_id).not.toBeNull();
    expect(b!.api_key_id).toBe(a!.api_key_id);
    const { rows } = await db.query('SELECT tenant_id FROM identity.tenant_api_keys WHERE id = $1', [
      a!.api_key_id,
    ]);
    expect(rows[0]?.tenant_id).toBe(a!.tenant_id);
    expect(a!.idempotency_key).not.toBe(b!.idempotency_key);
  });

  test('a retry points at its failed first attempt, which ended before the retry was queued', async ({
    db,
  }) => {
    const job = await open(db).renderJob.retry().create();
    expect(job.attempt).toBe(2);
    const { rows } = await db.query<RenderRenderJobsRow>('SELECT * FROM render.render_jobs WHERE id = $1', [
      job.retry_of_job_id,
    ]);
    const first = rows[0]!;
    expect([first.status, first.attempt]).toEqual(['Failed', 1]);
    expect(first.config).toEqual(job.config);
    expect(first.failed_at!.getTime()).toBeLessThanOrEqual(job.queued_at.getTime());
  });

  test('withFrameJobs creates all its frame jobs, and frame jobs match their job frame range', async ({
    db,
  }) => {
    const f = open(db);
    for (const status of STATUSES) {
      const job = await f.renderJob.trait(status).transient({ withFrameJobs: true }).create();
      const { rows } = await db.query(
        'SELECT * FROM render.frame_jobs WHERE render_job_id = $1 ORDER BY chunk_index',
        [job.id],
      );
      expect(rows).toHaveLength(Math.ceil(job.total_frames / job.chunk_size));
      rows.forEach((chunk, i) => {
        expect(chunk.chunk_index).toBe(i);
        expect(chunk.start_frame).toBe(i * job.chunk_size);
        expect(chunk.end_frame).toBe(Math.min(chunk.start_frame + job.chunk_size - 1, job.total_frames - 1));
        expect(chunk.tenant_id).toBe(job.tenant_id);
        if (chunk.finished_at) expect(chunk.finished_at.getTime()).toBeLessThanOrEqual(now.getTime());
      });
      expect(rows.at(-1)!.end_frame).toBe(job.total_frames - 1);
      const done = rows.filter((c) => c.status === 'Done').length;
      if (status === 'completed') expect(done).toBe(rows.length);
      if (status === 'queued')
        expect(rows.every((c) => c.status === 'Pending' && c.node_id === null)).toBe(true);
      if (status === 'running') expect(rows.some((c) => c.status === 'Rendering')).toBe(true);
    }
  });

  test("a frame job past its job's last chunk is refused with a clear error", async ({ db }) => {
    const f = open(db);
    const job = await f.renderJob.create({ duration_sec: 2, fps: 30 });
    await f.frameJob.createList(2);
    const error = await f.frameJob.create().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SeedError);
    expect((error as SeedError).code).toBe('E_NO_SUCH_CHUNK');
    expect((error as SeedError).message).toContain(job.id);
    const failed = await f.frameJob.failed().create({ chunk_index: 0, attempt: 2 });
    expect(failed.error_message).toBeTruthy();
    await expect(f.frameJob.reassigned().create({ chunk_index: 1, attempt: 2 })).resolves.toBeDefined();
  });

  test('withEvents logs each step the job went through, in order', async ({ db }) => {
    const f = open(db);
    const job = await f.renderJob.transient({ withEvents: true }).create();
    const { rows } = await db.query(
      'SELECT * FROM render.render_job_events WHERE render_job_id = $1 ORDER BY id',
      [job.id],
    );
    expect(rows.map((e) => e.to_step)).toEqual([
      'Queued',
      'Preparing',
      'Rendering',
      'Validating',
      'Encoding',
      'Uploading',
      'Done',
    ]);
    expect(rows[0]!.from_step).toBeNull();
    rows.slice(1).forEach((e, i) => {
      expect(e.from_step).toBe(rows[i]!.to_step);
      expect(e.created_at.getTime()).toBeGreaterThanOrEqual(rows[i]!.created_at.getTime());
    });
    expect(rows.at(-1)!.created_at).toEqual(job.completed_at);
    await expect(f.renderJobEvent.create()).rejects.toThrow(/E_NO_MORE_STEPS|never took/);
  });
});

describe('f.frameRepairJob', () => {
  test('repair jobs list frames within the job range, at least one, with attempt <= max_attempts', async ({
    db,
  }) => {
    const f = open(db);
    const job = await f.renderJob.create();
    const repairs = await f.frameRepairJob.createList(3);
    expect(repairs.map((r) => r.attempt)).toEqual([1, 2, 3]);
    const other = f.forTenant(await f.tenant.create());
    const failed = await other.frameRepairJob.failed().create();
    expect(failed.error_message).toBeTruthy();
    expect(failed.completed_at!.getTime()).toBeLessThanOrEqual(now.getTime());
    for (const repair of repairs) {
      const frames = [...repair.missing_frames, ...repair.corrupt_frames];
      expect(frames.length).toBeGreaterThan(0);
      for (const frame of frames) {
        expect(frame).toBeGreaterThanOrEqual(0);
        expect(frame).toBeLessThan(job.total_frames);
      }
      expect(repair.attempt).toBeLessThanOrEqual(repair.max_attempts);
      expect(repair.detected_at.getTime()).toBeGreaterThanOrEqual(job.started_at!.getTime() - 1);
    }
    await expect(f.frameRepairJob.create()).rejects.toThrow(/max_attempts/);
    const corrupt = await f
      .forTenant(await f.tenant.create())
      .frameRepairJob.corruptOnly()
      .create();
    expect(corrupt.missing_frames).toEqual([]);
    expect(corrupt.corrupt_frames.length).toBeGreaterThan(0);
  });

  test('a job that never rendered its frames gets no repair job', async ({ db }) => {
    const f = open(db);
    await f.renderJob.queued().create();
    await expect(f.frameRepairJob.create()).rejects.toThrow(/Validating/);
  });
});

describe('f.snapshot and f.renderJobSnapshot', () => {
  test('cache_key is the sha256 of the snapshot inputs: deterministic, and unique per tenant', async ({
    db,
  }) => {
    const f = open(db);
    const job = await f.renderJob.create();
    const snapshots = await f.snapshot.createList(3);
    expect(new Set(snapshots.map((s) => s.cache_key)).size).toBe(3);
    const first = snapshots[0]!;
    expect(first.cache_key).toMatch(/^[0-9a-f]{64}$/);
    expect(first.cache_key).toBe(
      snapshotCacheKey({
        template_md5: first.template_md5,
        scene_key: first.scene_key,
        quality: first.quality,
        fps: Number(job.fps),
        values: { project_id: first.project_id, n: 1 },
      }),
    );
    expect(first.source_render_job_id).toBe(job.id);
    expect(first.quality).toBe(job.quality);
    expect(first.segment_url).toContain(first.cache_key);
    const rebuilt = open(db).snapshot.build();
    expect(rebuilt.cache_key).toMatch(/^[0-9a-f]{64}$/);
    for (const trait of ['failed', 'stale', 'expired'] as const) {
      const s = await f
        .forTenant(await f.tenant.create())
        .snapshot.trait(trait)
        .create();
      if (trait === 'expired') expect(s.expires_at!.getTime()).toBeLessThan(now.getTime());
      if (trait === 'failed') expect([s.segment_url, s.size_bytes, s.hit_count]).toEqual([null, null, 0]);
    }
  });

  test('scene_index counts the scenes of a job, and reused marks cache hits only', async ({ db }) => {
    const f = open(db);
    const job = await f.renderJob.create();
    const own = await f.renderJobSnapshot.create();
    expect([own.scene_index, own.reused]).toEqual([0, false]);
    const hit = await f.renderJobSnapshot.reused().create();
    expect([hit.scene_index, hit.reused]).toEqual([1, true]);
    const { rows } = await db.query('SELECT source_render_job_id FROM render.snapshots WHERE id = $1', [
      hit.snapshot_id,
    ]);
    expect(rows[0]?.source_render_job_id).not.toBe(job.id);
    const scenes = (job.config as { scenes: unknown[] }).scenes.length;
    for (let i = 2; i < scenes; i++) await f.renderJobSnapshot.create();
    await expect(f.renderJobSnapshot.create()).rejects.toThrow(/scene_index/);
    // A later job using the first job's snapshot is a cache hit without being told.
    await f.renderJob.create();
    await expect(f.renderJobSnapshot.create()).resolves.toMatchObject({ scene_index: 0, reused: true });
  });
});

describe('f.export', () => {
  test('an export made on its own brings a job of the status it needs (UNIQUE render_job_id)', async ({
    db,
  }) => {
    const f = open(db);
    const job = await f.renderJob.create();
    const alone = await f.export.create();
    expect(alone.render_job_id).not.toBe(job.id);
    const { rows } = await db.query<RenderRenderJobsRow>('SELECT * FROM render.render_jobs WHERE id = $1', [
      alone.render_job_id,
    ]);
    expect(rows[0]?.status).toBe('Completed');
    const { rows: count } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM render.exports WHERE render_job_id = $1',
      [alone.render_job_id],
    );
    expect(count[0]?.n).toBe(1);
    const processing = await f.export.processing().create();
    const failed = await f.export.failed().create();
    const expired = await f.export.expired().create();
    const deleted = await f.export.deleted().create();
    await f.export.watermarked().create();
    expect(processing.output_url).toBeNull();
    expect(failed.expires_at).toBeNull();
    expect(expired.expires_at!.getTime()).toBeLessThan(now.getTime());
    expect(deleted.deleted_at!.getTime()).toBeGreaterThanOrEqual(deleted.expires_at!.getTime());
    const jobs = await db.query<{ status: string; step: string }>(
      'SELECT j.status, j.step FROM render.exports e JOIN render.render_jobs j ON j.id = e.render_job_id WHERE e.id = ANY($1)',
      [[processing.id, failed.id]],
    );
    expect(jobs.rows.map((j) => `${j.status}/${j.step}`).sort()).toEqual([
      'Failed/Uploading',
      'Running/Uploading',
    ]);
  });
});

describe('the render factories together', () => {
  test('every render factory and trait creates valid rows, and verify finds nothing wrong', async ({
    db,
  }) => {
    const f = open(db, 11);
    const names = [
      'node',
      'nodeTemplateCache',
      'nodeHealthLog',
      'nodeCrash',
      'renderJob',
      'renderJobEvent',
      'frameRepairJob',
      'snapshot',
      'frameJob',
      'renderJobSnapshot',
      'export',
    ] as const;
    for (const name of names) {
      await f[name].create();
      for (const trait of Object.keys(factoryDefinitions[name].traits ?? {})) {
        const scoped = f.forTenant(await f.tenant.create());
        await (scoped[name] as unknown as { trait(t: string): { create(): Promise<unknown> } })
          .trait(trait)
          .create();
      }
    }
    const violations = await verifyDatabase(db);
    expect(violations.filter((v) => v.table.startsWith('render.'))).toEqual([]);
  });
});
