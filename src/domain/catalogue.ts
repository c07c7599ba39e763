import type { Occasion } from './activity.js';
import type { Random } from './random.js';

/**
 * FlatRender's template catalogue as a Persian user browses it: categories, and templates with
 * their Persian and English names, their category and the occasion they are made for. A Nowruz
 * or Yalda template sits in Occasions, and in an occasion's run-up a good share of renders use
 * that occasion's templates (OCCASION_SHARE; activity.ts says when a run-up is).
 */

export type CategoryKey =
  | 'occasions'
  | 'advertising'
  | 'intro-logo'
  | 'social'
  | 'wedding-birthday'
  | 'infographics'
  | 'mockups'
  | 'real-estate-food';

export interface Category {
  readonly key: CategoryKey;
  readonly name: string;
  readonly nameEn: string;
  readonly description: string;
}

export const CATEGORIES: readonly Category[] = [
  {
    key: 'occasions',
    name: 'مناسبتی',
    nameEn: 'Occasions',
    description: 'قالب‌های نوروز، یلدا و مناسبت‌های ملی',
  },
  {
    key: 'advertising',
    name: 'تبلیغاتی',
    nameEn: 'Advertising',
    description: 'تیزرهای کوتاه برای معرفی کسب‌وکار و محصول',
  },
  {
    key: 'intro-logo',
    name: 'اینترو و لوگو',
    nameEn: 'Intro & Logo',
    description: 'نمایش لوگو در چند ثانیه',
  },
  {
    key: 'social',
    name: 'شبکه‌های اجتماعی',
    nameEn: 'Social Media',
    description: 'استوری، ریلز و پست اینستاگرام',
  },
  {
    key: 'wedding-birthday',
    name: 'عروسی و تولد',
    nameEn: 'Wedding & Birthday',
    description: 'دعوت‌نامه و تبریک',
  },
  { key: 'infographics', name: 'اینفوگرافیک', nameEn: 'Infographics', description: 'نمودار و آمار متحرک' },
  { key: 'mockups', name: 'موکاپ', nameEn: 'Mockups', description: 'نمایش طرح روی موبایل و لپ‌تاپ' },
  {
    key: 'real-estate-food',
    name: 'املاک و رستوران',
    nameEn: 'Real Estate & Food',
    description: 'آگهی ملک و منوی رستوران',
  },
];

export const CATEGORY_BY_KEY: ReadonlyMap<CategoryKey, Category> = new Map(CATEGORIES.map((c) => [c.key, c]));

export interface Template {
  readonly name: string;
  readonly nameEn: string;
  readonly category: CategoryKey;
  /** The occasion it is made for: it sells in that occasion's run-up. */
  readonly occasion: Occasion | null;
}

const t = (
  name: string,
  nameEn: string,
  category: CategoryKey,
  occasion: Occasion | null = null,
): Template => ({
  name,
  nameEn,
  category,
  occasion,
});

/** Every catalogue template (the first ones are the best sellers). */
export const TEMPLATES: readonly Template[] = [
  t('اینترو لوگو', 'Logo Intro', 'intro-logo'),
  t('استوری اینستاگرام', 'Instagram Story', 'social'),
  t('تیزر تبلیغاتی', 'Promo Teaser', 'advertising'),
  t('تیزر تبلیغاتی نوروز', 'Nowruz Promo Teaser', 'occasions', 'nowruz'),
  t('تبریک شب یلدا', 'Yalda Night Greeting', 'occasions', 'yalda'),
  t('موشن گرافیک معرفی محصول', 'Product Explainer', 'advertising'),
  t('معرفی محصول', 'Product Showcase', 'advertising'),
  t('تیزر فروش ویژه', 'Flash Sale Teaser', 'advertising'),
  t('تبریک نوروز', 'Nowruz Greeting', 'occasions', 'nowruz'),
  t('لوگو موشن', 'Logo Motion', 'intro-logo'),
  t('دعوت‌نامه عروسی', 'Wedding Invitation', 'wedding-birthday'),
  t('تبریک تولد', 'Birthday Greeting', 'wedding-birthday'),
  t('اسلایدشو خاطرات', 'Memories Slideshow', 'wedding-birthday'),
  t('معرفی رستوران', 'Restaurant Promo', 'real-estate-food'),
  t('آگهی فروش ملک', 'Real Estate Listing', 'real-estate-food'),
  t('تبریک نوروز با شخصیت‌های متحرک', 'Nowruz Greeting Characters', 'occasions', 'nowruz'),
  t('اینفوگرافیک متحرک', 'Animated Infographic', 'infographics'),
  t('موکاپ موبایل', 'Phone Mockup', 'mockups'),
  t('حراج شب یلدا', 'Yalda Night Sale', 'occasions', 'yalda'),
  t('استوری یلدایی', 'Yalda Story', 'occasions', 'yalda'),
  t('اسلایدشو هفت‌سین', 'Haft-Seen Slideshow', 'occasions', 'nowruz'),
  t('تیتراژ ابتدایی', 'Opening Titles', 'intro-logo'),
  t('لوگو سه‌بعدی', '3D Logo', 'intro-logo'),
  t('معرفی کسب‌وکار', 'Business Intro', 'advertising'),
  t('معرفی اپلیکیشن', 'App Promo', 'advertising'),
  t('تیزر همایش', 'Event Teaser', 'advertising'),
  t('تیزر کنسرت', 'Concert Teaser', 'advertising'),
  t('استوری تخفیف', 'Discount Story', 'social'),
  t('پادکست تصویری', 'Video Podcast', 'social'),
  t('معرفی تیم', 'Team Intro', 'social'),
  t('اسلایدشو عکس', 'Photo Slideshow', 'wedding-birthday'),
  t('کلیپ تولد', 'Birthday Clip', 'wedding-birthday'),
  t('نمودار متحرک آمار فروش', 'Animated Sales Chart', 'infographics'),
  t('موکاپ لپ‌تاپ', 'Laptop Mockup', 'mockups'),
  t('منوی دیجیتال رستوران', 'Digital Restaurant Menu', 'real-estate-food'),
  t('تور مجازی ملک', 'Property Virtual Tour', 'real-estate-food'),
];

