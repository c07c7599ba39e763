import { SIGN_IN_DEVICES } from '../../domain/accounts.js';
import type { Random } from '../../domain/random.js';
import { iranianMobile } from '../../domain/realism.js';
import { defineFactory } from '../core/factory.js';
import {
  addDays,
  addSeconds,
  between,
  daysBefore,
  earliest,
  iranianIp,
  latest,
  randomBytes,
  sha256Hex,
  toDate,
} from './access-helpers.js';
import { settleUsage } from './usage-settle.js';

/** Refresh tokens live 30 days; each refresh rotates them. */
const SESSION_DAYS = 30;
/** OTP codes are valid for two minutes. */
const OTP_TTL_SECONDS = 120;

/** Browsers people sign in from (the app's own agent is the Android sessions'). */
const BROWSERS = SIGN_IN_DEVICES.filter(([agent]) => agent.startsWith('Mozilla/'));

/**
 * identity.user_sessions: a signed-in device of the context's user, opened the way the user
 * registered; active by default (expires 30 days after it opened, after the reference time).
 */
export const userSessionFactory = defineFactory('identity.user_sessions', {
  // A session last seen on a day makes its user active that day (usage-settle.ts).
  afterInsert: (rows, { db }) => settleUsage(db, rows, (s) => [s.last_seen_at]),
  parents: ['identity.users'],
  defaults: ({ n, rng, parent, now }) => {
    const user = parent('identity.users');
    const [agent, device] = rng.pick(BROWSERS);
    return {
      user_id: user.id,
      refresh_token_hash: sha256Hex(`rt_${n}_${rng.hex(48)}`),
      auth_method: user.register_mode ?? 'Mobile',
      mfa_passed: user.mfa_enabled === true,
      ip: iranianIp(rng),
      user_agent: agent,
      device_name: device,
      created_at: between(
        rng,
        latest(toDate(user.created_at, now), daysBefore(now, SESSION_DAYS - 5)),
        addSeconds(now, -60),
      ),
    };
  },
  finalize: (row, { rng, now }) => {
    const created = toDate(row.created_at, now);
    const expires = toDate(row.expires_at, addDays(created, SESSION_DAYS));
    const revoked =
      row.revoked_at || row.revoked_reason
        ? toDate(row.revoked_at, between(rng, created, earliest(expires, now)))
        : null;
    return {
      expires_at: expires,
      revoked_at: revoked,
      last_seen_at: between(rng, created, earliest(revoked ?? expires, now)),
    };
  },
  beforeCreate: async (row, { create }) => {
    if (row.revoked_reason !== 'Rotated' || row.replaced_by_id) return undefined;
    // Rotation: the successor session opens the moment this one is revoked, on the same device.
    const successor = await create('identity.user_sessions', {
      user_id: row.user_id,
      auth_method: row.auth_method,
      mfa_passed: row.mfa_passed,
      ip: row.ip,
      user_agent: row.user_agent,
      device_name: row.device_name,
      is_mobile_app: row.is_mobile_app,
      created_at: row.revoked_at as Date,
    });
    return { replaced_by_id: successor.id };
  },
  traits: {
    /** Ended by the user (logout). */
    revoked: (_t) => ({ revoked_reason: 'Logout' }),
    /** Replaced by a newer session on refresh (create() makes the successor). */
    rotated: (_t) => ({ revoked_reason: 'Rotated' }),
    expired: ({ rng, parent, now }) => {
      const userCreated = toDate(parent('identity.users').created_at, daysBefore(now, 90));
      const created = between(
        rng,
        latest(userCreated, daysBefore(now, 120)),
        daysBefore(now, SESSION_DAYS + 1),
      );
      // A user younger than a session's lifetime can only have had a short one expire.
      const expires = earliest(addDays(created, SESSION_DAYS), addSeconds(now, -60));
      return { created_at: created, expires_at: expires };
    },
    mobileApp: ({ rng }) => ({
      is_mobile_app: true,
      user_agent: `FlatRender/3.2.${rng.int(0, 9)} (Android 14; SM-A546E)`,
      device_name: 'Samsung Galaxy A54',
    }),
    mfaPassed: (_t) => ({ mfa_passed: true }),
  },
});

const MFA_LABELS = {
  Totp: ['Google Authenticator', 'Microsoft Authenticator', 'Authy'],
  Sms: ['پیامک'],
  Email: ['ایمیل'],
  WebAuthn: ['YubiKey 5C NFC', 'Touch ID', 'Windows Hello'],
  RecoveryCodes: ['کدهای بازیابی'],
} as const;

/** A WebAuthn credential id: the row number first, so ids never collide within a run. */
function credentialId(n: number, rng: Random): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(n);
  return Buffer.concat([head, randomBytes(rng, 28)]);
}

/**
 * identity.mfa_factors: a second factor of the context's user, active and verified by default,
 * with exactly the fields its type needs (TOTP secret, SMS phone, WebAuthn credential…).
 */
