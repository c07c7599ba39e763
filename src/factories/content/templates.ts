import { TEMPLATES as CATALOGUE, FINAL_COMP_NAME, templateObjectKey } from '../../domain/catalogue.js';
import { BUCKETS } from '../../domain/files.js';
import type { Random } from '../../domain/random.js';
import { digest, hexColor, objectUrl, slug } from '../../domain/realism.js';
import { AE_MIN_VERSIONS } from '../../domain/render-farm.js';
import type { ContentAspectRatio } from '../../schema/generated/tables.js';
import { defineFactory } from '../core/factory.js';
import {
  COLOR_SLOTS,
  cdn,
  createdAfter,
  cycled,
  ensureProjectColorKeys,
  latest,
  toDate,
  within,
} from './helpers.js';

/** Catalogue templates as a Persian user browses them, with their English names (domain/catalogue.ts). */
const TEMPLATES = CATALOGUE.map((t) => [t.name, t.nameEn] as const);

/** The render sizes of each aspect variant; the first three are what every template ships. */
const ASPECTS: readonly { ratio: ContentAspectRatio; width: number; height: number; label: string }[] = [
  { ratio: 'Wide16x9', width: 1920, height: 1080, label: '۱۶:۹' },
  { ratio: 'Square1x1', width: 1080, height: 1080, label: '۱:۱' },
  { ratio: 'Tall9x16', width: 1080, height: 1920, label: '۹:۱۶' },
  { ratio: 'Portrait4x5', width: 1080, height: 1350, label: '۴:۵' },
];

/** Publication time: a template goes live within two weeks of its upload; drafts have none. */
function publishedAt(status: unknown, created: Date, rng: Random, now: Date): Date | null {
  return status === 'Draft' ? null : within(rng, created, 14, now);
}

/**
 * content.containers: a catalogue template ('تیزر تبلیغاتی نوروز') in the current category,
 * published by default; view/use counters and published_at follow the status.
 */
export const containerFactory = defineFactory('content.containers', {
  parents: ['content.categories'],
  // The template and its round follow the row number; only the unique slug carries the seed's uid.
  defaults: ({ n, uid, parent, past }) => {
    const { item, suffix } = cycled(TEMPLATES, n);
    const [name, nameEn] = item;
    const created = past(540, 20);
    return {
      category_id: parent('content.categories').id,
      slug: slug(nameEn, uid),
      name: suffix ? `${name} ${suffix}` : name,
      name_en: suffix ? `${nameEn} ${suffix}` : nameEn,
      status: 'Published',
      sort_order: n,
      metadata: { source: 'seed' },
      created_at: created,
    };
  },
  finalize: (row, { rng, now }) => {
    const created = toDate(row.created_at, now);
    const published = publishedAt(row.status, created, rng, now);
    const views = published ? rng.int(300, 60_000) : 0;
    // Copy and media paths name the template as finally named (a caller may name it).
    const name = String(row.name);
    return {
      description: `قالب آماده «${name}»: متن، لوگو و رنگ‌ها را عوض کنید و ویدیو را در چند دقیقه رندر بگیرید.`,
      cover_image_url: cdn(`containers/${row.slug}/cover.webp`),
      preview_video_url: cdn(`containers/${row.slug}/preview.mp4`),
      seo_title: `ساخت ویدیو ${name} آنلاین | فلت‌رندر`,
      seo_description: `${name} را بدون افترافکت و در مرورگر بسازید؛ نسخه‌های ۱۶:۹، مربع و استوری.`,
      published_at: published,
      view_count: views,
      // A render is started from a fraction of the views.
      use_count: Math.floor(views * (0.03 + rng.next() * 0.09)),
      updated_at: latest(created, published ?? created),
    };
  },
  traits: {
    published: (_t) => ({ status: 'Published' }),
    draft: (_t) => ({ status: 'Draft' }),
    unpublished: (_t) => ({ status: 'Unpublished' }),
    archived: (_t) => ({ status: 'Archived' }),
    premium: (_t) => ({ is_premium: true, min_plan_code: 'pro' }),
    featured: (_t) => ({ is_featured: true, sort_order: 0 }),
  },
});

