import { BRAND_FONTS } from '../../domain/catalogue.js';
import { drawCompany } from '../../domain/companies.js';
import { drawPersonName, personEmailLocal } from '../../domain/people.js';
import { hashSeed, Random } from '../../domain/random.js';
import { hexColor, iranianMobile } from '../../domain/realism.js';
import { defineFactory } from '../core/factory.js';

/** The business behind tenant row `uid`: the same in its defaults and its traits. */
const businessOf = (uid: number) => drawCompany(new Random(hashSeed(`tenant-business|${uid}`)));
/** Its slug and domain label: the business's Latin name, made unique by the row. */
const tenantKey = (uid: number) => `${businessOf(uid).slug}-${uid}`;

/** identity.tenants: resellers by default (the column default), with Persian names and quotas. */
export const tenantFactory = defineFactory('identity.tenants', {
  defaults: ({ uid: n, rng, past }) => {
    // A Persian business name; its slug, domain and e-mails are transliterated from it.
    const business = businessOf(n);
    const contact = drawPersonName(rng);
    const key = tenantKey(n);
    const created = past(720, 30);
    return {
      slug: key,
      name: business.name,
      kind: 'Reseller',
      status: 'Active',
      contact_name: contact.fullName,
      contact_email: `${personEmailLocal(contact, n)}@${key}.ir`,
      contact_phone: iranianMobile(rng),
      billing_email: `billing@${key}.ir`,
      max_users: rng.pick([50, 100, 500, null]),
      max_storage_gb: rng.pick([100, 500, 2000]),
      monthly_render_qty: rng.pick([1000, 5000, 20000]),
      monthly_render_sec: rng.pick([36_000, 180_000, 720_000]),
      metadata: { source: 'seed', brand: business.brand, name_en: business.nameEn },
      created_at: created,
      updated_at: created,
    };
  },
  traits: {
    /** A white-label reseller on its own domain (videos.<its slug>.ir). */
    reseller: ({ uid: n, rng, overrides }) => {
      const domain = `${String(overrides.slug ?? tenantKey(n))}.ir`;
      return {
        kind: 'Reseller',
        status: 'Active',
        custom_domain: `videos.${domain}`,
        domain_verified: true,
        allowed_origins: [`https://videos.${domain}`, `https://app.${domain}`],
        max_users: rng.pick([100, 500]),
      };
    },
    enterprise: (_t) => ({ kind: 'Enterprise', status: 'Active', max_users: null, max_storage_gb: null }),
    trial: ({ now }) => ({ status: 'Trial', trial_ends_at: new Date(now.getTime() + 14 * 86_400_000) }),
    suspended: ({ now }) => ({ status: 'Suspended', suspended_at: now, suspension_reason: 'پرداخت معوق' }),
  },
});

/** identity.tenant_branding: one white-label row per tenant. */
export const tenantBrandingFactory = defineFactory('identity.tenant_branding', {
  parents: ['identity.tenants'],
  defaults: ({ parent, fa, rng, n }) => {
    const tenant = parent('identity.tenants');
    const domain = tenant.custom_domain ?? `tenant${n}.example`;
    return {
      tenant_id: tenant.id,
      brand_name: tenant.name ?? fa.company.name(),
      brand_name_en: String((tenant.metadata as { name_en?: string } | null)?.name_en ?? `Brand ${n}`),
      logo_url: `https://${domain}/assets/logo.svg`,
      logo_dark_url: `https://${domain}/assets/logo-dark.svg`,
      favicon_url: `https://${domain}/favicon.ico`,
      watermark_url: `https://${domain}/assets/watermark.png`,
      primary_color: hexColor(rng),
      secondary_color: hexColor(rng),
      accent_color: hexColor(rng),
      font_family: rng.pick(BRAND_FONTS),
      default_locale: 'fa',
      support_email: `support@${domain}`,
      support_phone: '+982191000000',
      email_from_name: tenant.name ?? 'FlatRender',
      email_from_address: `no-reply@${domain}`,
      sms_sender_line: `3000${rng.int(1000, 9999)}`,
      telegram_bot_username: `${String(tenant.slug ?? `brand-${n}`).replace(/-/g, '_')}_bot`,
      hide_platform_branding: rng.bool(0.7),
    };
  },
});
