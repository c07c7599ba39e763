import { iranianMobile } from '../../domain/realism.js';
import type { RowOf } from '../../schema/table-meta.js';
import { defineFactory } from '../core/factory.js';
import { between, DAY, earliest, HOUR, latest, MINUTE, num, plusMs, toDate } from './billing-support.js';

type GiftStatus = NonNullable<RowOf<'identity.earned_gifts'>['status']>;

/** A time the gift can have been earned so that it is in `status` now (expired ones outlived their term). */
function earnedFor(status: GiftStatus, days: number | null, userCreated: Date, rng: () => number, now: Date) {
  const pick = (from: Date, to: Date) =>
    new Date(from.getTime() + Math.max(0, to.getTime() - from.getTime()) * rng());
  if (status === 'Expired') {
    const last = plusMs(now, -((days ?? 30) + 1) * DAY);
    return pick(
      userCreated < last ? latest(userCreated, plusMs(last, -120 * DAY)) : plusMs(last, -30 * DAY),
      last,
    );
  }
  // Still claimable: earned within its term (or the last three months when it never expires).
  const from = latest(userCreated, plusMs(now, -(days ?? 90) * DAY + HOUR));
  return pick(earliest(from, plusMs(now, -HOUR)), plusMs(now, -10 * MINUTE));
}

/**
 * identity.earned_gifts: the current gift, earned by the current user for the current quest,
 * Pending by default. It snapshots the gift's type and value; a claimed seconds or credit gift
 * references the wallet transaction that paid it out (made before the insert).
 */
export const earnedGiftFactory = defineFactory('identity.earned_gifts', {
  parents: ['identity.users', 'identity.gifts', 'identity.quests', 'identity.levels'],
  defaults: ({ parent, overrides, rng, now }) => {
    const user = parent('identity.users');
    const gift = parent('identity.gifts');
    const source = overrides.source ?? 'Quest';
    const status = overrides.status ?? 'Pending';
    const userCreated = toDate(user.created_at) ?? plusMs(now, -365 * DAY);
    return {
      user_id: user.id,
      gift_id: gift.id,
      source,
      quest_id: source === 'Quest' ? parent('identity.quests').id : null,
      level_id: source === 'LevelUp' ? parent('identity.levels').id : null,
      status,
      gift_type: gift.gift_type,
      value: gift.value,
      earned_at: earnedFor(status, gift.expires_after_days, userCreated, () => rng.next(), now),
    };
  },
  finalize: (row, { parent, rng, now }) => {
    const gift = parent('identity.gifts');
    const status = row.status ?? 'Pending';
    const earned = toDate(row.earned_at) ?? now;
    const days = gift.id === row.gift_id ? gift.expires_after_days : null;
    const life = days ?? (status === 'Expired' ? 30 : null);
    const expires = life === null ? undefined : plusMs(earned, life * DAY);
    const claimed = status === 'Claimed' ? between(rng, earned, earliest(now, expires ?? now)) : undefined;
    const revoked = status === 'Revoked' ? between(rng, earned, now) : undefined;
    const expired = status === 'Expired' ? expires : undefined;
    return {
      expires_at: expires ?? null,
      claimed_at: claimed ?? null,
      created_at: earned,
      updated_at: earliest(now, latest(earned, claimed, revoked, expired)),
    };
  },
  beforeCreate: async (row, { create, traits, rng, now }) => {
    const extra: Record<string, unknown> = {};
    if (traits.includes('notified') && row.notification_id === undefined) {
      // The GiftEarned notification names this gift and follows it; the gift points back at it.
      const earned = toDate(row.earned_at) ?? now;
      const notification = await create('notification.notifications', {
        user_id: row.user_id!,
        notification_type: 'GiftEarned',
        data: { earned_gift_id: String(row.id) },
        created_at: earliest(plusMs(earned, rng.int(5, 120) * 1000), now),
      });
      extra.notification_id = notification.id;
    }
    const value = num(row.value);
    const credit = row.gift_type === 'WalletCredit' || row.gift_type === 'RenderSeconds';
    if (row.status !== 'Claimed' || row.wallet_transaction_id !== undefined || !credit || value <= 0) {
      return extra;
    }
    const tx = await create('identity.wallet_transactions', {
      user_id: row.user_id!,
      tx_type: row.source === 'Referral' ? 'ReferralReward' : 'GiftCredit',
      amount_minor: row.gift_type === 'WalletCredit' ? value : 0,
      seconds_delta: row.gift_type === 'RenderSeconds' ? value : 0,
      created_at: toDate(row.claimed_at)!,
    });
    return { ...extra, wallet_transaction_id: tx.id };
  },
  traits: {
    pending: (_t) => ({ status: 'Pending' }),
    claimed: (_t) => ({ status: 'Claimed' }),
    expired: (_t) => ({ status: 'Expired' }),
    revoked: (_t) => ({ status: 'Revoked' }),
    fromQuest: (_t) => ({ source: 'Quest' }),
    levelUp: (_t) => ({ source: 'LevelUp' }),
    referral: (_t) => ({ source: 'Referral' }),
    signup: (_t) => ({ source: 'Signup' }),
    admin: (_t) => ({ source: 'Admin' }),
    campaign: (_t) => ({ source: 'Campaign' }),
    /** Its GiftEarned notification went out (made on create(), naming this gift). */
    notified: (_t) => ({}),
  },
});