/**
 * content.container_tags: the current container tagged with the current tag. When that pair is
 * already linked (a second create() in one context), a fresh tag with usage_count 1 is made for
 * the row instead, so repeated create() calls give a container several tags without collisions.
 */
export const containerTagFactory = defineFactory('content.container_tags', {
  parents: ['content.containers', 'content.tags'],
  defaults: ({ parent }) => ({
    container_id: parent('content.containers').id,
    tag_id: parent('content.tags').id,
  }),
  beforeCreate: async (row, { db, create }) => {
    const { rowCount } = await db.query(
      'SELECT 1 FROM content.container_tags WHERE container_id = $1 AND tag_id = $2',
      [row.container_id, row.tag_id],
    );
    if (!rowCount) return undefined;
    const tag = await create('content.tags', { usage_count: 1 });
    return { tag_id: tag.id };
  },
});

/**
 * content.projects: one aspect variant of the current container. The aspect walks 16:9, 1:1, 9:16
 * with n, so three create() calls in one container give its three variants (a fourth collides on
 * the one-project-per-aspect key: pass aspect_ratio). Unless told, the first live project of a
 * container becomes its default (decided on create, from the database). The AEP lives under
 * templates/<project id>/.
 */
export const projectFactory = defineFactory('content.projects', {
  parents: ['content.containers'],
  defaults: ({ n, rng, parent, now }) => {
    const container = parent('content.containers');
    const aspect = ASPECTS[(n - 1) % 3]!;
    return {
      container_id: container.id,
      project_type: 'Fix',
      aspect_ratio: aspect.ratio,
      fps: rng.pick([30, 30, 25]),
      duration_sec: rng.pick([10, 15, 20, 30, 45]),
      aep_is_bundle: false,
      aep_md5: digest(rng, 32),
      aep_size_bytes: rng.int(8, 240) * 1_048_576,
      ae_min_version: rng.pick(AE_MIN_VERSIONS),
      final_comp_name: FINAL_COMP_NAME,
      render_engine: 'AfterEffects',
      // A variant follows its container's publication unless told otherwise.
      status: container.status,
      metadata: { scanned_by: 'quick-scan', ae_project_version: rng.pick(['23.6', '24.6', '25.3']) },
      created_at: createdAfter(rng, container.created_at, now),
    };
  },
  finalize: (row, { parent, rng, now }) => {
    const aspect = ASPECTS.find((a) => a.ratio === row.aspect_ratio) ?? ASPECTS[0]!;
    const created = toDate(row.created_at, now);
    const published = publishedAt(row.status, created, rng, now);
    const remotion = row.render_engine === 'Remotion';
    const bundle = remotion || row.aep_is_bundle === true;
    return {
      name: `${parent('content.containers').name} — ${aspect.label}`,
      width: aspect.width,
      height: aspect.height,
      sort_order: ASPECTS.indexOf(aspect),
      aep_object_key: templateObjectKey(String(row.id), bundle),
      aep_is_bundle: bundle,
      ae_min_version: remotion ? null : row.ae_min_version,
      thumbnail_url: cdn(`templates/${row.id}/thumbnail.webp`),
      preview_video_url: cdn(`templates/${row.id}/preview.mp4`),
      published_at: published,
      updated_at: latest(created, published ?? created),
    };
  },
  beforeCreate: async (row, { db }) => {
    // is_default left unset by the caller and the traits: the container's first live variant is its default.
    if (row.is_default !== undefined || row.deleted_at) return undefined;
    const { rowCount } = await db.query(
      'SELECT 1 FROM content.projects WHERE container_id = $1 AND is_default AND deleted_at IS NULL',
      [row.container_id],
    );
    return { is_default: !rowCount };
  },
  traits: {
    published: (_t) => ({ status: 'Published' }),
    draft: (_t) => ({ status: 'Draft' }),
    unpublished: (_t) => ({ status: 'Unpublished' }),
    archived: (_t) => ({ status: 'Archived' }),
    wide: (_t) => ({ aspect_ratio: 'Wide16x9' }),
    square: (_t) => ({ aspect_ratio: 'Square1x1' }),
    tall: (_t) => ({ aspect_ratio: 'Tall9x16' }),
    portrait: (_t) => ({ aspect_ratio: 'Portrait4x5' }),
    /** Scenes chosen by the user (min..max), no fixed length. */
    flexible: (_t) => ({ project_type: 'Flexible', min_scenes: 3, max_scenes: 12, duration_sec: null }),
    mockup: (_t) => ({ project_type: 'Mockup', duration_sec: 8 }),
    /** The AEP and its footage zipped together (render nodes unpack it). */
    bundle: (_t) => ({ aep_is_bundle: true }),
    remotion: (_t) => ({ render_engine: 'Remotion', render_remotion_comp: 'NowruzGreeting' }),
  },
});

