import { CURRENCY } from '../../domain/money.js';
import { SECONDS_MULTIPLIER, VIDEO_QUALITIES, type VideoQuality } from '../../domain/pricing.js';
import { toman } from '../../domain/realism.js';
import { SeedError } from '../../errors.js';
import { defineFactory } from '../core/factory.js';
import { between, DAY, earliest, HOUR, plusMs, tenantAdminId, toDate } from './billing-support.js';
import { tenantPricePerSecond } from './price-list.js';

type Tier = 'basic' | 'pro' | 'enterprise' | 'free' | 'secondsPack';

/** FlatRender's catalog: monthly tiers priced in Toman, a free tier and a never-expiring seconds pack. */
const TIERS = {
  basic: {
    name: 'پایه',
    name_en: 'Basic',
    description: 'برای شروع: ۳۰ دقیقه رندر در ماه با کیفیت HD و بدون واترمارک',
    plan_type: 'Subscription',
    price: 290_000,
    duration_days: 30,
    render_seconds_quota: 1_800,
    render_count_quota: 30,
    max_quality: 'Hd720',
    max_video_duration_sec: 60,
    storage_quota_gb: 5,
    concurrent_renders: 1,
    render_priority: 0,
    watermark: false,
    features: { premium_templates: false, voiceover: false, api_access: false, custom_fonts: false },
  },
  pro: {
    name: 'حرفه‌ای',
    name_en: 'Pro',
    description: '۲ ساعت رندر Full HD در ماه، قالب‌های ویژه و صداگذاری',
    plan_type: 'Subscription',
    price: 690_000,
    duration_days: 30,
    render_seconds_quota: 7_200,
    render_count_quota: 120,
    max_quality: 'FullHd1080',
    max_video_duration_sec: 180,
    storage_quota_gb: 50,
    concurrent_renders: 2,
    render_priority: 5,
    watermark: false,
    features: { premium_templates: true, voiceover: true, api_access: false, custom_fonts: true },
  },
  enterprise: {
    name: 'سازمانی',
    name_en: 'Business',
    description: 'برای تیم‌ها و آژانس‌ها: ۱۰ ساعت رندر 4K، دسترسی API و صف اختصاصی',
    plan_type: 'Enterprise',
    price: 2_490_000,
    duration_days: 30,
    render_seconds_quota: 36_000,
    render_count_quota: null,
    max_quality: 'Uhd2160',
    max_video_duration_sec: 600,
    storage_quota_gb: 500,
    concurrent_renders: 5,
    render_priority: 10,
    watermark: false,
    features: { premium_templates: true, voiceover: true, api_access: true, custom_fonts: true },
  },
  free: {
    name: 'رایگان',
    name_en: 'Free',
    description: '۵ دقیقه رندر با واترمارک برای آشنایی با فلت‌رندر',
    plan_type: 'Free',
    price: 0,
    duration_days: null,
    render_seconds_quota: 300,
    render_count_quota: 5,
    max_quality: 'Sd480',
    max_video_duration_sec: 30,
    storage_quota_gb: 1,
    concurrent_renders: 1,
    render_priority: 0,
    watermark: true,
    features: { premium_templates: false, voiceover: false, api_access: false, custom_fonts: false },
  },
  secondsPack: {
    name: 'بسته ۶۰ دقیقه‌ای',
    name_en: '60-minute pack',
    description: '۶۰ دقیقه رندر بدون تاریخ انقضا، قابل استفاده در کنار اشتراک',
    plan_type: 'SecondsPack',
    price: 450_000,
    duration_days: null,
    render_seconds_quota: 3_600,
    render_count_quota: null,
    max_quality: 'FullHd1080',
    max_video_duration_sec: 300,
    storage_quota_gb: null,
    concurrent_renders: 1,
    render_priority: 0,
    watermark: false,
    features: { premium_templates: false, voiceover: true, api_access: false, custom_fonts: false },
  },
} as const;

const TIER_ORDER: readonly Tier[] = ['free', 'basic', 'pro', 'enterprise', 'secondsPack'];

function tier(key: Tier, n: number) {
  const { price, ...rest } = TIERS[key];
  return {
    ...rest,
    code: `${key === 'secondsPack' ? 'pack-60' : key}-${n}`,
    price_minor: toman(price),
    sort_order: TIER_ORDER.indexOf(key),
  };
}

/** identity.plans: the paid tiers 'پایه', 'حرفه‌ای', 'سازمانی' (Toman prices stored in rial). */
export const planFactory = defineFactory('identity.plans', {
  defaults: ({ uid: n, rng, past, after }) => {
    const created = past(540, 60);
    const key = rng.weighted<Tier>([
      ['basic', 40],
      ['pro', 40],
      ['enterprise', 20],
    ]);
    return {
      ...tier(key, n),
      currency: CURRENCY,
      is_public: true,
      is_active: true,
      metadata: { source: 'seed', billing_period: 'monthly' },
      created_at: created,
      updated_at: after(created, 0, 30 * 86_400),
    };
  },
  traits: {
    basic: ({ uid: n }) => tier('basic', n),
    pro: ({ uid: n }) => tier('pro', n),
    enterprise: ({ uid: n }) => tier('enterprise', n),
    free: ({ uid: n }) => tier('free', n),
    secondsPack: ({ uid: n }) => tier('secondsPack', n),
    hidden: (_t) => ({ is_public: false }),
    inactive: (_t) => ({ is_active: false }),
    archived: ({ now }) => ({ is_active: false, is_public: false, deleted_at: now }),
  },
  finalize: (row, { now }) => {
    // Keep updated_at between created_at and the reference time whatever was overridden.
    const created = toDate(row.created_at) ?? now;
    const updated = toDate(row.deleted_at) ?? toDate(row.updated_at) ?? created;
    return { updated_at: earliest(now, updated < created ? created : updated) };
  },
});

