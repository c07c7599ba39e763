import type { Occasion } from '../../domain/activity.js';
import { DAY, HOUR } from '../../domain/calendar.js';
import { COLOR_SLOTS } from '../../factories/content/helpers.js';
import type { RowOf } from '../../factories/core/table-meta.js';
import type { Timeline } from './timeline.js';
import type { DemoTenant, Template } from './world.js';

/**
 * The template catalogues: FlatRender's own in eight categories, and the smaller ones the
 * resellers and the enterprise keep for their customers. Every active category has published
 * templates; Nowruz and Yalda templates sit in Occasions (and sell in their run-ups, renders.ts).
 *
 * TODO(issue 11 item 5): take categories and templates from src/domain/catalogue.ts once it lands
 * on main (the bulk load's catalogue); until then the demo lists them here.
 */

type CategoryKey =
  | 'occasions'
  | 'advertising'
  | 'intro-logo'
  | 'social'
  | 'wedding-birthday'
  | 'infographics'
  | 'mockups'
  | 'real-estate-food';

const CATEGORIES: Readonly<
  Record<CategoryKey, readonly [name: string, nameEn: string, description: string]>
> = {
  occasions: ['مناسبتی', 'Occasions', 'قالب‌های نوروز، یلدا و مناسبت‌های ملی'],
  advertising: ['تبلیغاتی', 'Advertising', 'تیزرهای کوتاه برای معرفی کسب‌وکار و محصول'],
  'intro-logo': ['اینترو و لوگو', 'Intro & Logo', 'نمایش لوگو در چند ثانیه'],
  social: ['شبکه‌های اجتماعی', 'Social Media', 'استوری، ریلز و پست اینستاگرام'],
  'wedding-birthday': ['عروسی و تولد', 'Wedding & Birthday', 'دعوت‌نامه و تبریک'],
  infographics: ['اینفوگرافیک', 'Infographics', 'نمودار و آمار متحرک'],
  mockups: ['موکاپ', 'Mockups', 'نمایش طرح روی موبایل و لپ‌تاپ'],
  'real-estate-food': ['املاک و رستوران', 'Real Estate & Food', 'آگهی ملک و منوی رستوران'],
};

interface TemplateSpec {
  readonly name: string;
  readonly nameEn: string;
  readonly category: CategoryKey;
  readonly occasion: Occasion | null;
  /** Relative popularity (best sellers first). */
  readonly weight: number;
  readonly tags: readonly (readonly [string, string])[];
  readonly premium?: boolean;
  /** Its default aspect animates Haji Firuz and Amoo Nowruz. */
  readonly characters?: boolean;
}

const NOWRUZ = ['نوروز', 'Nowruz'] as const;
const YALDA = ['یلدا', 'Yalda'] as const;
const SALE = ['حراج', 'Sale'] as const;
const INSTAGRAM = ['اینستاگرام', 'Instagram'] as const;
const LOGO = ['لوگو', 'Logo'] as const;
const TEASER = ['تیزر', 'Teaser'] as const;
const MINIMAL = ['مینیمال', 'Minimal'] as const;
const MOTION = ['موشن گرافیک', 'Motion Graphics'] as const;
const WEDDING = ['عروسی', 'Wedding'] as const;
const BIRTHDAY = ['تولد', 'Birthday'] as const;

const t = (
  name: string,
  nameEn: string,
  category: CategoryKey,
  weight: number,
  tags: readonly (readonly [string, string])[],
  extra: Partial<Pick<TemplateSpec, 'occasion' | 'premium' | 'characters'>> = {},
): TemplateSpec => ({ name, nameEn, category, weight, tags, occasion: null, ...extra });

