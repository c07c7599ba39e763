import type { Row } from './column-codec.js';
import { json } from './copy-text.js';
import { hex } from './fast-format.js';
import { loadTable } from './load-table.js';
import type { TenantContext } from './tenant-context.js';
import { IR_IP_PREFIXES } from './vocabulary.js';

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
    `${admin.firstName} ${admin.lastName}`,
    `ops@${core.domain}`,
    admin.phone,
    `billing@${core.domain}`,
    enterprise ? null : rng.pick([500, 1000, 5000, 20000]),
    enterprise ? null : rng.pick([200, 500, 2000]),
    rng.pick([5_000, 20_000, 100_000]),
    rng.pick([180_000, 720_000, 3_600_000]),
    tenant.status === 'Trial' ? tenant.createdAt + 45 * 86_400_000 : null,
    json({ source: 'seed-load', brand_en: core.brand, tier: enterprise ? 'enterprise' : 'reseller' }),
    tenant.createdAt,
    Math.min(ctx.plan.nowMs - 3_600_000, tenant.createdAt + rng.int(1, 30) * 86_400_000),
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
    core.brand,
    `${cdn}/logo.svg`,
    `${cdn}/logo-dark.svg`,
    `${cdn}/favicon.ico`,
    `${cdn}/watermark.png`,
    color(),
    color(),
    color(),
    rng.pick(['Vazirmatn', 'IRANSans', 'Yekan Bakh', 'Shabnam']),
    'fa',
    `support@${core.domain}`,
    `+9821${rng.int(22_000_000, 88_999_999)}`,
    core.name,
    `no-reply@${core.domain}`,
    `3000${rng.int(1_000, 9_999)}`,
    `${core.slug.replace(/-/g, '_')}_bot`,
    rng.bool(0.7),
    json({}),
    tenant.createdAt + 600_000,
    Math.min(ctx.plan.nowMs - 3_600_000, tenant.createdAt + rng.int(1, 60) * 86_400_000),
  ];
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

/** identity.users: index 0 is the tenant's admin; the rest sign up over time, mostly by mobile OTP. */
export function* userRows(ctx: TenantContext): Generator<Row> {
  const { tenant, plan } = ctx;
  for (const user of ctx.users) {
    const rng = ctx.stream('identity.users', `${user.index}+`);
    ctx.usage.add('new_users', user.createdAt, 1);
    const banned = user.index > 0 && rng.bool(0.01);
    const lastLogin = Math.min(plan.nowMs - 60_000, user.createdAt + rng.int(60, 90 * 86_400) * 1000);
    const referrer = user.index > 5 && rng.bool(0.08) ? ctx.users[rng.int(1, user.index - 1)]!.id : null;
    yield [
      user.id,
      tenant.id,
      user.email,
      user.email && user.registerMode === 'Email' ? user.createdAt + rng.int(30, 3_600) * 1000 : null,
      user.phone,
      user.phone ? user.createdAt + rng.int(20, 300) * 1000 : null,
      user.registerMode === 'Email' ? `$argon2id$v=19$m=65536,t=3,p=1$${hex(rng, 22)}$${hex(rng, 43)}` : null,
      `${user.firstName} ${user.lastName}`,
      user.firstName,
      rng.bool(0.35) ? `https://cdn.${ctx.core.domain}/avatars/${user.id}.webp` : null,
      rng.bool(0.93) ? 'fa' : 'en',
      'Asia/Tehran',
      user.index === 0 ? 'Admin' : rng.bool(0.01) ? 'Moderator' : 'User',
      banned ? 'Banned' : 'Active',
      user.registerMode,
      rng.bool(0.3),
      referrer,
      `FR-${user.index.toString(36).toUpperCase()}-${hex(rng, 4).toUpperCase()}`,
      user.registerMode === 'Google'
        ? `1${String(tenant.ordinal).padStart(4, '0')}${String(user.index).padStart(15, '0')}`
        : null,
      user.telegramId === null ? null : user.telegramId,
      rng.int(0, 200) * 10_000,
      rng.int(0, 60) * 60,
      banned ? lastLogin + 3_600_000 : null,
      banned ? 'نقض قوانین استفاده' : null,
      user.index === 0 || rng.bool(0.04),
      lastLogin,
      `${rng.pick(IR_IP_PREFIXES)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
      0,
      json(user.index === 0 ? { onboarding: 'done', invited: false } : {}),
      user.createdAt,
      banned ? lastLogin + 3_600_000 : lastLogin,
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

export function* apiKeyRows(ctx: TenantContext): Generator<Row> {
  const { tenant, core, plan } = ctx;
  for (const key of ctx.apiKeys) {
    const rng = ctx.stream('identity.tenant_api_keys', `${key.index}+`);
    const lastUsed = plan.nowMs - rng.int(5, 7_200) * 1000;
    yield [
      key.id,
      tenant.id,
      key.environment === 'Live'
        ? key.index === 0
          ? 'Production'
          : `Production ${key.index + 1}`
        : 'Sandbox',
      key.prefix,
      hex(rng, 64),
      hex(rng, 48),
      key.environment,
      ['renders:write', 'renders:read', 'templates:read', ...(key.index === 0 ? ['uploads:write'] : [])],
      'Active',
      tenant.kind === 'Enterprise' ? 1200 : null,
      lastUsed,
      core.serverIps[0]!,
      ctx.users[0]!.id,
      json({ created_from: 'dashboard' }),
      key.createdAt,
      lastUsed,
    ];
  }
}
