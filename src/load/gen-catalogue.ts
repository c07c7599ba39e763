import { HOUR } from '../domain/calendar.js';
import { BRAND_FONTS, type CategoryKey, FINAL_COMP_NAME, templateObjectKey } from '../domain/catalogue.js';
import { AE_MIN_VERSIONS } from '../domain/render-farm.js';
import { latinSlug } from '../domain/transliterate.js';
import type { Row } from '../sql/copy-text.js';
import { loadTable } from '../sql/load-table.js';
import { hex, uuid } from './fast-format.js';
import { fixed, json, jsonString } from './literals.js';
import type { TenantContext } from './tenant-context.js';

export const categoriesTable = loadTable('content.categories', [
  'id',
  'tenant_id',
  'slug',
  'name',
  'name_en',
  'description',
  'icon_url',
  'color',
  'sort_order',
  'is_active',
  'seo_title',
  'metadata',
  'created_at',
  'updated_at',
]);

/** The id of a tenant's category (a pure function of the tenant and the key: containers point at it). */
function categoryId(ctx: TenantContext, key: CategoryKey): string {
  return uuid(ctx.stream('content.categories', key));
}

/** content.categories: the tenant's catalogue categories, only those its templates sit in. */
export function* categoryRows(ctx: TenantContext): Generator<Row> {
  const { tenant, core } = ctx;
  for (const [i, category] of ctx.categories.entries()) {
    const rng = ctx.stream('content.categories', `${category.key}+`);
    const at = tenant.createdAt + 30 * 60_000 + i * 60_000;
    yield [
      categoryId(ctx, category.key),
      tenant.id,
      latinSlug(category.nameEn),
      category.name,
      category.nameEn,
      category.description,
      `https://cdn.${core.domain}/categories/${category.key}.svg`,
      `#${hex(rng, 6).toUpperCase()}`,
      i,
      true,
      `قالب‌های ${category.name} | ${core.name}`,
      json({ key: category.key }),
      at,
      at,
    ];
  }
}

export const containersTable = loadTable('content.containers', [
  'id',
  'tenant_id',
  'category_id',
  'slug',
  'name',
  'name_en',
  'description',
  'cover_image_url',
  'preview_video_url',
  'status',
  'is_premium',
  'is_featured',
  'min_plan_code',
  'sort_order',
  'view_count',
  'use_count',
  'seo_title',
  'seo_description',
  'published_at',
  'metadata',
  'created_at',
  'updated_at',
]);

/** content.containers: each tenant's own small template catalogue, each template in its category. */
export function* containerRows(ctx: TenantContext): Generator<Row> {
  const { tenant, core } = ctx;
  for (const c of ctx.containers) {
    const rng = ctx.stream('content.containers', `${c.index}+`);
    const published = c.createdAt + rng.int(1, 48) * HOUR;
    const cdn = `https://cdn.${core.domain}/templates/${c.id}`;
    yield [
      c.id,
      tenant.id,
      categoryId(ctx, c.category.key),
      c.slug,
      c.name,
      c.nameEn,
      rng.pick(ctx.pools.faSentences),
      `${cdn}/cover.webp`,
      `${cdn}/preview.mp4`,
      'Published',
      c.premium,
      c.index < 3,
      c.premium ? 'pro' : null,
      c.index,
      rng.int(100, 60_000),
      rng.int(0, 4_000),
      `${c.name} | ${core.name}`,
      rng.pick(ctx.pools.faSentences),
      published,
      json({
        category: c.category.key,
        occasion: c.template.occasion,
        imported_from: 'flatrender-catalogue',
      }),
      c.createdAt,
      published,
    ];
  }
}

export const projectsTable = loadTable('content.projects', [
  'id',
  'tenant_id',
  'container_id',
  'name',
  'project_type',
  'aspect_ratio',
  'width',
  'height',
  'fps',
  'duration_sec',
  'min_scenes',
  'max_scenes',
  'aep_object_key',
  'aep_is_bundle',
  'aep_md5',
  'aep_size_bytes',
  'ae_min_version',
  'final_comp_name',
  'thumbnail_url',
  'preview_video_url',
  'status',
  'is_default',
  'sort_order',
  'published_at',
  'metadata',
  'created_at',
  'updated_at',
]);

