import { DAY, HOUR, MINUTE } from '../../domain/calendar.js';
import type { Timeline } from './timeline.js';
import type { DemoTenant, Payer, Person, TenantKey } from './world.js';

/** Customers per tenant (staff come with the tenant). */
export const HEADCOUNT: Readonly<Record<TenantKey, number>> = {
  flatrender: 230,
  studio: 45,
  agency: 22,
  enterprise: 16,
};

/** How each tenant's customers pay: FlatRender's mostly top up their wallet; the enterprise's staff work under its contract. */
const PAYERS: Readonly<Record<TenantKey, readonly (readonly [Payer, number])[]>> = {
  flatrender: [
    ['wallet', 58],
    ['plan', 32],
    ['free', 10],
  ],
  studio: [
    ['wallet', 62],
    ['plan', 38],
  ],
  agency: [
    ['wallet', 70],
    ['plan', 30],
  ],
  enterprise: [['contract', 1]],
};

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
    // A fifth of consumers stop after a few weeks or months; business customers stay.
    const churns = tenant.key !== 'enterprise' && rng.bool(0.2);
    const until = churns ? Math.min(time.now, signup + rng.int(20, 200) * DAY) : time.now;
    // A heavy tail: a few customers render every day, most now and then.
    const weight = Math.min(30, (1 - rng.next()) ** (-1 / 1.4));
    const payer = rng.weighted(PAYERS[tenant.key]);
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
      weight: payer === 'plan' || payer === 'contract' ? weight * 1.6 : weight,
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
export async function makePeople(tenant: DemoTenant, time: Timeline): Promise<void> {
  const rng = time.rng(`people-rows|${tenant.key}`);
  for (const person of tenant.people) {
    const last = person.renders.at(-1) ?? person.signup + rng.int(5, 120) * MINUTE;
    const login = Math.min(time.now - MINUTE, Math.max(last, person.until - rng.int(0, 72) * HOUR));
    person.row = await tenant.f.user.create({
      created_at: new Date(person.signup),
      last_login_at: new Date(Math.max(login, person.signup + MINUTE)),
      updated_at: new Date(Math.max(login, person.signup + MINUTE)),
      mfa_enabled: person.mfa,
    });
  }
}
