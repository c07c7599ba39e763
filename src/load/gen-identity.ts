import { BAN_REASON, SIGN_IN_DEVICES } from '../domain/accounts.js';
import { DAY, HOUR, MINUTE, TEHRAN_TIME_ZONE } from '../domain/calendar.js';
import { PERSIAN_FONTS } from '../domain/catalogue.js';
import { iranianIp, pickIsp, tehranLandline } from '../domain/places.js';
import { rateTable, VIDEO_QUALITIES } from '../domain/pricing.js';
import { API_SCOPES } from '../domain/reseller-api.js';
import type { Row } from '../sql/copy-text.js';
import { loadTable } from '../sql/load-table.js';
import { hex, uuid } from './fast-format.js';
import { fixed, json } from './literals.js';
import type { TenantContext } from './tenant-context.js';

export const tenantsTable = loadTable('identity.tenants', [
  'id',
  'slug',
  'name',
  'kind',
  'status',
  'custom_domain',
  'domain_verified',
  'allowed_origins',
  'contact_name',
  'contact_email',
  'contact_phone',
  'billing_email',
  'max_users',
  'max_storage_gb',
  'monthly_render_qty',
  'monthly_render_sec',
  'trial_ends_at',
  'metadata',
  'created_at',
  'updated_at',
]);

/** identity.tenants: one reseller (or enterprise) per shard. */
export function* tenantRows(ctx: TenantContext): Generator<Row> {
  const { tenant, core } = ctx;
  const rng = ctx.stream('identity.tenants', 1);
  const admin = ctx.users[0]!;
  const enterprise = tenant.kind === 'Enterprise';
  yield [
    tenant.id,
    core.slug,
    core.name,
    tenant.kind,
    tenant.status,
    `videos.${core.domain}`,
    tenant.status === 'Active',
    [`https://videos.${core.domain}`, `https://www.${core.domain}`],
    admin.person.fullName,
    `ops@${core.domain}`,
    admin.phone,
    `billing@${core.domain}`,
    enterprise ? null : rng.pick([500, 1000, 5000, 20000]),
    enterprise ? null : rng.pick([200, 500, 2000]),
    rng.pick([5_000, 20_000, 100_000]),
    rng.pick([180_000, 720_000, 3_600_000]),
    tenant.status === 'Trial' ? tenant.createdAt + 45 * DAY : null,
    json({ source: 'seed-load', name_en: core.nameEn, tier: enterprise ? 'enterprise' : 'reseller' }),
    tenant.createdAt,
    Math.min(ctx.plan.nowMs - HOUR, tenant.createdAt + rng.int(1, 30) * DAY),
  ];
}

export const brandingTable = loadTable('identity.tenant_branding', [
  'tenant_id',
  'brand_name',
  'brand_name_en',
  'logo_url',
  'logo_dark_url',
  'favicon_url',
  'watermark_url',
  'primary_color',
  'secondary_color',
  'accent_color',
  'font_family',
  'default_locale',
  'support_email',
  'support_phone',
  'email_from_name',
  'email_from_address',
  'sms_sender_line',
  'telegram_bot_username',
  'hide_platform_branding',
  'metadata',
  'created_at',
  'updated_at',
]);

export function* brandingRows(ctx: TenantContext): Generator<Row> {
  const { tenant, core } = ctx;
  const rng = ctx.stream('identity.tenant_branding', 0);
  const cdn = `https://cdn.${core.domain}/brand`;
  const color = () => `#${hex(rng, 6).toUpperCase()}`;
  yield [
    tenant.id,
    core.name,
    core.nameEn,
    `${cdn}/logo.svg`,
    `${cdn}/logo-dark.svg`,
    `${cdn}/favicon.ico`,
    `${cdn}/watermark.png`,
    color(),
    color(),
    color(),
    rng.pick(PERSIAN_FONTS),
    'fa',
    `support@${core.domain}`,
    tehranLandline(rng),
    core.name,
    `no-reply@${core.domain}`,
    `3000${rng.int(1_000, 9_999)}`,
    `${core.slug.replace(/-/g, '_')}_bot`,
    rng.bool(0.7),
    '{}',
    tenant.createdAt + 10 * MINUTE,
    Math.min(ctx.plan.nowMs - HOUR, tenant.createdAt + rng.int(1, 60) * DAY),
  ];
}

export const priceRatesTable = loadTable('identity.render_price_rates', [
  'id',
  'tenant_id',
  'quality',
  'seconds_multiplier',
  'price_per_second_minor',
  'is_active',
  'created_at',
  'updated_at',
]);

/** identity.render_price_rates: the tenant's rate table (domain/pricing.ts), every job is priced by it. */
export function* priceRateRows(ctx: TenantContext): Generator<Row> {
  const rng = ctx.stream('identity.render_price_rates', 0);
  const rates = rateTable(ctx.core.pricePerSecond);
  const at = ctx.tenant.createdAt + 5 * MINUTE;
  for (const quality of VIDEO_QUALITIES) {
    const rate = rates[quality];
    yield [uuid(rng), ctx.tenant.id, quality, fixed(rate.multiplier, 3), rate.pricePerSecond, true, at, at];
  }
}

export const usersTable = loadTable('identity.users', [
  'id',
  'tenant_id',
  'email',
  'email_verified_at',
  'phone_number',
  'phone_verified_at',
  'password_hash',
  'full_name',
  'display_name',
  'avatar_url',
  'locale',
  'timezone',
  'role',
  'status',
  'register_mode',
  'registered_with_mobile_app',
  'affiliate_owner_id',
  'referral_code',
  'google_sub',
  'telegram_user_id',
  'balance_minor',
  'render_seconds_balance',
  'banned_at',
  'ban_reason',
  'mfa_enabled',
  'last_login_at',
  'last_login_ip',
  'failed_login_count',
  'metadata',
  'created_at',
  'updated_at',
]);

