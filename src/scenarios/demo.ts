import { fileURLToPath } from 'node:url';
import { allTables, type TableName } from '../schema/table-meta.js';
import { CredentialBook } from './credentials.js';
import { makeInvitations, makeReferrals, makeSessions } from './demo/access.js';
import { makeCatalogue } from './demo/catalogue.js';
import { makeSiteContent } from './demo/cms.js';
import { makeFarm, makeSnapshots, makeTemplateCaches } from './demo/farm.js';
import { makeCleanups, makeFiles } from './demo/files.js';
import { makeProgress, makeRewardCatalogue } from './demo/gamification.js';
import { Identities } from './demo/identities.js';
import { makeNotifications, makeNotificationTemplates } from './demo/notifications.js';
import { makePeople, planPeople } from './demo/people.js';
import { makeReach } from './demo/reach.js';
import { makePreviewRenders, makeRenders, type PlannedRender, planRenders } from './demo/renders.js';
import { makeApiAccess, makeApiTraffic, makeWebhookDeliveries } from './demo/reseller-api.js';
import { makeSavedScenes, makeStudioWork } from './demo/studio.js';
import { makeSubscriptions } from './demo/subscriptions.js';
import { makeTenants } from './demo/tenants.js';
import { Timeline } from './demo/timeline.js';
import { makeUsage } from './demo/usage.js';
import { type DemoTenant, userOf } from './demo/world.js';
import { defineScenario } from './scenario.js';

/**
 * Tables the demo leaves empty, each with the reason. None today: every one of the 79 has rows.
 * A table added here is dropped from `fills` (and the demo test's "every table" check) with it.
 */
export const DEMO_EMPTY_TABLES: Readonly<Partial<Record<TableName, string>>> = {};

/**
 * The sales demo: FlatRender a year into its business, up to the reference time (`--now`).
 *
 * - **Tenants.** FlatRender itself (its staff, list prices, free/Basic/Pro/Business plans and a
 *   seconds pack, Google sign-in), a video studio and an advertising agency reselling it under
 *   their own brands (their own price lists set before their first render, plans, API keys,
 *   webhooks with their delivery history, API traffic, daily usage), and a retail chain whose
 *   marketing staff render branded templates under a yearly contract.
 * - **Customers** sign up along the time model (more each month), a fifth churn; some subscribe
 *   (monthly terms, some bought with the Nowruz, Yalda or welcome code), most top up a wallet,
 *   some use the free plan; they can be reached by push, Telegram, SMS and e-mail as they set up.
 * - **Renders**, thousands, in every status: Web renders of saved edits and the resellers' API
 *   renders, priced, funded and metered by the factories; the Nowruz and Yalda run-ups show in
 *   which templates sell; nights are quiet and Fridays light. Recent jobs keep their step events
 *   and chunks; crashes and scene snapshots on the farm.
 * - **Everything around them:** catalogues (every active category has templates, Nowruz and Yalda
 *   in Occasions), the site's blog, pages, slides and FAQ in Persian and English, files, folders
 *   and quotas, uploads, cleanups, sessions, OTP codes, MFA, invitations, referrals, XP, quests and
 *   gifts, notifications of 17 types with their deliveries, webhook deliveries.
 *
 * Deterministic (same seed and reference time, same tables) and one transaction's worth of work:
 * the caller chooses the transaction. See each module of ./demo for its part of the story.
 */
export const demoScenario = defineScenario({
  module: fileURLToPath(import.meta.url),
  name: 'demo',
  description:
    'A year of a living business: four tenants, hundreds of customers, thousands of renders, every table',
  fills: allTables().filter((table) => !(table in DEMO_EMPTY_TABLES)),
  async run(f, progress) {
    const book = new CredentialBook();
    const time = new Timeline(f.context.seed, f.context.now);
    const ids = new Identities();
    progress('tenants: price lists, plans, branding');
    const tenants = await makeTenants(f, time, ids, book);
    const [fr, studio, , enterprise] = tenants as [DemoTenant, DemoTenant, DemoTenant, DemoTenant];
    progress('catalogues');
    for (const tenant of tenants) tenant.catalogue = await makeCatalogue(tenant, time);

    progress('customers and how they can be reached');
    // Planned first: who signs up when and renders what, so that rows can follow the plan.
    for (const tenant of tenants) tenant.people = planPeople(tenant, time);
    const renders: PlannedRender[] = tenants.flatMap((tenant) => planRenders(tenant, time));
    for (const tenant of tenants) {
      await makePeople(tenant, time, ids);
      await makeReach(tenant, time);
    }
    const subscriber = fr.people.find((p) => p.payer === 'plan');
    if (subscriber) book.login(fr.row, userOf(subscriber), 'customer with a plan');
    const reseller = studio.people[0];
    if (reseller) book.login(studio.row, userOf(reseller), 'reseller customer');

    progress('subscriptions, campaigns, API keys and webhooks');
    const api = [];
    for (const tenant of tenants) {
      await makeSubscriptions(tenant, time);
      api.push(await makeApiAccess(tenant, time, book));
    }
    const rewards = await makeRewardCatalogue(fr, time);
    await makeSiteContent(fr, fr.admin, time);

    await makePreviewRenders(fr, time);
    progress('render farm: nodes with their crashes and hourly health logs');
    const farm = await makeFarm(f, enterprise, time);
    await makeTemplateCaches(f, farm, tenants);
    progress(`renders (${renders.length}, one at a time: each is priced, funded and metered)`);
    const { jobs, edits } = await makeRenders(renders, farm, time);

    progress('API traffic and webhook deliveries');
    for (const [i, tenant] of tenants.entries()) {
      await makeApiTraffic(tenant, api[i]!.traffic, time);
      for (const hook of api[i]!.hooks) await makeWebhookDeliveries(hook, time);
    }
    progress('studio work, files, uploads and cleanups');
    for (const tenant of tenants) {
      await makeStudioWork(tenant, edits, time);
      await makeSavedScenes(tenant, time);
      await makeFiles(tenant, time);
    }
    await makeCleanups(f, time);
    progress('sessions, invitations, referrals, XP and quests');
    for (const tenant of tenants) {
      await makeSessions(tenant, time);
      await makeInvitations(tenant, time);
    }
    await makeReferrals(fr, rewards.credit, time);
    const levelUps = await makeProgress(fr, rewards, time);
    await makeSnapshots(tenants, jobs, time);

    progress('notifications and their deliveries');
    await makeNotificationTemplates(fr, time);
    await makeNotificationTemplates(studio, time);
    await makeNotifications(tenants, levelUps, time);
    // Last: a usage row counts what its day metered, and rows metered after it would recount it.
    progress('daily usage');
    await makeUsage(tenants, time);
    return {
      handles: {
        tenants: tenants.map((t) => t.row),
        admins: tenants.map((t) => t.admin),
        nodes: farm.all,
        renders: jobs.length,
      },
      credentials: book.toJSON(),
    };
  },
});