export const mfaFactorFactory = defineFactory('identity.mfa_factors', {
  parents: ['identity.users'],
  defaults: ({ rng, parent, now, overrides }) => {
    const user = parent('identity.users');
    const type =
      overrides.factor_type ??
      rng.weighted([
        ['Totp', 55],
        ['Sms', 30],
        ['WebAuthn', 8],
        ['RecoveryCodes', 5],
        ['Email', 2],
      ] as const);
    return {
      user_id: user.id,
      factor_type: type,
      status: 'Active',
      label: rng.pick(MFA_LABELS[type]),
      created_at: between(
        rng,
        latest(toDate(user.created_at, now), daysBefore(now, 300)),
        addSeconds(now, -600),
      ),
    };
  },
  finalize: (row, { n, rng, now, parent }) => {
    const user = parent('identity.users');
    const created = toDate(row.created_at, now);
    const verified =
      row.status === 'Pending'
        ? null
        : toDate(row.verified_at, earliest(addSeconds(created, rng.int(20, 600)), now));
    const used = verified && rng.bool(0.7) ? between(rng, verified, now) : null;
    const out: Record<string, unknown> = {
      verified_at: verified,
      last_used_at: used,
      updated_at:
        row.status === 'Disabled'
          ? between(rng, used ?? verified ?? created, now)
          : (used ?? verified ?? created),
    };
    switch (row.factor_type) {
      case 'Totp':
        out.secret_encrypted = randomBytes(rng, 20);
        break;
      case 'Sms':
        out.phone_number = user.phone_number ?? iranianMobile(rng);
        break;
      case 'Email':
        out.email = user.email ?? `mfa.${n}@example.ir`;
        break;
      case 'WebAuthn':
        out.webauthn_credential_id = credentialId(n, rng);
        out.webauthn_public_key = randomBytes(rng, 77);
        out.webauthn_sign_count = used ? rng.int(1, 400) : 0;
        break;
      case 'RecoveryCodes':
        out.recovery_code_hashes = Array.from({ length: 10 }, (_, i) =>
          sha256Hex(`rc_${n}_${i}_${rng.hex(10)}`),
        );
        break;
    }
    return out;
  },
  traits: {
    totp: (_t) => ({ factor_type: 'Totp', label: 'Google Authenticator' }),
    sms: (_t) => ({ factor_type: 'Sms', label: 'پیامک' }),
    email: (_t) => ({ factor_type: 'Email', label: 'ایمیل' }),
    webauthn: (_t) => ({ factor_type: 'WebAuthn', label: 'YubiKey 5C NFC' }),
    recoveryCodes: (_t) => ({ factor_type: 'RecoveryCodes', label: 'کدهای بازیابی' }),
    /** Enrolment started, code not confirmed yet. */
    pending: (_t) => ({ status: 'Pending' }),
    disabled: (_t) => ({ status: 'Disabled', is_primary: false }),
    /** At most one live primary factor per user (unique index). */
    primary: (_t) => ({ is_primary: true }),
  },
});

/** What `code_hash` holds: the code salted with its target, so equal codes differ per recipient. */
export function hashOtpCode(target: string, code: string): string {
  return sha256Hex(`${target}:${code}`);
}

export interface OtpTransient {
  /** The code sent to the user (5 digits, like Iranian SMS panels). Default: drawn from the row's stream. */
  code?: string;
}

const PURPOSES_BY_CHANNEL = {
  Sms: [
    ['Login', 60],
    ['VerifyPhone', 15],
    ['ResetPassword', 15],
    ['MfaChallenge', 10],
  ],
  Email: [
    ['VerifyEmail', 50],
    ['ResetPassword', 30],
    ['Login', 20],
  ],
  Telegram: [['Login', 100]],
} as const;

/**
 * identity.otp_codes: a one-time code for the context's user, by SMS mostly; consumed at the first
 * attempt by default, and always expiring two minutes after it was sent.
 */
export const otpCodeFactory = defineFactory('identity.otp_codes', {
  parents: ['identity.users'],
  transient: {} as OtpTransient,
  defaults: ({ rng, parent, now, overrides }) => {
    const user = parent('identity.users');
    const channel =
      overrides.channel ??
      rng.weighted([
        ['Sms', 85],
        ['Email', 10],
        ['Telegram', 5],
      ] as const);
    return {
      user_id: user.id,
      channel,
      purpose: rng.weighted(PURPOSES_BY_CHANNEL[channel]),
      attempts: 1,
      max_attempts: 5,
      ip: iranianIp(rng),
      created_at: between(
        rng,
        latest(toDate(user.created_at, now), daysBefore(now, 30)),
        addSeconds(now, -600),
      ),
    };
  },
  finalize: (row, { n, rng, now, parent, transient }) => {
    const user = row.user_id ? parent('identity.users') : undefined;
    const created = toDate(row.created_at, now);
    const target =
      row.target ??
      (row.channel === 'Email'
        ? (user?.email ?? `otp.${n}@example.ir`)
        : row.channel === 'Telegram'
          ? String(user?.telegram_user_id ?? 500_000_000 + n)
          : (user?.phone_number ?? iranianMobile(rng)));
    const code = transient.code ?? String(rng.int(10_000, 99_999));
    return {
      target,
      code_hash: hashOtpCode(target, code),
      expires_at: addSeconds(created, OTP_TTL_SECONDS),
      consumed_at: addSeconds(created, rng.int(8, 90)),
    };
  },
  traits: {
    /** Just sent, not entered yet: still valid at the reference time. */
    pending: ({ now, rng }) => ({
      created_at: addSeconds(now, -rng.int(5, 60)),
      attempts: 0,
      consumed_at: null,
    }),
    expired: (_t) => ({ attempts: 0, consumed_at: null }),
    /** Every attempt used up with wrong codes: locked until it expires. */
    exhausted: (_t) => ({ attempts: 5, max_attempts: 5, consumed_at: null }),
    /** Sign-up by phone: no account exists yet. */
    registration: ({ rng }) => ({
      user_id: null,
      channel: 'Sms',
      purpose: 'Register',
      target: iranianMobile(rng),
    }),
  },
});