/**
 * identity.users: index 0 is the tenant's admin; the rest sign up over time by the activity
 * clock, mostly by mobile OTP. Balances are the latest of their wallet ledger (wallet-ledger.ts).
 */
export function* userRows(ctx: TenantContext): Generator<Row> {
  const { tenant, plan } = ctx;
  const balances = ctx.ledger.balances;
  for (const user of ctx.users) {
    const rng = ctx.stream('identity.users', `${user.index}+`);
    ctx.usage.add('new_users', user.createdAt, 1);
    ctx.usage.markActive(user.index, user.lastLoginAt);
    const banned = user.index > 0 && rng.bool(0.01);
    const lastLogin = user.lastLoginAt;
    const bannedAt = banned ? Math.min(plan.nowMs - MINUTE, lastLogin + HOUR) : null;
    const referrer = user.index > 5 && rng.bool(0.08) ? ctx.users[rng.int(1, user.index - 1)]!.id : null;
    yield [
      user.id,
      tenant.id,
      user.email,
      user.email && user.registerMode === 'Email' ? user.createdAt + rng.int(30, 3_600) * 1000 : null,
      user.phone,
      user.phone ? user.createdAt + rng.int(20, 300) * 1000 : null,
      user.registerMode === 'Email' ? `$argon2id$v=19$m=65536,t=3,p=1$${hex(rng, 22)}$${hex(rng, 43)}` : null,
      user.person.fullName,
      user.person.given.name,
      rng.bool(0.35) ? `https://cdn.${ctx.core.domain}/avatars/${user.id}.webp` : null,
      rng.bool(0.93) ? 'fa' : 'en',
      TEHRAN_TIME_ZONE,
      user.index === 0 ? 'Admin' : rng.bool(0.01) ? 'Moderator' : 'User',
      banned ? 'Banned' : 'Active',
      user.registerMode,
      rng.bool(0.3),
      referrer,
      `FR-${user.index.toString(36).toUpperCase()}-${hex(rng, 4).toUpperCase()}`,
      user.registerMode === 'Google'
        ? `1${String(tenant.ordinal).padStart(4, '0')}${String(user.index).padStart(15, '0')}`
        : null,
      user.telegramId,
      balances[user.index]!,
      0,
      bannedAt,
      banned ? BAN_REASON : null,
      user.index === 0 || rng.bool(0.04),
      lastLogin,
      iranianIp(rng, pickIsp(rng)),
      0,
      user.index === 0 ? '{"onboarding":"done","invited":false}' : '{}',
      user.createdAt,
      bannedAt ?? lastLogin,
    ];
  }
}

export const pushSubscriptionsTable = loadTable('identity.push_subscriptions', [
  'id',
  'tenant_id',
  'user_id',
  'platform',
  'endpoint',
  'p256dh',
  'auth',
  'user_agent',
  'expiration_time',
  'is_active',
  'failure_count',
  'last_success_at',
  'created_at',
  'updated_at',
]);

/** identity.push_subscriptions: the users who allowed browser push, from that moment (their Push channel). */
export function* pushSubscriptionRows(ctx: TenantContext): Generator<Row> {
  const { tenant, plan } = ctx;
  for (const user of ctx.users) {
    if (user.pushSubscribedAt === null) continue;
    const rng = ctx.stream('identity.push_subscriptions', user.index);
    const id = uuid(rng);
    const at = user.pushSubscribedAt;
    const lastSuccess = Math.min(plan.nowMs - MINUTE, at + rng.int(1, 90) * DAY);
    yield [
      id,
      tenant.id,
      user.id,
      rng.weighted([
        ['Web', 70],
        ['Android', 25],
        ['Ios', 5],
      ] as const),
      `https://fcm.googleapis.com/fcm/send/${id}:${hex(rng, 40)}`,
      `B${hex(rng, 86)}`,
      hex(rng, 22),
      rng.pick(SIGN_IN_DEVICES)[0],
      null,
      true,
      0,
      lastSuccess,
      at,
      lastSuccess,
    ];
  }
}

export const apiKeysTable = loadTable('identity.tenant_api_keys', [
  'id',
  'tenant_id',
  'name',
  'key_prefix',
  'key_hash',
  'signing_secret_encrypted',
  'environment',
  'scopes',
  'status',
  'rate_limit_per_min',
  'last_used_at',
  'last_used_ip',
  'created_by',
  'metadata',
  'created_at',
  'updated_at',
]);

/**
 * identity.tenant_api_keys: made after the request logs, so that each key's last use is its
 * latest logged request (none inside the log window: null).
 */
export function* apiKeyRows(ctx: TenantContext): Generator<Row> {
  const { tenant } = ctx;
  for (const key of ctx.apiKeys) {
    const rng = ctx.stream('identity.tenant_api_keys', `${key.index}+`);
    const lastUse = ctx.apiKeyLastUse[key.index];
    yield [
      key.id,
      tenant.id,
      key.environment === 'Live'
        ? key.index === 0
          ? 'Production'
          : `Production ${key.index + 1}`
        : 'Sandbox',
      key.prefix,
      key.hash,
      hex(rng, 48),
      key.environment,
      key.index === 0 ? [...API_SCOPES] : API_SCOPES.filter((scope) => scope !== 'webhooks:manage'),
      'Active',
      tenant.kind === 'Enterprise' ? 1200 : null,
      lastUse?.at ?? null,
      lastUse?.ip ?? null,
      ctx.users[0]!.id,
      '{"created_from":"dashboard"}',
      key.createdAt,
      lastUse?.at ?? key.createdAt,
    ];
  }
}
