import { DAY, HOUR } from '../../domain/calendar.js';
import { toman } from '../../domain/money.js';
import { VIDEO_QUALITIES } from '../../domain/pricing.js';
import type { Factories } from '../../factories/index.js';
import type { RowOf } from '../../schema/table-meta.js';
import type { CredentialBook } from '../credentials.js';
import { type Business, ENTERPRISE, RESELLER_A, RESELLER_B } from './businesses.js';
import type { Identities } from './identities.js';
import type { Timeline } from './timeline.js';
import type { DemoTenant, OfferedPlan, TenantKey } from './world.js';

/** Sets a tenant's own rate table (domain/pricing.ts), before any of its renders. */
async function priceList(f: Factories, at: number): Promise<void> {
  for (const quality of VIDEO_QUALITIES) {
    await f.renderPriceRate.create({ quality, created_at: new Date(at), updated_at: new Date(at) });
  }
}

function tenantOf(
  key: TenantKey,
  row: RowOf<'identity.tenants'>,
  f: Factories,
  admin: RowOf<'identity.users'>,
  since: number,
  domain: string,
  plans: OfferedPlan[],
  extra: Partial<Pick<DemoTenant, 'contract' | 'free' | 'pack'>> = {},
): DemoTenant {
  return {
    key,
    row,
    f,
    admin,
    since,
    domain,
    plans,
    contract: extra.contract ?? null,
    free: extra.free ?? null,
    pack: extra.pack ?? null,
    catalogue: [],
    people: [],
    apiKey: null,
  };
}

/**
 * FlatRender itself (the default tenant): its staff, its list prices as a rate table, the plans
 * it sells (free, Basic, Pro, Business, a seconds pack) and Google sign-in.
 */
async function flatrender(
  f: Factories,
  time: Timeline,
  ids: Identities,
  book: CredentialBook,
): Promise<DemoTenant> {
  const row = await f.context.ensure('identity.tenants');
  const founded = time.now - 430 * DAY;
  const at = (days: number) => new Date(founded + days * DAY);
  const rng = time.rng('staff|flatrender');
  const staff = (days: number) => ({
    ...ids.staff(rng, at(days).getTime(), 'flatrender.ir', 'تهران', time.now),
    created_at: at(days),
    mfa_enabled: true,
  });
  const admin = await f.user.admin().create({ ...staff(0), role: 'SuperAdmin' });
  book.login(row, admin, 'FlatRender super admin (admin panel)');
  const editor = await f.user.admin().create(staff(20));
  book.login(row, editor, 'FlatRender content editor');
  await f.user.moderator().create({ ...staff(45), mfa_enabled: false });
  await priceList(f, founded + DAY);
  const planAt = { created_at: at(2), updated_at: at(2) };
  const free = await f.plan.free().create(planAt);
  const basic = await f.plan.basic().create(planAt);
  const pro = await f.plan.pro().create(planAt);
  const business = await f.plan.enterprise().create(planAt);
  const pack = await f.plan.secondsPack().create({ created_at: at(90), updated_at: at(90) });
  await f.use(admin).oauthConfig.create({ created_at: at(3), updated_at: at(60) });
  return tenantOf(
    'flatrender',
    row,
    f,
    admin,
    time.from,
    'flatrender.ir',
    [
      { row: basic, weight: 45 },
      { row: pro, weight: 40 },
      { row: business, weight: 15 },
    ],
    { free, pack },
  );
}

/**
 * A business tenant: its row, white-label branding (its app at `app`, its mail at its own
 * domain) and first admin.
 */
