import { toman } from '../../domain/realism.js';
import type { RowOf } from '../../schema/table-meta.js';
import { type BuildTools, defineFactory } from '../core/factory.js';
import { DAY, faDigits, num, plusMs } from './billing-support.js';

type GiftType = NonNullable<RowOf<'identity.gifts'>['gift_type']>;
type Tools = Pick<BuildTools<'identity.gifts'>, 'uid' | 'rng' | 'parent'>;

/** A catalog gift of one type: every type-dependent column, so a trait fully replaces the default's. */
function giftOf(type: GiftType, { uid: n, rng, parent }: Tools) {
  const none = { plan_id: null, discount_code_id: null };
  switch (type) {
    case 'RenderSeconds': {
      const minutes = rng.pick([5, 10, 30]);
      return {
        ...none,
        code: `seconds-${minutes}m-${n}`,
        title: `هدیه ${faDigits(minutes)} دقیقه رندر رایگان`,
        description: 'دقایق رندر هدیه که به موجودی ثانیه‌های شما اضافه می‌شود',
        value: minutes * 60,
        expires_after_days: 30,
      };
    }
    case 'WalletCredit': {
      const thousand = rng.pick([20, 50, 100]);
      return {
        ...none,
        code: `credit-${thousand}k-${n}`,
        title: `اعتبار هدیه ${faDigits(thousand)} هزار تومانی`,
        description: 'اعتبار کیف پول برای خرید اشتراک یا رندر',
        value: toman(thousand * 1_000),
        expires_after_days: 60,
      };
    }
    case 'DiscountCode': {
      const code = parent('identity.discount_codes');
      return {
        ...none,
        code: `discount-${n}`,
        title: 'کد تخفیف ویژه اشتراک',
        description: `کد ${code.code} برای خرید بعدی شما`,
        value: num(code.value),
        discount_code_id: code.id,
        expires_after_days: 14,
      };
    }
    case 'PlanDays': {
      const plan = parent('identity.plans');
      return {
        ...none,
        code: `plan-days-${n}`,
        title: `${faDigits(7)} روز اشتراک ${plan.name} رایگان`,
        description: 'اشتراک هدیه که پس از دریافت فعال می‌شود',
        value: 7,
        plan_id: plan.id,
        expires_after_days: 30,
      };
    }
    default:
      return {
        ...none,
        code: `badge-${n}`,
        title: rng.pick(['نشان رندرکار فعال', 'نشان پیشگام فلت‌رندر', 'نشان خلاقیت']),
        description: 'نشانی که در پروفایل شما نمایش داده می‌شود',
        value: 1,
        expires_after_days: null,
      };
  }
}

/** identity.gifts: the reward catalog; seconds and wallet credit are the common gifts. */
export const giftFactory = defineFactory('identity.gifts', {
  parents: ['identity.plans', 'identity.discount_codes'],
  defaults: (tools) => {
    const type = tools.rng.weighted<GiftType>([
      ['RenderSeconds', 45],
      ['WalletCredit', 30],
      ['Badge', 10],
      ['DiscountCode', 10],
      ['PlanDays', 5],
    ]);
    const created = tools.past(365, 30);
    return {
      gift_type: type,
      ...giftOf(type, tools),
      is_active: true,
      metadata: { source: 'seed' },
      created_at: created,
      updated_at: tools.after(created, 0, 20 * 86_400),
    };
  },
  traits: {
    renderSeconds: (t) => ({ gift_type: 'RenderSeconds', ...giftOf('RenderSeconds', t) }),
    walletCredit: (t) => ({ gift_type: 'WalletCredit', ...giftOf('WalletCredit', t) }),
    discountCode: (t) => ({ gift_type: 'DiscountCode', ...giftOf('DiscountCode', t) }),
    planDays: (t) => ({ gift_type: 'PlanDays', ...giftOf('PlanDays', t) }),
    badge: (t) => ({ gift_type: 'Badge', ...giftOf('Badge', t) }),
    inactive: (_t) => ({ is_active: false }),
  },
});

const LEVEL_TITLES = [
  ['تازه‌کار', 'Newcomer'],
  ['کارآموز', 'Apprentice'],
  ['تدوینگر', 'Editor'],
  ['طراح موشن', 'Motion designer'],
  ['کارگردان', 'Director'],
  ['استاد انیمیشن', 'Animation master'],
  ['اسطوره فلت‌رندر', 'FlatRender legend'],
] as const;

