import { iranianMobile } from '../../domain/realism.js';
import { defineFactory } from '../core/factory.js';
import {
  addDays,
  addSeconds,
  between,
  daysBefore,
  earliest,
  latest,
  sha256Hex,
  toDate,
} from './access-helpers.js';

/** Invitation links stay valid for a week. */
const INVITATION_DAYS = 7;

export interface InvitationTransient {
  /** The token in the invitation link; only its sha256 is stored. Default: drawn from the row's stream. */
  token?: string;
}

/**
 * identity.tenant_invitations: an invitation from the context's user to join the tenant, by email
 * or phone; pending (not expired) by default. `accepted()` also creates the user who accepted it.
 */
export const tenantInvitationFactory = defineFactory('identity.tenant_invitations', {
  parents: ['identity.users'],
  transient: {} as InvitationTransient,
  defaults: ({ n, rng, parent, now, transient }) => {
    const inviter = parent('identity.users');
    const byEmail = rng.bool(0.6);
    return {
      email: byEmail ? `invitee.${n}@example.ir` : null,
      phone_number: byEmail ? null : iranianMobile(rng),
      role: rng.weighted([
        ['User', 70],
        ['Moderator', 20],
        ['Admin', 10],
      ] as const),
      token_hash: sha256Hex(transient.token ?? `inv_${n}_${rng.hex(40)}`),
      invited_by: inviter.id,
      created_at: between(
        rng,
        latest(toDate(inviter.created_at, now), daysBefore(now, INVITATION_DAYS - 1)),
        addSeconds(now, -60),
      ),
    };
  },
  finalize: (row, { now }) => ({
    expires_at: addDays(toDate(row.created_at, now), INVITATION_DAYS),
  }),
  beforeCreate: async (row, { create, rng, now }) => {
    if (!row.accepted_at || row.accepted_user_id) return undefined;
    // The invitee signs up on acceptance: the account is opened at accepted_at with the invited identifier.
    const at = toDate(row.accepted_at, now);
    const verified = earliest(addSeconds(at, rng.int(20, 120)), now);
    const identity = row.email
      ? {
          register_mode: 'Email' as const,
          email: row.email,
          email_verified_at: verified,
          phone_number: null,
          phone_verified_at: null,
          password_hash: `$argon2id$v=19$m=65536,t=3,p=1$${rng.hex(22)}$${rng.hex(43)}`,
        }
      : {
          register_mode: 'Mobile' as const,
          email: null,
          phone_number: row.phone_number ?? null,
          phone_verified_at: verified,
          password_hash: null,
        };
    const user = await create('identity.users', {
      ...identity,
      role: row.role ?? 'User',
      google_sub: null,
      telegram_user_id: null,
      created_at: at,
      updated_at: verified,
      last_login_at: verified,
    });
    return { accepted_user_id: user.id };
  },
  traits: {
    accepted: ({ rng, parent, now }) => {
      const inviter = parent('identity.users');
      const created = between(
        rng,
        latest(toDate(inviter.created_at, now), daysBefore(now, 60)),
        addSeconds(now, -3600),
      );
      return {
        created_at: created,
        accepted_at: between(rng, addSeconds(created, 300), earliest(addDays(created, INVITATION_DAYS), now)),
      };
    },
    expired: ({ rng, parent, now }) => {
      const inviter = parent('identity.users');
      const created = between(
        rng,
        latest(toDate(inviter.created_at, now), daysBefore(now, 60)),
        daysBefore(now, INVITATION_DAYS + 1),
      );
      // An inviter younger than a week could only have sent a link that lapsed early.
      return {
        created_at: created,
        expires_at: earliest(addDays(created, INVITATION_DAYS), addSeconds(now, -60)),
      };
    },
    byPhone: ({ rng }) => ({ email: null, phone_number: iranianMobile(rng) }),
    admin: (_t) => ({ role: 'Admin' }),
  },
});
