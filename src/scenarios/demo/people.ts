import { DAY, HOUR, MINUTE } from '../../domain/calendar.js';
import type { Identities } from './identities.js';
import type { Timeline } from './timeline.js';
import type { DemoTenant, Payer, Person, TenantKey } from './world.js';

/** Customers per tenant (staff come with the tenant). */
export const HEADCOUNT: Readonly<Record<TenantKey, number>> = {
  flatrender: 230,
  studio: 45,
  agency: 22,
  enterprise: 16,
};

/**
 * How each tenant's customers pay, for those who render a lot and for the others: heavy users
 * subscribe, the rest top up a wallet when they need to (FlatRender's lightest stay on the free
 * plan); the enterprise's staff all work under its contract.
 */
const PAYERS: Readonly<
  Record<
    TenantKey,
    { heavy: readonly (readonly [Payer, number])[]; light: readonly (readonly [Payer, number])[] }
  >
> = {
  flatrender: {
    heavy: [
      ['plan', 70],
      ['wallet', 30],
    ],
    light: [
      ['wallet', 80],
      ['free', 20],
    ],
  },
  studio: {
    heavy: [
      ['plan', 75],
      ['wallet', 25],
    ],
    light: [
      ['wallet', 85],
      ['plan', 15],
    ],
  },
  agency: {
    heavy: [
      ['plan', 60],
      ['wallet', 40],
    ],
    light: [['wallet', 1]],
  },
  enterprise: { heavy: [['contract', 1]], light: [['contract', 1]] },
};

/** A customer with at least this weight renders several times a month. */
const HEAVY = 3;

/**
 * The customers of a tenant, planned before any row exists: when each signs up (the time model's
 * growth: more sign-ups in recent months; FlatRender's first ones predate the year shown), how
 * much they render, whether they churn, how they pay, and how they can be reached.
 */
export function planPeople(tenant: DemoTenant, time: Timeline): Person[] {
  const count = HEADCOUNT[tenant.key];
  const rng = time.rng(`people|${tenant.key}`);
  const start = tenant.key === 'flatrender' ? time.now - 420 * DAY : tenant.since;
  const end = time.now - 2 * DAY;
  const people: Person[] = [];
  for (let i = 0; i < count; i++) {
    const signup = time.nth(i, count, rng.next(), start, end);
    // A heavy tail: a few customers render every day, most now and then.
    const weight = Math.min(30, (1 - rng.next()) ** (-1 / 1.4));
    const payers = PAYERS[tenant.key];
    const payer = rng.weighted(weight >= HEAVY ? payers.heavy : payers.light);
    // About a fifth of consumers stop after a few weeks or months; subscribers and businesses stay longer.
    const churns = payer !== 'contract' && rng.bool(payer === 'plan' ? 0.1 : 0.22);
    const until = churns ? Math.min(time.now, signup + rng.int(20, 200) * DAY) : time.now;
    const plan =
      payer === 'plan'
        ? rng.weighted(tenant.plans.map((p) => [p.row, p.weight] as const))
        : payer === 'contract'
          ? tenant.contract
          : null;
    const reachable = (share: number) =>
      rng.bool(share) ? Math.min(until, signup + rng.int(10, 14 * 24 * 60) * MINUTE) : null;
    people.push({
      tenant,
      index: i,
      signup,
      until,
      weight: payer === 'plan' ? weight * 2.5 : payer === 'contract' ? weight * 2 : weight,
      payer,
      plan,
      pushAt: reachable(0.38),
      telegramAt: reachable(0.16),
      mfa: rng.bool(tenant.key === 'enterprise' ? 0.5 : 0.08),
      quietHours: rng.bool(0.3),
      marketing: rng.bool(0.35),
      renders: [],
      row: null,
    });
  }
  return people;
}

/**
 * Creates the users of planned people: signed up when planned, last signed in after their last
 * render (or soon after signing up), two-factor enabled where planned.
 */
export async function makePeople(tenant: DemoTenant, time: Timeline, ids: Identities): Promise<void> {
  const rng = time.rng(`people-rows|${tenant.key}`);
  const home = (tenant.row.metadata as { city?: string }).city;
  for (const person of tenant.people) {
    const last = person.renders.at(-1) ?? person.signup + rng.int(5, 120) * MINUTE;
    const login = Math.min(time.now - MINUTE, Math.max(last, person.until - rng.int(0, 72) * HOUR));
    person.row = await tenant.f.user.create({
      ...ids.customer(rng, person.signup, home),
      created_at: new Date(person.signup),
      last_login_at: new Date(Math.max(login, person.signup + MINUTE)),
      updated_at: new Date(Math.max(login, person.signup + MINUTE)),
      mfa_enabled: person.mfa,
    });
  }
}