/** FlatRender's catalogue, best sellers first. */
const FLATRENDER: readonly TemplateSpec[] = [
  t('اینترو لوگو', 'Logo Intro', 'intro-logo', 14, [LOGO, MINIMAL]),
  t('استوری اینستاگرام', 'Instagram Story', 'social', 13, [INSTAGRAM, MINIMAL]),
  t('معرفی محصول', 'Product Showcase', 'advertising', 11, [TEASER, MOTION]),
  t('تیزر تبلیغاتی نوروز', 'Nowruz Promo Teaser', 'occasions', 6, [NOWRUZ, TEASER], { occasion: 'nowruz' }),
  t('تبریک شب یلدا', 'Yalda Night Greeting', 'occasions', 5, [YALDA], { occasion: 'yalda' }),
  t('تیزر فروش ویژه', 'Flash Sale Teaser', 'advertising', 8, [SALE, TEASER]),
  t('لوگو موشن', 'Logo Motion', 'intro-logo', 7, [LOGO, MOTION], { premium: true }),
  t('دعوت‌نامه عروسی', 'Wedding Invitation', 'wedding-birthday', 6, [WEDDING]),
  t('تبریک تولد', 'Birthday Greeting', 'wedding-birthday', 6, [BIRTHDAY]),
  t('تبریک نوروز با شخصیت‌های متحرک', 'Nowruz Greeting Characters', 'occasions', 4, [NOWRUZ, MOTION], {
    occasion: 'nowruz',
    characters: true,
    premium: true,
  }),
  t('استوری تخفیف', 'Discount Story', 'social', 6, [INSTAGRAM, SALE]),
  t('معرفی کسب‌وکار', 'Business Intro', 'advertising', 5, [TEASER]),
  t('اسلایدشو خاطرات', 'Memories Slideshow', 'wedding-birthday', 4, [BIRTHDAY, WEDDING]),
  t('معرفی رستوران', 'Restaurant Promo', 'real-estate-food', 4, [TEASER]),
  t('آگهی فروش ملک', 'Real Estate Listing', 'real-estate-food', 3, [TEASER, MINIMAL]),
  t('اینفوگرافیک متحرک', 'Animated Infographic', 'infographics', 3, [MOTION], { premium: true }),
  t('موکاپ موبایل', 'Phone Mockup', 'mockups', 3, [MINIMAL]),
  t('حراج شب یلدا', 'Yalda Night Sale', 'occasions', 3, [YALDA, SALE], { occasion: 'yalda' }),
  t('اسلایدشو هفت‌سین', 'Haft-Seen Slideshow', 'occasions', 2, [NOWRUZ], { occasion: 'nowruz' }),
  t('نمودار متحرک آمار فروش', 'Animated Sales Chart', 'infographics', 2, [MOTION]),
];

/** What the studio reseller sells under its own brand. */
const STUDIO: readonly TemplateSpec[] = [
  t('استوری اینستاگرام', 'Instagram Story', 'social', 10, [INSTAGRAM]),
  t('معرفی محصول', 'Product Showcase', 'advertising', 9, [TEASER]),
  t('تیزر فروش ویژه', 'Flash Sale Teaser', 'advertising', 6, [SALE]),
  t('اینترو لوگو', 'Logo Intro', 'advertising', 6, [LOGO]),
  t('تیزر تبلیغاتی نوروز', 'Nowruz Promo Teaser', 'occasions', 5, [NOWRUZ], { occasion: 'nowruz' }),
  t('تبریک شب یلدا', 'Yalda Night Greeting', 'occasions', 4, [YALDA], { occasion: 'yalda' }),
];

/** The agency's short list for its clients' campaigns. */
const AGENCY: readonly TemplateSpec[] = [
  t('معرفی کسب‌وکار', 'Business Intro', 'advertising', 8, [TEASER]),
  t('استوری تخفیف', 'Discount Story', 'advertising', 7, [SALE, INSTAGRAM]),
  t('حراج شب یلدا', 'Yalda Night Sale', 'occasions', 4, [YALDA, SALE], { occasion: 'yalda' }),
  t('تیزر تبلیغاتی نوروز', 'Nowruz Promo Teaser', 'occasions', 3, [NOWRUZ], { occasion: 'nowruz' }),
];

/** The retail chain's own branded templates. */
const ENTERPRISE: readonly TemplateSpec[] = [
  t('پیشنهاد ویژه هفته', 'Weekly Special Offer', 'advertising', 10, [SALE]),
  t('افتتاح شعبه جدید', 'New Branch Opening', 'advertising', 4, [TEASER]),
  t('جشنواره یلدای آفتاب', 'Aftab Yalda Festival', 'occasions', 5, [YALDA, SALE], { occasion: 'yalda' }),
  t('حراج نوروزی آفتاب', 'Aftab Nowruz Sale', 'occasions', 4, [NOWRUZ, SALE], { occasion: 'nowruz' }),
];

