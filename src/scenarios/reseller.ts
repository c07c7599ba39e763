import { fileURLToPath } from 'node:url';
import { VIDEO_QUALITIES } from '../domain/pricing.js';
import type { Factories } from '../factories/index.js';
import { CredentialBook } from './credentials.js';
import { defineScenario } from './scenario.js';

const STATES = ['completed', 'completed', 'completed', 'running', 'queued', 'failed', 'cancelled'] as const;

/**
 * A believable reseller business: a white-label tenant with its domain, two API keys, webhooks with
 * their delivery history, 30 days of usage and API traffic, customers with plans, ZarinPal payments
 * (some failed) and wallets, saved projects with music/voiceover/sfx, render jobs in every state on
 * shared nodes, files within quota, and notifications on every channel with preferences.
 */
export const resellerScenario = defineScenario({
  module: fileURLToPath(import.meta.url),
  name: 'reseller',
  description:
    'A white-label reseller with API keys, webhooks, 30 days of usage, customers, payments and renders',
  fills: [
    'identity.tenants',
    'identity.tenant_branding',
    'identity.tenant_api_keys',
    'identity.tenant_webhooks',
    'identity.tenant_webhook_deliveries',
    'identity.tenant_usage_daily',
    'identity.tenant_api_request_logs',
    'identity.users',
    'identity.plans',
    'identity.user_plans',
    'identity.payments',
    'identity.wallet_transactions',
    'identity.discount_codes',
    'identity.push_subscriptions',
    'identity.render_price_rates',
    'content.containers',
    'content.projects',
    'content.categories',
    'studio.saved_projects',
    'studio.saved_project_sfx',
    'studio.audio_library',
    'render.nodes',
    'render.render_jobs',
    'render.exports',
    'render.frame_repair_jobs',
    'render.node_crashes',
    'file_mgr.folders',
    'file_mgr.files',
    'file_mgr.storage_quotas',
    'notification.notifications',
    'notification.notification_deliveries',
    'notification.notification_preferences',
    'notification.telegram_links',
  ],
  async run(f, progress) {
    const book = new CredentialBook();
    progress('reseller tenant, branding, admin and price list');
    const tenant = await f.tenant.reseller().create();
    const t = f.forTenant(tenant);
    const branding = await t.tenantBranding.create();
    const admin = await t.user.admin().create();
    book.login(tenant, admin, 'reseller admin');
    // Its own prices, set before its first render (domain/pricing.ts).
    for (const quality of VIDEO_QUALITIES) await t.renderPriceRate.create({ quality });

    progress('API keys and webhooks');
    await book.apiKey(t, tenant, 'Staging', 'Test');
    // Made last, so the reseller's servers (the API renders and traffic below) use it.
    await book.apiKey(t, tenant, 'Production', 'Live');
    const webhook = await t.tenantWebhook.allEvents().create();
    for (const state of [
      'succeeded',
      'succeeded',
      'succeeded',
      'succeeded',
      'failed',
      'retrying',
      'pending',
    ] as const) {
      await t.tenantWebhookDelivery.trait(state).create();
    }

    progress('shared render nodes');
    const nodes = [
      await f.node.online().create(),
      await f.node.online().create(),
      await f.node.busy().create(),
    ];

    progress('plans and the template catalogue');
    const plans = [
      await t.plan.basic().create(),
      await t.plan.pro().create(),
      await t.plan.enterprise().create(),
    ];
    const container = await t.container.published().create();
    const projects = [await t.project.published().create(), await t.project.published().create()];
    await t.audioLibrary.create();
    await t.audioLibrary.sfx().create();

    progress('customers: plans or wallets, projects, renders, files and notifications');
    const customers = [];
    for (let i = 0; i < 6; i++) {
      const user = await t.user.create();
      customers.push(user);
      await customer(t.use(user), user, i, plans[i % plans.length]!, projects[i % projects.length]!);
    }
    book.login(tenant, customers[0]!, 'customer');

    progress("renders the reseller's servers submit through the API");
    for (const state of STATES) await t.use(admin).renderJob.resellerApi().trait(state).create();

    progress('30 days of API traffic, then the daily usage that counts it');
    await t.tenantApiRequestLog.createList(120);
    const usage = await t.tenantUsageDaily.createList(30);

    return {
      handles: { tenant, branding, admin, webhook, nodes, plans, container, projects, customers, usage },
      credentials: book.toJSON(),
    };
  },
});

/**
 * One customer: a third subscribe to a plan (their renders in its window are drawn from it), the
 * rest top up their wallet; each edits saved projects and renders in several states, keeps files,
 * and hears about it on the channels they have.
 */
async function customer(
  f: Factories,
  user: { created_at: Date },
  i: number,
  plan: { id: string },
  project: { id: string },
): Promise<void> {
  const u = f.use(plan, project);
  // Reachable by push and Telegram from their first day (notifications go where a user can be reached).
  const firstDay = new Date(user.created_at.getTime() + 3_600_000);
  if (i % 2 === 0) await u.pushSubscription.create({ created_at: firstDay });
  if (i % 3 === 1) await u.telegramLink.create({ created_at: firstDay, linked_at: firstDay });
  const subscription = i % 3 === 0 ? await u.userPlan.active().create() : null;
  if (i % 3 === 2) await u.payment.failed().create();
  if (!subscription) await u.walletTransaction.topUp().create();
  const saved =
    i % 2 === 0 ? await u.savedProject.withVoiceover().create() : await u.savedProject.withMusic().create();
  await u.use(saved).savedProjectSfx.create();
  // A subscriber renders while the plan runs; the others whenever.
  const during = subscription
    ? (k: number) => ({ queued_at: new Date(subscription.starts_at.getTime() + (k + 1) * 3_600_000) })
    : () => ({});
  for (const [k, state] of [STATES[i % STATES.length]!, 'completed', 'cancelled'].entries()) {
    await u
      .use(saved)
      .renderJob.trait(state as (typeof STATES)[number])
      .create(during(k));
  }
  await u.folder.exports().create();
  await u.file.video().create();
  await u.file.image().create();
  await u.storageQuota.create();
  const notification = await u.notification.renderCompleted().create();
  for (const state of ['delivered', 'delivered', 'sent', 'failed'] as const) {
    await u.use(notification).notificationDelivery.trait(state).create();
  }
  await u.notificationPreference.create();
  await u.notificationPreference.quietHours().create();
}
