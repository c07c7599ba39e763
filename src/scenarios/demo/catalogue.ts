import type { Occasion } from '../../domain/activity.js';
import { DAY, HOUR } from '../../domain/calendar.js';
import {
  CATEGORY_BY_KEY,
  type Template as CatalogueTemplate,
  type CategoryKey,
  TEMPLATES,
} from '../../domain/catalogue.js';
import { COLOR_SLOTS } from '../../factories/content/helpers.js';
import type { RowOf } from '../../schema/table-meta.js';
import type { Timeline } from './timeline.js';
import type { DemoTenant, Template, TenantKey } from './world.js';

/**
 * The template catalogues: FlatRender's best sellers in all eight categories of the domain's
 * catalogue (domain/catalogue.ts), and the smaller ones the resellers and the enterprise keep for
 * their customers. Every active category has published templates; Nowruz and Yalda templates sit
 * in Occasions (and sell in their run-ups, renders.ts).
 */

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

/** The tags a template is found by: its occasion, its category's, a sale when it is one. */
const CATEGORY_TAGS: Readonly<Record<CategoryKey, readonly [string, string]>> = {
  occasions: ['مناسبتی', 'Occasion'],
  advertising: ['تیزر', 'Teaser'],
  'intro-logo': ['لوگو', 'Logo'],
  social: ['اینستاگرام', 'Instagram'],
  'wedding-birthday': ['جشن', 'Celebration'],
  infographics: ['موشن گرافیک', 'Motion Graphics'],
  mockups: ['مینیمال', 'Minimal'],
  'real-estate-food': ['کسب‌وکار محلی', 'Local Business'],
};

function tagsOf(t: { category: CategoryKey; occasion: Occasion | null; nameEn: string }) {
  const tags: (readonly [string, string])[] = [CATEGORY_TAGS[t.category]];
  if (t.occasion === 'nowruz') tags.push(NOWRUZ);
  if (t.occasion === 'yalda') tags.push(YALDA);
  if (/Sale|Discount/.test(t.nameEn)) tags.push(SALE);
  return tags;
}

/** Templates that need a Pro plan, and the one that animates characters. */
const PREMIUM = new Set(['Logo Motion', 'Nowruz Greeting Characters', 'Animated Infographic']);
const CHARACTERS = 'Nowruz Greeting Characters';

function spec(t: CatalogueTemplate, weight: number): TemplateSpec {
  return {
    name: t.name,
    nameEn: t.nameEn,
    category: t.category,
    occasion: t.occasion,
    weight,
    tags: tagsOf(t),
    premium: PREMIUM.has(t.nameEn),
    characters: t.nameEn === CHARACTERS,
  };
}

/** Templates of the domain's catalogue by English name, best sellers first. */
function named(names: readonly string[]): TemplateSpec[] {
  return names.map((nameEn, i) => {
    const found = TEMPLATES.find((t) => t.nameEn === nameEn);
    if (!found) throw new Error(`no template ${nameEn} in domain/catalogue.ts`);
    return spec(found, Math.max(2, 10 - 1.5 * i));
  });
}

/** The retail chain's own branded templates (not sold to anyone else). */
const ENTERPRISE: readonly TemplateSpec[] = [
  {
    name: 'پیشنهاد ویژه هفته',
    nameEn: 'Weekly Special Offer',
    category: 'advertising',
    occasion: null,
    weight: 10,
    tags: [SALE],
  },
  {
    name: 'افتتاح شعبه جدید',
    nameEn: 'New Branch Opening',
    category: 'advertising',
    occasion: null,
    weight: 4,
    tags: [CATEGORY_TAGS.advertising],
  },
  {
    name: 'جشنواره یلدای آفتاب',
    nameEn: 'Aftab Yalda Festival',
    category: 'occasions',
    occasion: 'yalda',
    weight: 5,
    tags: [YALDA, SALE],
  },
  {
    name: 'حراج نوروزی آفتاب',
    nameEn: 'Aftab Nowruz Sale',
    category: 'occasions',
    occasion: 'nowruz',
    weight: 4,
    tags: [NOWRUZ, SALE],
  },
];

const SPECS: Readonly<Record<TenantKey, readonly TemplateSpec[]>> = {
  // FlatRender's twenty best sellers (Nowruz and Yalda among them), by popularity.
  flatrender: TEMPLATES.slice(0, 20).map((t, i) => spec(t, Math.max(2, 16 - i))),
  studio: named([
    'Instagram Story',
    'Product Showcase',
    'Flash Sale Teaser',
    'Logo Intro',
    'Nowruz Promo Teaser',
    'Yalda Night Greeting',
  ]),
  agency: named(['Business Intro', 'Discount Story', 'Yalda Night Sale', 'Nowruz Promo Teaser']),
  enterprise: ENTERPRISE,
};

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
    const { name, nameEn, description } = CATEGORY_BY_KEY.get(key)!;
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
