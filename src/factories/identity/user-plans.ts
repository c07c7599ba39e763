import type { Random } from '../../domain/random.js';
import { defineFactory } from '../core/factory.js';
import {
  between,
  DAY,
  earliest,
  HOUR,
  latest,
  MINUTE,
  num,
  plusMs,
  tenantAdminId,
  toDate,
} from './billing-support.js';

type Status = 'Pending' | 'Active' | 'Expired' | 'Cancelled';

/** How long an instance lasts: the plan's duration; a never-expiring pack that did expire gets a year. */
const lifetime = (days: number | null | undefined, status: Status): number | null =>
  days ?? (status === 'Expired' ? 365 : null);

/** A start time that gives `status` by the reference time: expired ones started more than a term ago. */
function startFor(status: Status, life: number | null, userCreated: Date, rng: Random, now: Date): Date {
  if (status === 'Pending')
    return between(rng, latest(userCreated, plusMs(now, -2 * DAY)), plusMs(now, -10 * MINUTE));
  if (status === 'Expired') {
    const last = plusMs(now, -((life ?? 30) + 1) * DAY);
    const first =
      userCreated < last ? latest(userCreated, plusMs(last, -120 * DAY)) : plusMs(last, -30 * DAY);
    return between(rng, first, last);
  }
  const window = life === null ? 120 : life * 0.9;
  return between(rng, latest(userCreated, plusMs(now, -window * DAY)), plusMs(now, -HOUR));
}

/** Whether a payment made at `paid` can have bought an instance that is `status` now. */
function timingFits(status: Status, paid: Date, life: number | null, now: Date): boolean {
  const ends = life === null ? undefined : plusMs(paid, life * DAY);
  if (status === 'Active') return ends === undefined || ends > now;
  if (status === 'Expired') return ends !== undefined && ends <= now;
  return true;
}

/** The share of the quota used by an instance in each status. */
const USAGE: Record<Status, readonly [number, number]> = {
  Pending: [0, 0],
  Active: [5, 90],
  Expired: [50, 100],
  Cancelled: [0, 60],
};

/**
 * identity.user_plans: the current user's instance of the current plan, Active by default. A
 * purchased instance references a succeeded payment for that plan: the current payment when it
 * fits (same user and plan, paid at the instance's start), otherwise one made before the insert.
 */
export const userPlanFactory = defineFactory('identity.user_plans', {
  parents: ['identity.users', 'identity.plans', 'identity.payments'],
  defaults: ({ parent, overrides, rng, now }) => {
    const user = parent('identity.users');
    const plan = parent('identity.plans');
    const payment = parent('identity.payments');
    const status = (overrides.status ?? 'Active') as Status;
    const life = lifetime(plan.duration_days, status);
    const free = num(plan.price_minor) === 0;
    const paid = toDate(payment.paid_at);
    const fits =
      !free &&
      payment.user_id === user.id &&
      payment.plan_id === plan.id &&
      payment.purpose === 'PlanPurchase' &&
      (status === 'Pending'
        ? payment.status === 'Pending'
        : payment.status === 'Succeeded' && paid !== undefined && timingFits(status, paid, life, now));
    const userCreated = toDate(user.created_at) ?? plusMs(now, -365 * DAY);
    return {
      user_id: user.id,
      plan_id: plan.id,
      status,
      starts_at: fits ? (paid ?? toDate(payment.created_at)!) : startFor(status, life, userCreated, rng, now),
      // Left out when no current payment fits: beforeCreate makes one.
      ...(fits ? { payment_id: payment.id } : free ? { payment_id: null, granted_by: null } : {}),
      seconds_total: plan.render_seconds_quota ?? 0,
      auto_renew: plan.plan_type === 'Subscription' && status === 'Active' && rng.bool(0.4),
    };
  },
  finalize: (row, { parent, rng, now }) => {
    const status = (row.status ?? 'Pending') as Status;
    const plan = parent('identity.plans');
    const life = lifetime(plan.id === row.plan_id ? plan.duration_days : null, status);
    const starts = toDate(row.starts_at) ?? now;
    const expires = life === null ? undefined : plusMs(starts, life * DAY);
    const total = num(row.seconds_total);
    const [low, high] = USAGE[status];
    const share = rng.int(low, high) / 100;
    // seconds_total 0 means unlimited: any usage is allowed.
    const used = total > 0 ? Math.floor(total * share) : status === 'Pending' ? 0 : rng.int(0, 3_600);
    const usedSeconds = row.seconds_used === undefined ? used : num(row.seconds_used);
    const cancelled =
      status === 'Cancelled' ? between(rng, plusMs(starts, HOUR), earliest(now, expires ?? now)) : undefined;
    const lastUse = status === 'Active' ? between(rng, starts, now) : undefined;
    return {
      expires_at: expires ?? null,
      seconds_used: used,
      renders_used: usedSeconds > 0 ? Math.max(1, Math.round(usedSeconds / rng.int(30, 90))) : 0,
      cancelled_at: cancelled ?? null,
      created_at: starts,
      updated_at: earliest(
        now,
        latest(starts, lastUse, cancelled, status === 'Expired' ? expires : undefined),
      ),
    };
  },
  beforeCreate: async (row, { db, create, rng, tenantId }) => {
    if (row.payment_id === null) {
      return row.granted_by === undefined ? { granted_by: await tenantAdminId(db, tenantId) } : undefined;
    }
    if (row.payment_id !== undefined) return undefined;
    const { rows } = await db.query<{ price_minor: string; name: string }>(
      'SELECT price_minor, name FROM identity.plans WHERE id = $1',
      [row.plan_id],
    );
    const plan = rows[0];
    if (!plan || num(plan.price_minor) === 0) return { payment_id: null };
    const starts = toDate(row.starts_at)!;
    const pending = row.status === 'Pending';
    const payment = await create(
      'identity.payments',
      {
        user_id: row.user_id!,
        plan_id: row.plan_id!,
        purpose: 'PlanPurchase',
        amount_minor: num(plan.price_minor),
        description: `خرید اشتراک ${plan.name}`,
        created_at: plusMs(starts, -rng.int(60, 300) * 1000),
        ...(pending ? {} : { paid_at: starts }),
      },
      [pending ? 'pending' : 'succeeded'],
    );
    return { payment_id: payment.id };
  },
  traits: {
    active: (_t) => ({ status: 'Active' }),
    expired: (_t) => ({ status: 'Expired', auto_renew: false }),
    cancelled: (_t) => ({ status: 'Cancelled', auto_renew: false }),
    pending: (_t) => ({ status: 'Pending', auto_renew: false }),
    // An admin's grant-plan: no payment; granted_by is the tenant's admin when it has one.
    granted: (_t) => ({ status: 'Active', payment_id: null }),
    exhausted: ({ parent }) => {
      const total = parent('identity.plans').render_seconds_quota ?? 3_600;
      return { seconds_total: total, seconds_used: total };
    },
  },
});