/** content.projects: the aspect-ratio variants of each container (the first is the default). */
export function* projectRows(ctx: TenantContext): Generator<Row> {
  const { tenant, core } = ctx;
  for (const p of ctx.projects) {
    const rng = ctx.stream('content.projects', `${p.index}+`);
    const wide = p.aspectW >= p.aspectH;
    const width = wide ? Math.round((1080 * p.aspectW) / p.aspectH / 2) * 2 : 1080;
    const height = wide ? 1080 : Math.round((1080 * p.aspectH) / p.aspectW / 2) * 2;
    const bundle = rng.bool(0.2);
    const published = p.createdAt + rng.int(1, 48) * 3_600_000;
    yield [
      p.id,
      tenant.id,
      p.container.id,
      `${p.container.name} (${p.aspect})`,
      p.flexible ? 'Flexible' : 'Fix',
      p.aspect,
      width,
      height,
      fixed(p.fps, 3),
      fixed(p.durationMs / 1000, 3),
      p.flexible ? 2 : null,
      p.flexible ? rng.int(6, 12) : null,
      templateObjectKey(p.id, bundle),
      bundle,
      p.md5,
      rng.int(20, 900) * 1_048_576,
      rng.pick(AE_MIN_VERSIONS),
      FINAL_COMP_NAME,
      `https://cdn.${core.domain}/templates/${p.id}/thumb.webp`,
      `https://cdn.${core.domain}/templates/${p.id}/preview.mp4`,
      'Published',
      p.variant === 0,
      p.variant,
      published,
      json({ scenes: p.flexible ? rng.int(4, 12) : rng.int(1, 5), fonts: [BRAND_FONTS[0]] }),
      p.createdAt,
      published,
    ];
  }
}

export const savedProjectsTable = loadTable('studio.saved_projects', [
  'id',
  'tenant_id',
  'user_id',
  'project_id',
  'container_id',
  'title',
  'status',
  'quality',
  'data',
  'colors',
  'duration_sec',
  'music_url',
  'music_start_ms',
  'music_volume',
  'sfx_volume',
  'voiceover_volume',
  'voiceover_url',
  'voiceover_source',
  'voiceover_duration_ms',
  'voiceover_offset_ms',
  'voiceover_ducking',
  'thumbnail_url',
  'last_render_job_id',
  'render_count',
  'version',
  'metadata',
  'created_at',
  'updated_at',
]);

/** saved_projects.metadata: the same document on every row. */
const STUDIO_EDITOR = json({ editor: 'studio-v2' });

/**
 * studio.saved_projects: made after render.render_jobs (no foreign key either way), so each row
 * can carry its render count and last render job, counted while the jobs were made.
 */
export function* savedProjectRows(ctx: TenantContext): Generator<Row> {
  const { tenant, plan } = ctx;
  const renders = ctx.savedRenders!;
  for (const sp of ctx.savedProjects) {
    const rng = ctx.stream('studio.saved_projects', `${sp.index}+`);
    const project = ctx.projects[sp.projectIndex]!;
    const count = renders.count[sp.index]!;
    const lastAt = renders.lastAt[sp.index]!;
    const edited = Math.min(plan.nowMs - 60_000, sp.createdAt + rng.int(60, 7_200) * 1000);
    const updated = Math.max(edited, count > 0 ? lastAt : 0);
    const voiceoverMs = sp.voiceover ? rng.int(8, 40) * 1000 : null;
    const music = rng.bool(0.7);
    yield [
      sp.id,
      tenant.id,
      ctx.users[sp.userIndex]!.id,
      project.id,
      project.container.id,
      sp.title,
      count > 0 ? (rng.bool(0.05) ? 'Archived' : 'Rendered') : 'Draft',
      sp.quality,
      // By hand (literals.ts): the same text as JSON.stringify, the same draws in the same order.
      `{"scenes":[{"key":"s1","texts":{"title":${jsonString(sp.title)}}},{"key":"s2","texts":{"subtitle":${jsonString(
        rng.pick(ctx.pools.faSentences),
      )}}}],"logo":${rng.bool(0.6) ? jsonString(`uploads/${tenant.id}/logo.png`) : 'null'}}`,
      `{"primary":${jsonString(`#${hex(rng, 6).toUpperCase()}`)},"secondary":${jsonString(`#${hex(rng, 6).toUpperCase()}`)}}`,
      fixed(project.durationMs / 1000, 3),
      music ? `minio://audio/library/${hex(rng, 12)}.mp3` : null,
      music ? rng.int(0, 20) * 500 : 0,
      fixed(sp.musicVolume, 3),
      '1.000',
      '1.000',
      sp.voiceover ? `minio://voiceovers/${tenant.id}/${sp.id}.m4a` : null,
      sp.voiceover ? rng.pick(['Upload', 'Recording', 'Tts']) : null,
      voiceoverMs === null ? null : voiceoverMs,
      0,
      true,
      `https://cdn.${ctx.core.domain}/studio/${sp.id}/thumb.webp`,
      renders.lastJobId[sp.index] ?? null,
      count,
      1 + rng.int(0, 30),
      STUDIO_EDITOR,
      sp.createdAt,
      updated,
    ];
  }
}