/** XP needed to reach a level: 0, 250, 750, 1500, 2500… (each level asks 250 more than the last). */
export const xpForLevel = (level: number): number => (250 * (level - 1) * level) / 2;

/**
 * identity.levels: level n of the run is level_number n; min_xp, title and icon follow the level
 * number, so both unique keys hold within a tenant.
 */
export const levelFactory = defineFactory('identity.levels', {
  parents: ['identity.gifts'],
  defaults: ({ n, rng, parent, past }) => {
    const created = past(365, 60);
    return {
      level_number: n,
      reward_gift_id: rng.bool(0.6) ? parent('identity.gifts').id : null,
      created_at: created,
      updated_at: created,
    };
  },
  finalize: (row) => {
    const level = row.level_number ?? 1;
    const [title, titleEn] = LEVEL_TITLES[level - 1] ?? [`سطح ${faDigits(level)}`, `Level ${level}`];
    return {
      min_xp: xpForLevel(level),
      title,
      title_en: titleEn,
      icon_url: `https://cdn.flatrender.ir/levels/${level}.svg`,
    };
  },
  traits: {
    withReward: ({ parent }) => ({ reward_gift_id: parent('identity.gifts').id }),
    withoutReward: (_t) => ({ reward_gift_id: null }),
  },
});

type Period = NonNullable<RowOf<'identity.quests'>['period']>;

/** Quests count event routing keys (S-EVT), e.g. render.job.completed.v1. */
const QUESTS = {
  Once: {
    key: 'first-render',
    title: 'اولین ویدیوی خود را رندر کنید',
    description: 'یک قالب انتخاب کنید، متن‌ها را ویرایش کنید و خروجی بگیرید',
    action_key: 'render.job.completed.v1',
    target_count: 1,
    xp_reward: 100,
  },
  Daily: {
    key: 'daily-save',
    title: 'امروز یک پروژه ذخیره کنید',
    description: 'هر روز روی پروژه‌هایتان کار کنید و امتیاز بگیرید',
    action_key: 'studio.project.saved.v1',
    target_count: 1,
    xp_reward: 20,
  },
  Weekly: {
    key: 'weekly-renders',
    title: 'پنج ویدیو در این هفته رندر کنید',
    description: 'با پنج خروجی در هفته امتیاز ویژه بگیرید',
    action_key: 'render.job.completed.v1',
    target_count: 5,
    xp_reward: 150,
  },
  Monthly: {
    key: 'monthly-renders',
    title: 'بیست ویدیو در این ماه رندر کنید',
    description: 'رندرکار حرفه‌ای ماه شوید',
    action_key: 'render.job.completed.v1',
    target_count: 20,
    xp_reward: 600,
  },
} as const;

function questOf(period: Period, n: number) {
  const { key, ...rest } = QUESTS[period];
  return { ...rest, period, code: `${key}-${n}`, sort_order: Object.keys(QUESTS).indexOf(period) };
}

/** identity.quests: a recurring quest (daily, weekly or monthly) by default; `once` for one-off ones. */
export const questFactory = defineFactory('identity.quests', {
  parents: ['identity.gifts'],
  defaults: ({ uid: n, rng, parent, past }) => {
    const period = rng.weighted<Period>([
      ['Daily', 40],
      ['Weekly', 35],
      ['Monthly', 25],
    ]);
    const created = past(300, 30);
    return {
      ...questOf(period, n),
      gift_id: rng.bool(0.5) ? parent('identity.gifts').id : null,
      is_active: true,
      created_at: created,
      updated_at: created,
    };
  },
  traits: {
    once: ({ uid: n }) => questOf('Once', n),
    daily: ({ uid: n }) => questOf('Daily', n),
    weekly: ({ uid: n }) => questOf('Weekly', n),
    monthly: ({ uid: n }) => questOf('Monthly', n),
    withGift: ({ parent }) => ({ gift_id: parent('identity.gifts').id }),
    // A Nowruz campaign quest: open for a fortnight around the reference time.
    seasonal: ({ now }) => ({
      starts_at: plusMs(now, -7 * DAY),
      ends_at: plusMs(now, 7 * DAY),
      title: 'چالش نوروزی: سه تبریک نوروزی بسازید',
    }),
    inactive: (_t) => ({ is_active: false }),
  },
});
