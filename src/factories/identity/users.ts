import { BAN_REASON, REGISTER_MODE_WEIGHTS } from '../../domain/accounts.js';
import { drawPersonName, personEmailLocal } from '../../domain/people.js';
import { emailDomain, iranianMobile } from '../../domain/places.js';
import { defineFactory } from '../core/factory.js';
import { settleUsage } from './usage-settle.js';

/**
 * identity.users: mostly mobile (OTP) sign-ups, as in Iran; a verified phone, a Persian name, a
 * wallet in rial that its ledger fills. Unique keys carry the row number, so a run never collides with itself.
 */
export const userFactory = defineFactory('identity.users', {
  // New and active users are metered (usage-settle.ts).
  afterInsert: (rows, { db }) => settleUsage(db, rows, (u) => [u.created_at, u.last_login_at]),
  parents: ['identity.tenants'],
  defaults: ({ uid: n, rng, past, after }) => {
    // A Persian name; an e-mail, when there is one, is the Latin spelling of it.
    const person = drawPersonName(rng);
    const created = past(365, 2);
    const mode = rng.weighted(REGISTER_MODE_WEIGHTS);
    const login = after(created, 3600, 30 * 86_400);
    return {
      email: mode === 'Mobile' && rng.bool(0.6) ? null : `${personEmailLocal(person, n)}@${emailDomain(rng)}`,
      phone_number: mode === 'Google' || mode === 'Email' ? null : iranianMobile(rng),
      phone_verified_at: mode === 'Mobile' || mode === 'Telegram' ? after(created, 30, 300) : null,
      full_name: person.fullName,
      display_name: person.given.name,
      avatar_url: rng.bool(0.4) ? `https://cdn.flatrender.ir/avatars/${n}.webp` : null,
      password_hash: mode === 'Email' ? `$argon2id$v=19$m=65536,t=3,p=1$${rng.hex(22)}$${rng.hex(43)}` : null,
      register_mode: mode,
      google_sub: mode === 'Google' ? String(rng.int(100_000_000, 999_999_999)) + String(n) : null,
      telegram_user_id: mode === 'Telegram' ? 100_000_000 + n : null,
      registered_with_mobile_app: rng.bool(0.3),
      referral_code: `FR${n}${rng.hex(4).toUpperCase()}`,
      // The wallet starts empty: its balances are the ledger's (f.walletTransaction moves them).
      balance_minor: 0,
      render_seconds_balance: 0,
      last_login_at: login,
      last_login_ip: `5.${rng.int(112, 127)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
      created_at: created,
      updated_at: login,
    };
  },
  finalize: (row, { after }) => {
    // A user registered by email has a verified email; the CHECK needs at least one way to sign in.
    if (row.register_mode === 'Email' && row.email && !row.email_verified_at) {
      return { email_verified_at: after(row.created_at as Date, 60, 3600) };
    }
    return {};
  },
  traits: {
    admin: (_t) => ({ role: 'Admin' }),
    moderator: (_t) => ({ role: 'Moderator' }),
    banned: ({ now }) => ({
      status: 'Banned',
      banned_at: now,
      ban_reason: BAN_REASON,
      unblock_date: null,
    }),
    unverified: (_t) => ({ status: 'PendingVerification', phone_verified_at: null, email_verified_at: null }),
  },
});