/**
 * identity.render_price_rates: one row of the tenant's rate table (domain/pricing.ts): the row
 * number picks the quality, so five rows cover all; every row of a tenant sells at the tenant's
 * one price per billable second (price-list.ts).
 */
export const renderPriceRateFactory = defineFactory('identity.render_price_rates', {
  defaults: ({ n, past }) => {
    const created = past(365, 30);
    return {
      quality: VIDEO_QUALITIES[(n - 1) % VIDEO_QUALITIES.length],
      is_active: true,
      created_at: created,
      updated_at: created,
    };
  },
  finalize: (row, { overrides, tenantId }) => {
    const quality = row.quality as VideoQuality;
    return {
      seconds_multiplier:
        overrides.seconds_multiplier !== undefined
          ? Number(row.seconds_multiplier)
          : SECONDS_MULTIPLIER[quality],
      price_per_second_minor: tenantPricePerSecond(tenantId),
    };
  },
  beforeCreate: async (row, { db }) => {
    const { rows } = await db.query<{ quality: string }>(
      'SELECT quality::text AS quality FROM identity.render_price_rates WHERE tenant_id = $1',
      [row.tenant_id],
    );
    const taken = new Set(rows.map((r) => r.quality));
    if (!taken.has(String(row.quality))) return undefined;
    // One row per quality: the next quality the tenant has no rate for.
    const free = VIDEO_QUALITIES.find((q) => !taken.has(q));
    if (!free) {
      throw new SeedError(
        'E_RATE_TABLE_FULL',
        `Tenant ${row.tenant_id} already has a render_price_rates row for every quality (${VIDEO_QUALITIES.join(', ')}); a rate table holds one per quality.`,
        {
          fix: 'Change an existing row with UPDATE, or create the rate in another tenant (f.forTenant(tenant)).',
        },
      );
    }
    return { quality: free, seconds_multiplier: SECONDS_MULTIPLIER[free] };
  },
  traits: {
    planOnly: (_t) => ({ price_per_second_minor: null }),
    inactive: (_t) => ({ is_active: false }),
  },
});

/** Campaigns FlatRender runs around the Iranian calendar. */
const CAMPAIGNS = [
  { prefix: 'NOWRUZ', description: 'تخفیف ویژه نوروز', percent: 30, cap: 300_000 },
  { prefix: 'YALDA', description: 'جشنواره شب یلدا', percent: 20, cap: 200_000 },
  { prefix: 'WELCOME', description: 'تخفیف خوش‌آمدگویی کاربران جدید', percent: 15, cap: 150_000 },
  { prefix: 'BACK2SCHOOL', description: 'تخفیف بازگشایی مدارس و دانشگاه‌ها', percent: 25, cap: 250_000 },
] as const;

/** identity.discount_codes: a running percent campaign by default; codes carry the row number. */
export const discountCodeFactory = defineFactory('identity.discount_codes', {
  parents: ['identity.plans'],
  defaults: ({ uid: n, rng, now, past }) => {
    const campaign = rng.pick(CAMPAIGNS);
    const starts = past(60, 2);
    return {
      code: `${campaign.prefix}${n}`,
      description: campaign.description,
      discount_type: 'Percent',
      value: campaign.percent,
      max_discount_minor: toman(campaign.cap),
      min_amount_minor: rng.pick([null, toman(100_000), toman(200_000)]),
      max_uses: rng.pick([100, 500, 1000, null]),
      max_uses_per_user: 1,
      starts_at: starts,
      ends_at: plusMs(now, rng.int(7, 60) * DAY),
      is_active: true,
      metadata: { campaign: campaign.prefix.toLowerCase() },
    };
  },
  finalize: (row, { rng, now, overrides }) => {
    const starts = toDate(row.starts_at) ?? now;
    // A campaign is set up a few hours to days before it starts.
    const created =
      (overrides.created_at && toDate(row.created_at)) || plusMs(starts, -rng.int(1, 72) * HOUR);
    const max = row.max_uses ?? 1000;
    return {
      used_count: rng.int(0, Math.min(max, 80)),
      created_at: created,
      updated_at: between(rng, created, earliest(now, toDate(row.ends_at) ?? now)),
    };
  },
  beforeCreate: async (row, { db, tenantId }) =>
    row.created_by === undefined ? { created_by: await tenantAdminId(db, tenantId) } : undefined,
  traits: {
    percent: (_t) => ({ discount_type: 'Percent', value: 20, max_discount_minor: toman(200_000) }),
    fixedAmount: ({ rng }) => ({
      discount_type: 'FixedAmount',
      value: toman(rng.pick([50_000, 100_000, 150_000])),
      max_discount_minor: null,
      min_amount_minor: toman(300_000),
    }),
    bonusSeconds: ({ rng }) => ({
      discount_type: 'BonusSeconds',
      value: rng.pick([300, 600, 1_800]),
      max_discount_minor: null,
      description: 'دقایق رندر هدیه همراه خرید',
    }),
    forPlan: ({ parent }) => ({ applicable_plan_ids: [parent('identity.plans').id] }),
    expired: ({ past, after }) => {
      const starts = past(240, 120);
      return { starts_at: starts, ends_at: after(starts, 7 * 86_400, 60 * 86_400), is_active: false };
    },
    exhausted: (_t) => ({ max_uses: 100, used_count: 100 }),
    inactive: (_t) => ({ is_active: false }),
  },
});
