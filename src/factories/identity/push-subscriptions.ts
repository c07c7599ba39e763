import { SIGN_IN_DEVICES } from '../../domain/accounts.js';
import { defineFactory } from '../core/factory.js';
import { addSeconds, between, daysBefore, latest, randomBytes, toDate } from './access-helpers.js';

/** The sign-in device's user agent that mentions `what` (domain/accounts.ts). */
const agentOf = (what: string): string =>
  SIGN_IN_DEVICES.find(([agent]) => agent.includes(what))?.[0] ?? what;

/** The push service each platform's subscriptions point at, and a typical client. */
const PLATFORMS = {
  Web: {
    endpoint: 'https://fcm.googleapis.com/fcm/send/',
    agent: agentOf('Windows'),
  },
  Android: {
    endpoint: 'https://fcm.googleapis.com/wp/',
    agent: 'FlatRender/3.2.0 (Android 14; SM-A546E)',
  },
  Ios: {
    endpoint: 'https://web.push.apple.com/',
    agent: agentOf('iPhone'),
  },
} as const;

/**
 * identity.push_subscriptions: a Web Push subscription of the context's user (the PushSubscription
 * shape: endpoint, P-256 public key, auth secret), active and recently delivered to by default.
 */
export const pushSubscriptionFactory = defineFactory('identity.push_subscriptions', {
  parents: ['identity.users'],
  defaults: ({ n, rng, parent, now, overrides }) => {
    const user = parent('identity.users');
    const platform =
      overrides.platform ??
      rng.weighted([
        ['Web', 60],
        ['Android', 30],
        ['Ios', 10],
      ] as const);
    // An uncompressed P-256 point starts with 0x04; the auth secret is 16 bytes.
    const p256dh = Buffer.concat([Buffer.from([4]), randomBytes(rng, 64)]).toString('base64url');
    return {
      user_id: user.id,
      platform,
      endpoint: `${PLATFORMS[platform].endpoint}${n.toString(36)}-${randomBytes(rng, 48).toString('base64url')}`,
      p256dh,
      auth: randomBytes(rng, 16).toString('base64url'),
      user_agent: PLATFORMS[platform].agent,
      is_active: true,
      failure_count: 0,
      created_at: between(
        rng,
        latest(toDate(user.created_at, now), daysBefore(now, 200)),
        addSeconds(now, -3600),
      ),
    };
  },
  finalize: (row, { rng, now }) => {
    const created = toDate(row.created_at, now);
    const success = rng.bool(0.9) ? between(rng, created, now) : null;
    if (row.is_active !== false) return { last_success_at: success, updated_at: success ?? created };
    // The push service answered 404/410: the subscription was switched off at that failure.
    const gone = between(rng, success ?? created, now);
    return { last_success_at: success, failure_count: 1, updated_at: gone };
  },
  traits: {
    android: (_t) => ({ platform: 'Android' }),
    ios: (_t) => ({ platform: 'Ios' }),
    /** Unsubscribed by the browser: the push service answered 410 Gone. */
    inactive: (_t) => ({ is_active: false }),
  },
});
