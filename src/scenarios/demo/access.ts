import { DAY, HOUR, MINUTE, SECOND } from '../../domain/calendar.js';
import type { RowOf } from '../../schema/table-meta.js';
import type { Timeline } from './timeline.js';
import { type DemoTenant, makeCurrent, type Person, userOf } from './world.js';

/** Sessions live 30 days (auth.ts): a customer seen this recently still holds one. */
const SESSION_DAYS = 30;

/**
 * Signed-in devices: a customer seen in the last month holds a live session (opened when they
 * last signed in, by OTP for mobile sign-ups), a few on a second device; older sign-ins left
 * sessions that expired or were logged out. Mobile sign-ups came in by an OTP code.
 */
export async function makeSessions(tenant: DemoTenant, time: Timeline): Promise<void> {
  const rng = time.rng(`sessions|${tenant.key}`);
  const otps: { user: RowOf<'identity.users'>; at: number }[] = [];
  for (const person of tenant.people) {
    const user = userOf(person);
    const login = user.last_login_at?.getTime() ?? person.signup;
    const app = user.registered_with_mobile_app;
    const f = makeCurrent(tenant, user);
    if (login > time.now - (SESSION_DAYS - 1) * DAY) {
      const opened = Math.max(person.signup, login - rng.int(0, 20) * MINUTE);
      const session = app ? f.userSession.mobileApp() : f.userSession;
      await session.create({ created_at: new Date(opened), mfa_passed: user.mfa_enabled });
      if (user.register_mode === 'Mobile' && user.phone_number)
        otps.push({ user, at: opened - rng.int(20, 90) * SECOND });
      if (rng.bool(0.2)) {
        const second = Math.max(person.signup, opened - rng.int(1, 20) * DAY);
        await f.userSession.create({ created_at: new Date(second), mfa_passed: user.mfa_enabled });
      }
    }
    if (person.signup < time.now - 40 * DAY && rng.bool(0.35)) {
      // An older sign-in: it ran out, or the customer logged out.
      const old =
        person.signup + rng.next() * Math.max(0, Math.min(login, time.now - 35 * DAY) - person.signup);
      const trait = rng.bool(0.5) ? f.userSession.expired() : f.userSession.revoked();
      await trait.create({
        created_at: new Date(old),
        expires_at: new Date(old + SESSION_DAYS * DAY),
      });
    }
  }
  await tenant.f.otpCode.createList(otps.length, (i) => {
    const { user, at } = otps[i]!;
    return {
      user_id: user.id,
      channel: 'Sms',
      purpose: 'Login',
      target: user.phone_number!,
      created_at: new Date(at),
    };
  });
}

/**
 * Invitations to join a tenant's team: FlatRender's admin brings in a moderator (one pending),
 * the studio a colleague (and a link that lapsed), the retail chain its marketing staff, who sign
 * up by accepting. Returns the invitations.
 */
export async function makeInvitations(
  tenant: DemoTenant,
  time: Timeline,
): Promise<RowOf<'identity.tenant_invitations'>[]> {
  const rng = time.rng(`invitations|${tenant.key}`);
  const f = makeCurrent(tenant, tenant.admin);
  const out: RowOf<'identity.tenant_invitations'>[] = [];
  const accepted = { flatrender: 1, studio: 1, agency: 0, enterprise: 5 }[tenant.key];
  const start = Math.max(tenant.admin.created_at.getTime() + DAY, tenant.since);
  for (let i = 0; i < accepted; i++) {
    const sent = start + ((i + rng.next()) / (accepted + 1)) * (time.now - 10 * DAY - start);
    out.push(
      await f.tenantInvitation.create({
        role: tenant.key === 'enterprise' ? 'User' : 'Moderator',
        created_at: new Date(sent),
        accepted_at: new Date(sent + rng.int(20, 36 * 60) * MINUTE),
      }),
    );
  }
  out.push(
    await f.tenantInvitation.create({
      role: 'Moderator',
      created_at: new Date(time.now - rng.int(2, 40) * HOUR),
    }),
  );
  if (tenant.key === 'studio') out.push(await f.tenantInvitation.expired().create());
  return out;
}

/**
 * FlatRender's referral programme: customers invite friends by their referral code; the friend
 * signs up at once, qualifies with a first payment, and the referrer's reward is credited.
 */
export async function makeReferrals(
  tenant: DemoTenant,
  reward: RowOf<'identity.gifts'>,
  time: Timeline,
): Promise<void> {
  const rng = time.rng('referrals');
  const referrers = tenant.people.filter((p) => p.signup < time.now - 30 * DAY && p.until === time.now);
  const statuses = [
    'rewarded',
    'rewarded',
    'rewarded',
    'rewarded',
    'rewarded',
    'qualified',
    'qualified',
    'qualified',
    'pending',
    'pending',
    'pending',
    'pending',
  ] as const;
  for (const status of statuses) {
    const referrer: Person = rng.weighted(referrers.map((p) => [p, p.weight] as const));
    const from = referrer.signup + DAY;
    const at = from + rng.next() * (time.now - 3 * HOUR - from);
    await makeCurrent(tenant, userOf(referrer), reward)
      .referral.trait(status)
      .create({ created_at: new Date(at) });
  }
}