/** Font families templates and brands use, with their licences: Persian ones first. */
export const FONT_FAMILIES: readonly (readonly [
  family: string,
  licence: string,
  script: 'Persian' | 'Latin',
])[] = [
  ['Vazirmatn', 'SIL Open Font License 1.1', 'Persian'],
  ['IRANSans', 'تجاری — فونت ایران', 'Persian'],
  ['Yekan Bakh', 'تجاری — فونت ایران', 'Persian'],
  ['Shabnam', 'SIL Open Font License 1.1', 'Persian'],
  ['Sahel', 'SIL Open Font License 1.1', 'Persian'],
  ['Estedad', 'SIL Open Font License 1.1', 'Persian'],
  ['Montserrat', 'SIL Open Font License 1.1', 'Latin'],
  ['Inter', 'SIL Open Font License 1.1', 'Latin'],
  ['Poppins', 'SIL Open Font License 1.1', 'Latin'],
];

/** The Persian font families (what a tenant's branding picks from). */
export const PERSIAN_FONTS: readonly string[] = FONT_FAMILIES.filter(([, , s]) => s === 'Persian').map(
  ([f]) => f,
);

/** The fonts a tenant's branding picks from: the three Persian families brands use most. */
export const BRAND_FONTS: readonly string[] = PERSIAN_FONTS.slice(0, 3);

/** The After Effects composition the render farm renders: every template names its final comp this. */
export const FINAL_COMP_NAME = 'frfinal';

/** Where a template's project lives: a collected bundle (with its footage and fonts) or a bare .aep. */
export function templateObjectKey(projectId: string, bundle: boolean): string {
  return `templates/${projectId}/${bundle ? 'bundle.zip' : 'template.aep'}`;
}

/** The templates made for an occasion. */
export function templatesFor(occasion: Occasion): Template[] {
  return TEMPLATES.filter((x) => x.occasion === occasion);
}

/** In an occasion's run-up, the share of new renders (and saved projects) that use its templates. */
export const OCCASION_SHARE = 0.45;

/**
 * The templates of a catalogue of `count` (≥ 2) templates: the best sellers first (lightly
 * shuffled), and always one Nowruz and one Yalda template (every catalogue sells them), placed
 * after the first three so that they are not featured all year. Indices into TEMPLATES, without
 * repeats while the list lasts, then cycling.
 */
export function drawCatalogue(rng: Random, count: number): number[] {
  const size = Math.max(2, count);
  const nowruz = TEMPLATES.findIndex((x) => x.occasion === 'nowruz');
  const yalda = TEMPLATES.findIndex((x) => x.occasion === 'yalda');
  const regular = TEMPLATES.map((_, i) => i).filter((i) => TEMPLATES[i]!.occasion === null);
  const seasonal = TEMPLATES.map((_, i) => i).filter(
    (i) => i !== nowruz && i !== yalda && TEMPLATES[i]!.occasion,
  );
  // Popular templates lead: each index moves at most a few places.
  const order = regular
    .map((i, k) => [i, k + rng.next() * 6] as const)
    .sort((a, b) => a[1] - b[1])
    .map(([i]) => i);
  order.splice(Math.min(3, size - 2), 0, nowruz, yalda);
  // The other occasion templates anywhere after the first five.
  for (const i of seasonal) order.splice(rng.int(5, order.length), 0, i);
  return Array.from({ length: size }, (_, k) => order[k % order.length]!);
}