const SPECS = { flatrender: FLATRENDER, studio: STUDIO, agency: AGENCY, enterprise: ENTERPRISE } as const;

/** The aspect variants each tenant ships: FlatRender all three, the others fewer. */
const ASPECTS = {
  flatrender: ['wide', 'tall', 'square'],
  studio: ['wide', 'tall'],
  agency: ['tall', 'wide'],
  enterprise: ['wide', 'tall'],
} as const;

const PRESET_NAMES: Readonly<Record<Occasion | 'other', readonly [string, string]>> = {
  nowruz: ['نوروزی', 'Nowruz'],
  yalda: ['شب یلدا', 'Yalda Night'],
  other: ['کلاسیک', 'Classic'],
};

/** One template: its container, aspect projects with scenes and colours, and on its default project the extras. */
async function template(
  tenant: DemoTenant,
  spec: TemplateSpec,
  order: number,
  category: RowOf<'content.categories'>,
  tags: Map<string, RowOf<'content.tags'>>,
  fonts: readonly RowOf<'content.fonts'>[],
  created: number,
): Promise<Template> {
  const f = tenant.f;
  const base = f.use(category).container.published();
  const container = await (spec.premium ? base.premium() : base).create({
    name: spec.name,
    name_en: spec.nameEn,
    slug: spec.nameEn.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    sort_order: order,
    is_featured: order <= 3,
    metadata: { source: 'seed', ...(spec.occasion ? { occasion: spec.occasion } : {}) },
    created_at: new Date(created),
  });
  for (const [name] of spec.tags) await f.use(container, tags.get(name)!).containerTag.create();
  const projects: RowOf<'content.projects'>[] = [];
  const scenes = new Map<string, RowOf<'content.scenes'>[]>();
  // FlatRender's best sellers come in all three aspects, the rest in the two most rendered.
  const aspects = ASPECTS[tenant.key].slice(0, tenant.key === 'flatrender' && order > 8 ? 2 : 3);
  for (const aspect of aspects) {
    const project = await f
      .use(container)
      .project.published()
      .trait(aspect)
      .create({ created_at: new Date(created + (projects.length + 1) * HOUR) });
    projects.push(project);
    scenes.set(project.id, await scenesOf(tenant, project, fonts, projects.length === 1));
  }
  const [first] = projects;
  if (!first) throw new Error(`template ${spec.nameEn} of ${tenant.key} has no aspect project`);
  const main = f.use(first);
  await main.templateSvgPreview.ready().create();
  const [preset, presetEn] = PRESET_NAMES[spec.occasion ?? 'other'];
  await main.colorPreset.create({ name: preset, name_en: presetEn });
  await main.colorPreset.alternative().create({ name: 'پاستلی', name_en: 'Pastel' });
  if (spec.characters) {
    // Haji Firuz and Amoo Nowruz, each in two poses, cast in the template's middle scenes.
    const cast = [];
    for (let i = 0; i < 2; i++) {
      const character = await main.character.create();
      cast.push(character);
      await main.use(character).characterVariant.create();
      await main.use(character).characterVariant.create();
    }
    const middle = (scenes.get(first.id) ?? []).slice(1, 3);
    for (const [i, scene] of middle.entries()) {
      await main.use(scene, cast[i % cast.length]!).sceneCharacterSlot.create({
        allowed_character_ids: cast.map((c) => c.id),
        sort_order: 0,
      });
    }
  }
  return { container, projects, scenes, occasion: spec.occasion, weight: spec.weight };
}

/**
 * Three or four scenes of a project, each with a Persian text, a picture or logo slot and a
 * colour tied to the project's shared colours; the first project of a template also gets a
 * Latin line and, where characters exist, a character slot.
 */