/**
 * identity.referrals: the current user refers a new user, whom the factory signs up (by mobile,
 * with affiliate_owner_id = the referrer) at the referral's time. Rewarded ones reference the
 * referrer's claimed reward gift.
 */
export const referralFactory = defineFactory('identity.referrals', {
  parents: ['identity.users'],
  defaults: ({ parent, rng, now }) => {
    const referrer = parent('identity.users');
    const last = plusMs(now, -2 * HOUR);
    const first = plusMs(toDate(referrer.created_at) ?? plusMs(now, -365 * DAY), DAY);
    return {
      referrer_user_id: referrer.id,
      status: 'Pending',
      created_at: between(rng, earliest(first, last), last),
    };
  },
  finalize: (row, { rng, now }) => {
    const created = toDate(row.created_at) ?? now;
    const qualified = (row.status ?? 'Pending') !== 'Pending';
    return { qualified_at: qualified ? between(rng, earliest(now, plusMs(created, HOUR)), now) : null };
  },
  beforeCreate: async (row, { create, rng, now }) => {
    const out: { reward_earned_gift_id?: string; referred_user_id?: string } = {};
    if (row.status === 'Rewarded' && row.reward_earned_gift_id === undefined) {
      const at = earliest(now, plusMs(toDate(row.qualified_at) ?? now, rng.int(1, 30) * MINUTE));
      const reward = await create(
        'identity.earned_gifts',
        { user_id: row.referrer_user_id!, source: 'Referral', quest_id: null, level_id: null, earned_at: at },
        ['claimed'],
      );
      out.reward_earned_gift_id = reward.id;
    }
    if (row.referred_user_id === undefined) {
      const signup = toDate(row.created_at) ?? now;
      const verified = earliest(now, plusMs(signup, rng.int(30, 300) * 1000));
      const login = between(rng, verified, now);
      const referred = await create('identity.users', {
        affiliate_owner_id: row.referrer_user_id!,
        register_mode: 'Mobile',
        phone_number: iranianMobile(rng),
        phone_verified_at: verified,
        email: null,
        email_verified_at: null,
        google_sub: null,
        telegram_user_id: null,
        password_hash: null,
        created_at: signup,
        updated_at: login,
        last_login_at: login,
      });
      out.referred_user_id = referred.id;
    }
    return out;
  },
  traits: {
    pending: (_t) => ({ status: 'Pending' }),
    qualified: (_t) => ({ status: 'Qualified' }),
    rewarded: (_t) => ({ status: 'Rewarded' }),
  },
});
