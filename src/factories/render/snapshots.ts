import { createHash } from 'node:crypto';
import { BYTES_PER_SECOND } from '../../domain/media.js';
import { QUALITY_WEIGHTS } from '../../domain/pricing.js';
import { digest } from '../../domain/realism.js';
import { SeedError } from '../../errors.js';
import type { RenderSnapshotStatus, RenderVideoQuality } from '../../schema/generated/tables.js';
import { defineFactory } from '../core/factory.js';
import {
  clampToNow,
  type JobLike,
  jobOf,
  later,
  nextWithin,
  num,
  round3,
  stepTime,
  toDate,
} from './shared.js';

/**
 * The snapshot cache key: sha256 of the canonical JSON of what the rendered segment depends on
 * (template, scene, its values, quality, frame rate, engine). The values carry the row number, so
 * two snapshots of one run never share a key.
 */
export function snapshotCacheKey(input: {
  template_md5: string;
  scene_key: string;
  quality: string;
  fps: number;
  values: Record<string, unknown>;
}): string {
  const canonical = JSON.stringify({
    engine: 'AfterEffects 26.0',
    fps: input.fps,
    quality: input.quality,
    scene_key: input.scene_key,
    template_md5: input.template_md5,
    values: Object.fromEntries(Object.entries(input.values).sort(([a], [b]) => a.localeCompare(b))),
  });
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * render.snapshots: a rendered scene segment of the current project, produced by the current job
 * when it is a started job of that project (else by an earlier, purged job); Ready by default.
 */
export const snapshotFactory = defineFactory('render.snapshots', {
  parents: ['content.projects', 'content.scenes', 'render.render_jobs'],
  defaults: ({ parent, rng }) => {
    const project = parent('content.projects');
    const scene = parent('content.scenes');
    const job = parent('render.render_jobs');
    const ownScene = scene.project_id === project.id;
    const fromJob = job.project_id === project.id && Boolean(job.started_at);
    return {
      project_id: project.id,
      scene_id: ownScene ? scene.id : null,
      scene_key: ownScene ? scene.key : `scene-${rng.int(1, 6)}`,
      template_md5: (fromJob ? job.template_md5 : null) ?? project.aep_md5 ?? digest(rng, 32),
      quality: fromJob ? job.quality : rng.weighted(QUALITY_WEIGHTS),
      source_render_job_id: fromJob ? job.id : null,
      status: 'Ready',
      duration_sec: round3(num(ownScene ? scene.duration_sec : null) || rng.int(3, 12)),
      hit_count: rng.int(0, 40),
    };
  },
  finalize: (row, { parent, rng, now, n, past, tenantId, run }) => {
    const project = parent('content.projects');
    const job: JobLike = parent('render.render_jobs');
    const status = row.status as RenderSnapshotStatus;
    const fps = row.source_render_job_id === job.id ? num(job.fps, 30) : num(project.fps, 30);
    const duration = num(row.duration_sec);
    const cacheKey = snapshotCacheKey({
      template_md5: String(row.template_md5),
      scene_key: String(row.scene_key),
      quality: String(row.quality),
      fps,
      values: { project_id: row.project_id, n },
    });
    // Made while its job rendered; a snapshot of an earlier job predates the current one.
    const created =
      row.source_render_job_id === job.id
        ? stepTime(run, job, 'Rendering', now)
        : new Date((toDate(job.queued_at) ?? past(60, 1)).getTime() - rng.int(1, 20) * 86_400_000);
    const hits = status === 'Ready' || status === 'Stale' ? num(row.hit_count) : 0;
    const lastHit = hits > 0 ? clampToNow(later(rng, created, 600, 10 * 86_400), now) : null;
    const rendered = status === 'Ready' || status === 'Stale';
    const expires = status === 'Ready' ? new Date(now.getTime() + rng.int(1, 30) * 86_400_000) : null;
    return {
      cache_key: cacheKey,
      frame_count: rendered ? Math.round(duration * fps) : null,
      segment_url: rendered ? `minio://snapshots/${tenantId}/${cacheKey}.mov` : null,
      thumbnail_url: rendered ? `https://cdn.flatrender.ir/snapshots/${cacheKey}.jpg` : null,
      size_bytes: rendered
        ? Math.round(duration * BYTES_PER_SECOND[row.quality as RenderVideoQuality] * 3)
        : null,
      hit_count: hits,
      last_hit_at: lastHit,
      expires_at: expires,
      created_at: created,
      updated_at: lastHit ?? created,
    };
  },
  traits: {
    failed: (_t) => ({ status: 'Failed' }),
    /** Its template changed since: the key no longer matches new renders. */
    stale: (_t) => ({ status: 'Stale' }),
    /** Ready but past its expiry: what the ExpiredSnapshots cleanup deletes. */
    expired: ({ now, rng }) => ({
      status: 'Ready',
      expires_at: new Date(now.getTime() - rng.int(1, 72) * 3600_000),
    }),
  },
});

/**
 * render.render_job_snapshots: scene k of the current job (k counted per job) and the snapshot it
 * used; reused (a cache hit) exactly when the snapshot came from another job.
 */
export const renderJobSnapshotFactory = defineFactory('render.render_job_snapshots', {
  parents: ['render.render_jobs', 'render.snapshots'],
  defaults: ({ parent, overrides, run }) => {
    const job = jobOf('render.render_job_snapshots', overrides, parent('render.render_jobs'));
    const snapshot = parent('render.snapshots');
    const index = overrides.scene_index ?? nextWithin(run, 'scene', job);
    const scenes = (job.config as { scenes?: unknown[] } | null)?.scenes;
    if (Array.isArray(scenes) && index >= scenes.length) {
      throw new SeedError(
        'E_NO_SUCH_SCENE',
        `Render job ${job.id} renders ${scenes.length} scenes (0–${scenes.length - 1}); scene_index ${index} is not one of them.`,
        { fix: 'Link each scene of a job once, or make another job current first.' },
      );
    }
    return {
      render_job_id: job.id,
      snapshot_id: snapshot.id,
      scene_index: index,
      reused: snapshot.source_render_job_id !== job.id,
    };
  },
  traits: {
    /** A cache hit: the snapshot was rendered for an earlier job. */
    reused: (_t) => ({ reused: true }),
  },
  beforeCreate: async (row, { db, create }) => {
    const { rows } = await db.query<{ source: string | null }>(
      'SELECT source_render_job_id AS source FROM render.snapshots WHERE id = $1',
      [row.snapshot_id],
    );
    const own = rows[0]?.source === row.render_job_id;
    if (own === !row.reused) return undefined;
    // The current snapshot contradicts `reused`: link one that does not.
    const snapshot = await create('render.snapshots', {
      source_render_job_id: row.reused ? null : (row.render_job_id ?? null),
    });
    return { snapshot_id: snapshot.id };
  },
});