async function scenesOf(
  tenant: DemoTenant,
  project: RowOf<'content.projects'>,
  fonts: readonly RowOf<'content.fonts'>[],
  first: boolean,
): Promise<RowOf<'content.scenes'>[]> {
  const p = tenant.f.use(project);
  const scenes: RowOf<'content.scenes'>[] = [];
  const colors = [];
  for (const [i, slot] of COLOR_SLOTS.slice(0, 3).entries()) {
    colors.push(
      await p.projectColor.create({
        key: slot.key,
        label: slot.label,
        label_en: slot.label_en,
        sort_order: i,
      }),
    );
  }
  const count = first ? 4 : 3;
  for (let i = 0; i < count; i++) {
    const scene = await p.scene.create({ sort_order: i, is_required: i === 0 || i === count - 1 });
    scenes.push(scene);
    const s = p.use(scene, fonts[i % fonts.length]!);
    await s.sceneElement.create({ sort_order: 0 });
    if (i === count - 1) await s.sceneElement.logo().create({ sort_order: 1 });
    else await s.sceneElement.media().create({ sort_order: 1 });
    if (first && i === 0) await s.sceneElement.english().create({ sort_order: 2 });
    await s.use(colors[i % colors.length]!).sceneColor.create({ sort_order: 0 });
  }
  return scenes;
}

/**
 * A tenant's catalogue: its categories (only those it has templates in, so every category shown
 * has some), tags, fonts and templates, uploaded over the months before its customers came.
 */
export async function makeCatalogue(tenant: DemoTenant, time: Timeline): Promise<Template[]> {
  const f = tenant.f;
  const specs = SPECS[tenant.key];
  const start = Math.min(tenant.since, tenant.row.created_at.getTime() + 2 * DAY) - 30 * DAY;
  const rng = time.rng(`catalogue|${tenant.key}`);
  const at = (i: number, of: number) => start + Math.floor(((i + rng.next()) / of) * 25 * DAY);

  const keys = [...new Set(specs.map((s) => s.category))];
  const categories = new Map<CategoryKey, RowOf<'content.categories'>>();
  for (const [i, key] of keys.entries()) {
    const [name, nameEn, description] = CATEGORIES[key];
    const when = new Date(start - DAY);
    categories.set(
      key,
      await f.category.create({
        slug: key,
        name,
        name_en: nameEn,
        description,
        sort_order: i + 1,
        created_at: when,
        updated_at: when,
      }),
    );
  }
  const tags = new Map<string, RowOf<'content.tags'>>();
  for (const [name, nameEn] of specs.flatMap((s) => s.tags)) {
    if (tags.has(name)) continue;
    const when = new Date(start - DAY);
    const slug = nameEn.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    tags.set(
      name,
      await f.tag.create({
        name,
        name_en: nameEn,
        slug,
        usage_count: specs.filter((s) => s.tags.some(([n]) => n === name)).length,
        created_at: when,
        updated_at: when,
      }),
    );
  }
  const uploaded = {
    created_at: new Date(start - 2 * DAY),
    installed_on_nodes_at: new Date(start - DAY),
    updated_at: new Date(start - DAY),
  };
  const fonts = [await f.font.create(uploaded), await f.font.create(uploaded)];
  if (tenant.key === 'flatrender') {
    fonts.push(await f.font.create(uploaded));
    await f.font.latin().create(uploaded);
  }

  const catalogue: Template[] = [];
  for (const [i, spec] of specs.entries()) {
    catalogue.push(
      await template(tenant, spec, i + 1, categories.get(spec.category)!, tags, fonts, at(i, specs.length)),
    );
  }
  if (tenant.key === 'flatrender') {
    // Work in progress and retired templates: in no category listing (not published).
    await f
      .use(categories.get('social')!)
      .container.draft()
      .create({
        name: 'ریلز معرفی فروشگاه',
        name_en: 'Shop Intro Reel',
        slug: 'shop-intro-reel',
        created_at: new Date(time.now - 6 * DAY),
      });
    await f
      .use(categories.get('advertising')!)
      .container.archived()
      .create({
        name: 'تیزر جشنواره تابستانه',
        name_en: 'Summer Festival Teaser',
        slug: 'summer-festival-teaser',
        created_at: new Date(start),
      });
  }
  return catalogue;
}
