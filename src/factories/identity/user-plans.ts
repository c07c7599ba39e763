import type { Random } from '../../domain/random.js';
import { defineFactory } from '../core/factory.js';
import { FUNDING_PLAN } from '../render/render-jobs.js';
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

/** Marks the payment a user plan makes for itself (that payment must not make a user plan in turn). */
export const PAYING_FOR_USER_PLAN = 'user-plan:paying';

/** Marks the user plan a succeeded plan purchase makes (its payment stays its own). */
export const USER_PLAN_OF_PAYMENT = 'user-plan:of-payment';

/** An exhausted instance is used up by renders of this many seconds at most. */
const EXHAUSTING_RENDER_SECONDS = 300;

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
    const cancelled =
      status === 'Cancelled' ? between(rng, plusMs(starts, HOUR), earliest(now, expires ?? now)) : undefined;
    const lastUse = status === 'Active' ? between(rng, starts, now) : undefined;
    return {
      expires_at: expires ?? null,
      // An instance bought long ago (its start given) has run out by now.
      ...(status === 'Active' && expires && expires <= now ? { status: 'Expired', auto_renew: false } : {}),
      // Counted by the renders the instance pays for (render-jobs.ts); a seconds_used given is
      // made real on create(): renders of that many seconds are made in the instance's window.
      renders_used: 0,
      cancelled_at: cancelled ?? null,
      created_at: starts,
      updated_at: earliest(
        now,
        latest(starts, lastUse, cancelled, status === 'Expired' ? expires : undefined),
      ),
    };
  },
  beforeCreate: async (row, { db, create, rng, tenantId, run }) => {
    const used = num(row.seconds_used);
    if (used > 0) run.memo<number>('user-plan-to-use').set(String(row.id), used);
    let derived: Record<string, unknown> = { seconds_used: 0, renders_used: 0 };
    let paymentId = row.payment_id;
    let starts = toDate(row.starts_at)!;
    if (row.status === 'Active') {
      const { rows: active } = await db.query<{ starts_at: Date }>(
        `SELECT starts_at FROM identity.user_plans WHERE user_id = $1 AND plan_id = $2 AND status = 'Active' LIMIT 1`,
        [row.user_id, row.plan_id],
      );
      if (active[0]) {
        // A user holds one Active instance of a plan at a time: this one is the term before it.
        const expires = toDate(row.expires_at);
        const term = expires ? expires.getTime() - starts.getTime() : 30 * DAY;
        const ends = active[0].starts_at;
        starts = plusMs(ends, -term);
        derived = {
          ...derived,
          status: 'Expired',
          starts_at: starts,
          expires_at: ends,
          created_at: starts,
          updated_at: ends,
          auto_renew: false,
          cancelled_at: null,
        };
        // Its own purchase, unless a payment made this instance (payments.ts).
        if (paymentId !== null && !run.busy.has(USER_PLAN_OF_PAYMENT)) paymentId = undefined;
      }
    }
    if (paymentId === null) {
      return row.granted_by === undefined
        ? { ...derived, granted_by: await tenantAdminId(db, tenantId) }
        : derived;
    }
    if (paymentId !== undefined) return derived;
    const { rows } = await db.query<{ price_minor: string; name: string }>(
      'SELECT price_minor, name FROM identity.plans WHERE id = $1',
      [row.plan_id],
    );
    const plan = rows[0];
    if (!plan || num(plan.price_minor) === 0) return { ...derived, payment_id: null };
    const pending = (derived.status ?? row.status) === 'Pending';
    run.busy.add(PAYING_FOR_USER_PLAN);
    try {
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
      return { ...derived, payment_id: payment.id };
    } finally {
      run.busy.delete(PAYING_FOR_USER_PLAN);
    }
  },
  afterCreate: async (row, { db, create, run, now }) => {
    let left = run.memo<number>('user-plan-to-use').get(row.id) ?? 0;
    if (left === 0) return;
    // Renders that use what was asked for: 720p renders (1 billable second a second).
    const starts = row.starts_at.getTime();
    const ends = Math.min(
      row.expires_at?.getTime() ?? now.getTime(),
      row.cancelled_at?.getTime() ?? now.getTime(),
      now.getTime(),
    );
    run.busy.add(`${FUNDING_PLAN}${row.id}`);
    try {
      for (let k = 1; left > 0 && k <= 40; k++) {
        const seconds = Math.min(left, EXHAUSTING_RENDER_SECONDS);
        await create(
          'render.render_jobs',
          {
            user_id: row.user_id,
            source: 'Web',
            quality: 'Hd720',
            duration_sec: seconds,
            queued_at: new Date(starts + ((ends - starts) * k) / 42),
          },
          ['completed'],
        );
        left -= seconds;
      }
    } finally {
      run.busy.delete(`${FUNDING_PLAN}${row.id}`);
    }
    // The caller gets the instance as its renders left it.
    const { rows } = await db.query('SELECT * FROM identity.user_plans WHERE id = $1', [row.id]);
    Object.assign(row, rows[0]);
  },
  traits: {
    active: (_t) => ({ status: 'Active' }),
    expired: (_t) => ({ status: 'Expired', auto_renew: false }),
    cancelled: (_t) => ({ status: 'Cancelled', auto_renew: false }),
    pending: (_t) => ({ status: 'Pending', auto_renew: false }),
    // An admin's grant-plan: no payment; granted_by is the tenant's admin when it has one.
    granted: (_t) => ({ status: 'Active', payment_id: null }),
    /** Every second of it used, by renders made on create() (a quota of at most 10 minutes). */
    exhausted: ({ parent }) => {
      const total = Math.min(parent('identity.plans').render_seconds_quota ?? 600, 600);
      return { seconds_total: total, seconds_used: total };
    },
  },
});