/** content.project_colors: the shared colour slots of the current project (primary, secondary, accent…). */
export const projectColorFactory = defineFactory('content.project_colors', {
  parents: ['content.projects'],
  defaults: ({ n, rng, parent, now }) => {
    const project = parent('content.projects');
    const { item, suffix } = cycled(COLOR_SLOTS, n);
    const created = createdAfter(rng, project.created_at, now);
    return {
      project_id: project.id,
      key: suffix ? `${item.key}_${suffix}` : item.key,
      label: item.label,
      label_en: item.label_en,
      default_hex: hexColor(rng),
      sort_order: COLOR_SLOTS.indexOf(item),
      created_at: created,
      updated_at: created,
    };
  },
});

/**
 * content.template_svg_previews: a dropped image of the current project traced to SVG, Ready by
 * default. color_map maps the traced fill of the current shared colour to that colour's key; on
 * create, any key the map names that the project lacks is added to its shared colours.
 */
export const templateSvgPreviewFactory = defineFactory('content.template_svg_previews', {
  parents: ['content.projects', 'content.project_colors', 'identity.users'],
  defaults: ({ n, rng, parent, now }) => {
    const project = parent('content.projects');
    return {
      project_id: project.id,
      source_image_url: objectUrl(BUCKETS.Upload, `svg-previews/${project.id}/source-${n}.png`),
      width: Math.round(project.width / 2),
      height: Math.round(project.height / 2),
      status: 'Ready',
      created_by: parent('identity.users').id,
      created_at: createdAfter(rng, project.created_at, now),
    };
  },
  finalize: (row, { parent, rng, after, now }) => {
    const created = toDate(row.created_at, now);
    if (row.status !== 'Ready') {
      return {
        svg_url: null,
        svg_markup: null,
        color_map: {},
        palette: [],
        generated_at: null,
        error_message:
          row.status === 'Failed' ? 'ردیابی ناموفق بود: تصویر ورودی کنتراست کافی ندارد (potrace)' : null,
        updated_at: created,
      };
    }
    const color = parent('content.project_colors');
    const fill = color.default_hex.toLowerCase();
    const others = [hexColor(rng).toLowerCase(), hexColor(rng).toLowerCase()];
    const generated = after(created, 5, 120);
    const at = generated < now ? generated : now;
    const [w, h] = [Number(row.width ?? 960), Number(row.height ?? 540)];
    const paths = [fill, ...others]
      .map((hex, i) => `<path fill="${hex}" d="M0 ${(i * h) / 3}h${w}v${h / 3}H0z"/>`)
      .join('');
    return {
      svg_url: cdn(`templates/${row.project_id}/previews/${row.id}.svg`),
      svg_markup: `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}">${paths}</svg>`,
      color_map: { [fill]: color.key },
      palette: [fill, ...others],
      generated_at: at,
      error_message: null,
      updated_at: at,
    };
  },
  beforeCreate: async (row, tools) => {
    const map = (row.color_map ?? {}) as Record<string, string>;
    const keys = Object.fromEntries(Object.entries(map).map(([fill, key]) => [key, fill.toUpperCase()]));
    await ensureProjectColorKeys(tools, row.project_id as string, keys);
    return undefined;
  },
  traits: {
    pending: (_t) => ({ status: 'Pending' }),
    tracing: (_t) => ({ status: 'Tracing' }),
    ready: (_t) => ({ status: 'Ready' }),
    failed: (_t) => ({ status: 'Failed' }),
  },
});