async function business(
  f: Factories,
  ids: Identities,
  time: Timeline,
  b: Business,
  kind: 'reseller' | 'enterprise',
  created: number,
  app: string | null,
) {
  const domain = `${b.slug}.ir`;
  const fields = {
    slug: b.slug,
    name: b.name,
    contact_email: `info@${domain}`,
    billing_email: `billing@${domain}`,
    metadata: {
      source: 'seed',
      brand: b.brand,
      name_en: b.nameEn,
      city: b.city,
      website: `https://${domain}`,
    },
    created_at: new Date(created),
    updated_at: new Date(created),
  };
  const row =
    kind === 'reseller' && app
      ? await f.tenant.reseller().create({
          ...fields,
          custom_domain: app,
          allowed_origins: [`https://${app}`, `https://${domain}`],
        })
      : await f.tenant.enterprise().create(fields);
  const t = f.forTenant(row);
  const assets = `https://${app ?? domain}/assets`;
  await t.tenantBranding.create({
    brand_name_en: b.nameEn,
    support_email: `support@${domain}`,
    email_from_name: b.name,
    email_from_address: `no-reply@${domain}`,
    logo_url: `${assets}/logo.svg`,
    logo_dark_url: `${assets}/logo-dark.svg`,
    favicon_url: `https://${app ?? domain}/favicon.ico`,
    watermark_url: `${assets}/watermark.png`,
  });
  const admin = await t.user.admin().create({
    ...ids.staff(time.rng(`staff|${b.slug}`), created + HOUR, domain, b.city, time.now),
    created_at: new Date(created + HOUR),
    mfa_enabled: true,
  });
  return { row, t, admin, domain };
}

/**
 * The demo's tenants. Resellers set their own prices before their first render; the enterprise
 * renders at FlatRender's rates, mostly on the contract plan it grants its staff.
 */
export async function makeTenants(
  f: Factories,
  time: Timeline,
  ids: Identities,
  book: CredentialBook,
): Promise<DemoTenant[]> {
  const fr = await flatrender(f, time, ids, book);

  // A video studio reselling FlatRender under its own brand for more than a year.
  const aCreated = time.now - 395 * DAY;
  const a = await business(f, ids, time, RESELLER_A, 'reseller', aCreated, `videos.${RESELLER_A.slug}.ir`);
  book.login(a.row, a.admin, 'reseller admin (white-label panel)');
  await priceList(a.t, aCreated + DAY);
  const aPlan = { created_at: new Date(aCreated + 2 * DAY), updated_at: new Date(aCreated + 2 * DAY) };
  const aBasic = await a.t.plan.basic().create(aPlan);
  const aPro = await a.t.plan.pro().create(aPlan);
  await a.t.use(a.admin).oauthConfig.create({
    created_at: new Date(aCreated + 3 * DAY),
    updated_at: new Date(aCreated + 3 * DAY),
  });
  const studio = tenantOf('studio', a.row, a.t, a.admin, time.now - 365 * DAY, a.domain, [
    { row: aBasic, weight: 60 },
    { row: aPro, weight: 40 },
  ]);

  // An advertising agency that joined five months ago.
  const bCreated = time.now - 165 * DAY;
  const b = await business(f, ids, time, RESELLER_B, 'reseller', bCreated, `video.${RESELLER_B.slug}.ir`);
  book.login(b.row, b.admin, 'reseller admin (white-label panel)');
  await priceList(b.t, bCreated + DAY);
  const bBasic = await b.t.plan.basic().create({
    created_at: new Date(bCreated + 2 * DAY),
    updated_at: new Date(bCreated + 2 * DAY),
  });
  const agency = tenantOf('agency', b.row, b.t, b.admin, time.now - 150 * DAY, b.domain, [
    { row: bBasic, weight: 1 },
  ]);

  // A retail chain whose marketing team renders its own branded templates under a yearly contract.
  const eCreated = time.now - 255 * DAY;
  const e = await business(f, ids, time, ENTERPRISE, 'enterprise', eCreated, null);
  book.login(e.row, e.admin, 'enterprise admin');
  const contract = await e.t.plan
    .enterprise()
    .hidden()
    .create({
      name: 'قرارداد سالانه سازمانی',
      name_en: 'Annual enterprise contract',
      description: 'رندر نامحدود قالب‌های اختصاصی برند برای تیم بازاریابی، با صف اختصاصی',
      duration_days: 365,
      price_minor: toman(120_000_000),
      render_seconds_quota: 360_000,
      created_at: new Date(eCreated + DAY),
      updated_at: new Date(eCreated + DAY),
    });
  await e.t
    .use(e.admin)
    .oauthConfig.disabled()
    .create({ created_at: new Date(eCreated + 2 * DAY), updated_at: new Date(eCreated + 2 * DAY) });
  const enterprise = tenantOf('enterprise', e.row, e.t, e.admin, time.now - 240 * DAY, e.domain, [], {
    contract,
  });
  return [fr, studio, agency, enterprise];
}
