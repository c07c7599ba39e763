import { defineFactory } from '../core/factory.js';
import { between, daysBefore, latest, randomBytes, toDate } from './access-helpers.js';

/**
 * identity.oauth_config: the tenant's Google sign-in settings as the admin panel saves them
 * (one per tenant and provider), enabled by default and last edited by the context's user.
 */
export const oauthConfigFactory = defineFactory('identity.oauth_config', {
  parents: ['identity.tenants', 'identity.users'],
  defaults: ({ rng, parent, now }) => {
    const tenant = parent('identity.tenants');
    const admin = parent('identity.users');
    const host = tenant.custom_domain ?? 'flatrender.ir';
    const created = between(rng, latest(toDate(admin.created_at, now), daysBefore(now, 365)), now);
    return {
      provider: 'Google',
      client_id: `${rng.int(100_000_000_000, 999_999_999_999)}-${rng.hex(32)}.apps.googleusercontent.com`,
      client_secret_encrypted: randomBytes(rng, 32),
      redirect_uri: `https://api.${host}/v1/auth/oauth/google/callback`,
      scopes: ['openid', 'email', 'profile'],
      is_enabled: true,
      updated_by: admin.id,
      created_at: created,
      updated_at: between(rng, created, now),
    };
  },
  traits: {
    /** Saved but not switched on yet: the Google button is hidden. */
    disabled: (_t) => ({ is_enabled: false }),
  },
});
