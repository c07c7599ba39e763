import { CATEGORIES, FONT_FAMILIES } from '../../domain/catalogue.js';
import { digest, hexColor, objectUrl, slug } from '../../domain/realism.js';
import { defineFactory } from '../core/factory.js';
import { cdn, cycled, toDate } from './helpers.js';

/** The catalogue's categories (domain/catalogue.ts): Persian name, English name, description. */
const CATEGORY_ROWS = CATEGORIES.map((c) => [c.name, c.nameEn, c.description] as const);

const TAGS = [
  ['نوروز', 'Nowruz'],
  ['یلدا', 'Yalda'],
  ['تبلیغات', 'Advertising'],
  ['لوگو', 'Logo'],
  ['اینستاگرام', 'Instagram'],
  ['تیزر', 'Teaser'],
  ['عروسی', 'Wedding'],
  ['تولد', 'Birthday'],
  ['حراج', 'Sale'],
  ['مینیمال', 'Minimal'],
  ['تایپوگرافی', 'Typography'],
  ['موشن گرافیک', 'Motion Graphics'],
] as const;

/** Font families with their licences (domain/catalogue.ts): After Effects templates ship with these. */
const familiesOf = (script: 'Persian' | 'Latin') =>
  FONT_FAMILIES.filter(([, , s]) => s === script).map(([family, licence]) => [family, licence] as const);
const PERSIAN_FAMILIES = familiesOf('Persian');
const LATIN_FAMILIES = familiesOf('Latin');
const WEIGHTS = [
  [400, 'Regular'],
  [700, 'Bold'],
  [300, 'Light'],
  [500, 'Medium'],
  [900, 'Black'],
] as const;

/** content.categories: the catalogue's Persian top-level categories; `subcategory` hangs one under a fresh root. */
export const categoryFactory = defineFactory('content.categories', {
  // The item and its round follow the row number; only the unique slug carries the seed's uid.
  defaults: ({ n, uid, rng, past }) => {
    const { item, suffix } = cycled(CATEGORY_ROWS, n);
    const [name, nameEn, description] = item;
    const created = past(720, 60);
    return {
      slug: slug(nameEn, uid),
      name: suffix ? `${name} ${suffix}` : name,
      name_en: suffix ? `${nameEn} ${suffix}` : nameEn,
      description,
      color: hexColor(rng),
      sort_order: n,
      metadata: { depth: 0 },
      created_at: created,
      updated_at: created,
    };
  },
  // Media paths and SEO copy name the category as finally named (a caller may name it).
  finalize: (row) => ({
    icon_url: cdn(`categories/${row.slug}/icon.svg`),
    cover_url: cdn(`categories/${row.slug}/cover.webp`),
    seo_title: `قالب‌های ویدیویی ${row.name} | فلت‌رندر`,
    seo_description: `ساخت ویدیوی ${row.name} آنلاین و بدون نصب افترافکت. ${row.description}.`,
  }),
  traits: {
    inactive: (_t) => ({ is_active: false }),
    /** A second-level category: its root is created before it (see beforeCreate). */
    subcategory: (_t) => ({ metadata: { depth: 1 } }),
    deleted: ({ now }) => ({ deleted_at: now }),
  },
  beforeCreate: async (row, { create, now }) => {
    const depth = (row.metadata as { depth?: number } | undefined)?.depth ?? 0;
    if (depth === 0 || row.parent_id) return undefined;
    const root = await create('content.categories', {
      created_at: toDate(row.created_at, now),
      updated_at: toDate(row.created_at, now),
    });
    return { parent_id: root.id };
  },
});

/** content.tags: Persian catalogue tags; usage_count starts at 0 (the join factories' fresh tags count their one use). */
export const tagFactory = defineFactory('content.tags', {
  defaults: ({ n, uid, past }) => {
    const { item, suffix } = cycled(TAGS, n);
    const created = past(540, 30);
    return {
      slug: slug(item[1], uid),
      name: suffix ? `${item[0]} ${suffix}` : item[0],
      name_en: suffix ? `${item[1]} ${suffix}` : item[1],
      usage_count: 0,
      created_at: created,
      updated_at: created,
    };
  },
  traits: {
    deleted: ({ now }) => ({ deleted_at: now }),
  },
});

/** Family and weight for row n, walking family × weight of one list: a bijection on the first round. */
function fontPick(families: readonly (readonly [string, string])[], n: number) {
  const i = n - 1;
  return {
    family: families[i % families.length]![0],
    weight: WEIGHTS[Math.floor(i / families.length) % WEIGHTS.length]![0],
    firstRound: i < families.length * WEIGHTS.length,
  };
}

/**
 * content.fonts: Persian families (Vazirmatn, IRANSans, Yekan Bakh…) in several weights, installed
 * on the render nodes. The PostScript name (what After Effects matches, unique per tenant) is the
 * real-looking 'Vazirmatn-Bold' while n walks family × weight; past that round, or when the caller
 * picked family/weight, it carries n ('Vazirmatn-Bold-37').
 */
export const fontFactory = defineFactory('content.fonts', {
  defaults: ({ n, rng, past, after, now }) => {
    const created = past(540, 10);
    const installed = after(created, 120, 3 * 3600);
    const { family, weight } = fontPick(PERSIAN_FAMILIES, n);
    return {
      family,
      weight,
      style: 'Normal',
      format: 'Ttf',
      file_md5: digest(rng, 32),
      file_size_bytes: rng.int(45_000, 420_000),
      is_persian: true,
      is_active: true,
      installed_on_nodes_at: installed < now ? installed : now,
      metadata: { source: 'upload' },
      created_at: created,
      updated_at: installed < now ? installed : now,
    };
  },
  finalize: (row, { n, tenantId }) => {
    const family = String(row.family);
    const weight = WEIGHTS.find(([w]) => w === row.weight)?.[1] ?? `W${row.weight}`;
    const pick = fontPick(row.is_persian === false ? LATIN_FAMILIES : PERSIAN_FAMILIES, n);
    const plain = pick.firstRound && pick.family === family && pick.weight === row.weight;
    const postscript = `${family.replace(/\s+/g, '')}-${weight}${row.style === 'Italic' ? 'Italic' : ''}${plain ? '' : `-${n}`}`;
    const name = (row.postscript_name as string | undefined) ?? postscript;
    const ext = row.format === 'Otf' ? 'otf' : row.format === 'Woff2' ? 'woff2' : 'ttf';
    const license = [...PERSIAN_FAMILIES, ...LATIN_FAMILIES].find(([f]) => f === family)?.[1];
    return {
      postscript_name: postscript,
      file_url: objectUrl('fonts', `${tenantId}/${name}.${ext}`),
      preview_image_url: cdn(`fonts/${name}.png`),
      license: license ?? 'SIL Open Font License 1.1',
      scripts: row.is_persian === false ? ['en'] : ['fa', 'en'],
    };
  },
  traits: {
    /** A Latin-only family for English titles. */
    latin: ({ n }) => {
      const { family, weight } = fontPick(LATIN_FAMILIES, n);
      return { family, weight, is_persian: false };
    },
    italic: (_t) => ({ style: 'Italic' }),
    /** A web font for the studio's live preview only. */
    webfont: (_t) => ({ format: 'Woff2' }),
    /** Uploaded but not yet reported installed by the nodes (content.font.installed.v1 pending). */
    notInstalled: (_t) => ({ installed_on_nodes_at: null }),
    inactive: (_t) => ({ is_active: false }),
  },
});
