import { DAY, HOUR, MINUTE, SECOND, tehranHour } from '../../domain/calendar.js';
import {
  channelsFor,
  fill,
  NOTIFICATION_CAUSES,
  NOTIFICATION_TYPES,
  REMINDER_DAYS,
} from '../../domain/notifications.js';
import type { Random } from '../../domain/random.js';
import type {
  NotificationDeliveryStatus,
  NotificationNotificationChannel,
  NotificationNotificationType,
} from '../../schema/generated/tables.js';
import type { LevelUp } from './gamification.js';
import type { Timeline } from './timeline.js';
import { type DemoTenant, type Person, userOf } from './world.js';

type Type = NotificationNotificationType;
type Channel = NotificationNotificationChannel;

/** A notification to send: to whom, why (the row it names, if its type has a cause) and when. */
interface Notice {
  readonly tenant: DemoTenant;
  readonly user: string;
  readonly type: Type;
  readonly at: number;
  readonly cause?: string;
  readonly values?: Record<string, string | number>;
  /** Wording other than the type's own (a Yalda campaign rather than Nowruz's). */
  readonly title?: string;
  readonly message?: string;
}

/** Who can be reached how, and when they set it up (reach.ts made these rows). */
interface Contact {
  readonly phone: string | null;
  readonly email: string | null;
  readonly push: { at: number; endpoint: string } | null;
  readonly telegram: { at: number; chat: string } | null;
  readonly quietHours: boolean;
}

const toman = (rial: number | string) => new Intl.NumberFormat('fa-IR').format(Math.round(Number(rial) / 10));
const faNumber = (n: number) => new Intl.NumberFormat('fa-IR').format(n);

/**
 * Everything FlatRender told its customers, each notification after the event it reports and
 * naming it (domain/notifications.ts): renders done, failed or under way, payments, plans running
 * out, exports about to be deleted, quests and levels, new sign-ins, an announcement, the Nowruz
 * and Yalda campaigns, invitations and storage warnings. Sent on the channels the customer had at
 * that moment; each channel's delivery follows (held back at night for those with quiet hours).
 * Notifications and deliveries go by COPY.
 */
export async function makeNotifications(
  tenants: readonly DemoTenant[],
  levelUps: readonly LevelUp[],
  time: Timeline,
): Promise<void> {
  const rng = time.rng('notifications');
  const db = tenants[0]!.f.context.db;
  const tenantOf = new Map(tenants.map((t) => [t.row.id, t]));
  const people = new Map<string, Person>(
    tenants.flatMap((t) => t.people.map((p) => [userOf(p).id, p] as const)),
  );
  const notices: Notice[] = [];
  const soon = (at: number, min: number, max: number) =>
    Math.min(time.now - SECOND, at + rng.int(min, max) * SECOND);

  // Renders of the studio (API renders are reported to the reseller's webhook instead).
  const { rows: jobs } = await db.query<{
    id: string;
    tenant_id: string;
    user_id: string;
    status: string;
    progress: number;
    started_at: Date | null;
    completed_at: Date | null;
    failed_at: Date | null;
    title: string | null;
  }>(
    `SELECT id, tenant_id, user_id, status, progress, started_at, completed_at, failed_at, metadata->>'title' AS title
       FROM render.render_jobs WHERE source = 'Web' AND status IN ('Completed', 'Failed', 'Running')
      ORDER BY queued_at, id`,
  );
  for (const j of jobs) {
    if (!people.has(j.user_id)) continue;
    const tenant = tenantOf.get(j.tenant_id)!;
    const values = { project_title: j.title ?? 'ویدیوی من' };
    if (j.status === 'Completed')
      notices.push({
        tenant,
        user: j.user_id,
        type: 'RenderCompleted',
        at: soon(j.completed_at!.getTime(), 2, 40),
        cause: j.id,
        values,
      });
    if (j.status === 'Failed')
      notices.push({
        tenant,
        user: j.user_id,
        type: 'RenderFailed',
        at: soon(j.failed_at!.getTime(), 2, 40),
        cause: j.id,
        values,
      });
    if (j.status === 'Running' && j.progress >= 25)
      notices.push({
        tenant,
        user: j.user_id,
        type: 'RenderProgress',
        at: soon(j.started_at!.getTime(), 30, 120),
        cause: j.id,
        values: { ...values, percent: j.progress },
      });
  }

  // Payments through the gateway (wallet-paid purchases show in the wallet instead).
  const { rows: payments } = await db.query<{
    id: string;
    tenant_id: string;
    user_id: string;
    status: string;
    paid_at: Date | null;
    failed_at: Date | null;
    payable_minor: string;
    ref_id: string | null;
  }>(
    `SELECT id, tenant_id, user_id, status, paid_at, failed_at, payable_minor, ref_id FROM identity.payments
      WHERE gateway <> 'Wallet' AND status IN ('Succeeded', 'Failed') ORDER BY created_at, id`,
  );
  for (const p of payments) {
    if (!people.has(p.user_id)) continue;
    const tenant = tenantOf.get(p.tenant_id)!;
    const values = { amount: toman(p.payable_minor), ref: p.ref_id ?? '-' };
    if (p.status === 'Succeeded')
      notices.push({
        tenant,
        user: p.user_id,
        type: 'PaymentSuccess',
        at: soon(p.paid_at!.getTime(), 3, 30),
        cause: p.id,
        values,
      });
    else
      notices.push({
        tenant,
        user: p.user_id,
        type: 'PaymentFailed',
        at: soon(p.failed_at!.getTime(), 3, 30),
        cause: p.id,
        values,
      });
  }

  // Plans: a reminder days before a term runs out; when the last one ran out, that it did.
  const { rows: terms } = await db.query<{
    id: string;
    tenant_id: string;
    user_id: string;
    starts_at: Date;
    expires_at: Date;
    name: string;
    renewed: boolean;
  }>(
    `SELECT up.id, up.tenant_id, up.user_id, up.starts_at, up.expires_at, p.name,
            EXISTS (SELECT 1 FROM identity.user_plans n WHERE n.user_id = up.user_id AND n.id <> up.id
                     AND n.starts_at BETWEEN up.starts_at AND up.expires_at + interval '2 days') AS renewed
       FROM identity.user_plans up JOIN identity.plans p ON p.id = up.plan_id
      WHERE up.expires_at IS NOT NULL AND up.status IN ('Active', 'Expired') ORDER BY up.starts_at, up.id`,
  );
  for (const t of terms) {
    if (!people.has(t.user_id)) continue;
    const tenant = tenantOf.get(t.tenant_id)!;
    const expires = t.expires_at.getTime();
    const remind = Math.max(t.starts_at.getTime(), expires - REMINDER_DAYS * DAY) + rng.int(0, 120) * MINUTE;
    if (remind < time.now && remind < expires)
      notices.push({
        tenant,
        user: t.user_id,
        type: 'PlanExpiring',
        at: remind,
        cause: t.id,
        values: { plan_name: t.name, days: faNumber(REMINDER_DAYS) },
      });
    if (!t.renewed && expires < time.now - MINUTE)
      notices.push({
        tenant,
        user: t.user_id,
        type: 'PlanExpired',
        at: soon(expires, 60, 1800),
        cause: t.id,
        values: { plan_name: t.name },
      });
  }

  // Exports nobody downloaded: a reminder before they are deleted, and that they were.
  const { rows: exported } = await db.query<{
    id: string;
    tenant_id: string;
    user_id: string;
    created_at: Date;
    expires_at: Date;
    title: string | null;
  }>(
    `SELECT e.id, e.tenant_id, e.user_id, e.created_at, e.expires_at, j.metadata->>'title' AS title
       FROM render.exports e JOIN render.render_jobs j ON j.id = e.render_job_id
      WHERE j.source = 'Web' AND e.expires_at IS NOT NULL AND e.download_count = 0 ORDER BY e.created_at, e.id`,
  );
  for (const e of exported) {
    if (!people.has(e.user_id)) continue;
    const tenant = tenantOf.get(e.tenant_id)!;
    const values = { project_title: e.title ?? 'ویدیوی من', days: faNumber(REMINDER_DAYS) };
    const expires = e.expires_at.getTime();
    const remind = Math.max(e.created_at.getTime(), expires - REMINDER_DAYS * DAY) + rng.int(0, 60) * MINUTE;
    if (remind < time.now && remind < expires)
      notices.push({ tenant, user: e.user_id, type: 'ExportExpiring', at: remind, cause: e.id, values });
    if (expires < time.now - HOUR)
      notices.push({
        tenant,
        user: e.user_id,
        type: 'ExportDeleted',
        at: soon(expires, 60, 3600),
        cause: e.id,
        values,
      });
  }

  // Quests won (the first render, a busy week or month) and levels reached.
  const { rows: quests } = await db.query<{
    tenant_id: string;
    user_id: string;
    quest_id: string;
    title: string;
    at: Date;
  }>(
    `SELECT p.tenant_id, p.user_id, p.quest_id, q.title, p.completed_at AS at FROM identity.user_quest_progress p
       JOIN identity.quests q ON q.id = p.quest_id
      WHERE p.completed_at IS NOT NULL AND q.period <> 'Daily' ORDER BY p.completed_at, p.user_id, p.quest_id`,
  );
  for (const q of quests) {
    if (!people.has(q.user_id)) continue;
    notices.push({
      tenant: tenantOf.get(q.tenant_id)!,
      user: q.user_id,
      type: 'QuestCompleted',
      at: soon(q.at.getTime(), 3, 30),
      cause: q.quest_id,
      values: { quest: q.title },
    });
  }
  for (const l of levelUps) {
    const tenant = people.get(l.user)!.tenant;
    notices.push({
      tenant,
      user: l.user,
      type: 'LevelUp',
      at: soon(l.at, 2, 20),
      cause: l.level.id,
      values: { level: faNumber(l.level.level_number) },
    });
  }

  // A sign-in on a new device.
  const { rows: sessions } = await db.query<{
    tenant_id: string;
    user_id: string;
    created_at: Date;
    device_name: string | null;
  }>(
    `SELECT s.tenant_id, s.user_id, s.created_at, s.device_name FROM identity.user_sessions s
      WHERE EXISTS (SELECT 1 FROM identity.user_sessions e WHERE e.user_id = s.user_id AND e.created_at < s.created_at)
      ORDER BY s.created_at, s.id`,
  );
  for (const s of sessions) {
    if (!people.has(s.user_id)) continue;
    notices.push({
      tenant: tenantOf.get(s.tenant_id)!,
      user: s.user_id,
      type: 'AccountSecurity',
      at: soon(s.created_at.getTime(), 5, 60),
      values: { device: s.device_name ?? 'مرورگر' },
    });
  }

  // Invitations to a team, told to the invitee as they join.
  const { rows: invitations } = await db.query<{
    id: string;
    tenant_id: string;
    user_id: string;
    at: Date;
    inviter: string | null;
  }>(
    `SELECT i.id, i.tenant_id, i.accepted_user_id AS user_id, i.accepted_at AS at, u.full_name AS inviter
       FROM identity.tenant_invitations i JOIN identity.users u ON u.id = i.invited_by
      WHERE i.accepted_user_id IS NOT NULL ORDER BY i.created_at, i.id`,
  );
  for (const i of invitations) {
    const tenant = tenantOf.get(i.tenant_id)!;
    notices.push({
      tenant,
      user: i.user_id,
      type: 'TenantInvite',
      at: soon(i.at.getTime(), 30, 90),
      cause: i.id,
      values: { inviter: i.inviter ?? '', tenant_name: tenant.row.name },
    });
  }

  // Storage almost full.
  const { rows: quotas } = await db.query<{ tenant_id: string; user_id: string; at: Date; pct: number }>(
    `SELECT tenant_id, user_id, warning_sent_at AS at, round(100.0 * used_bytes / quota_bytes)::int AS pct
       FROM file_mgr.storage_quotas WHERE warning_sent_at IS NOT NULL ORDER BY warning_sent_at, user_id`,
  );
  for (const q of quotas) {
    if (!people.has(q.user_id)) continue;
    notices.push({
      tenant: tenantOf.get(q.tenant_id)!,
      user: q.user_id,
      type: 'StorageWarning',
      at: q.at.getTime(),
      values: { percent: faNumber(q.pct) },
    });
  }

  // FlatRender's own messages: a maintenance announcement, and the Nowruz and Yalda campaigns.
  const fr = tenants[0]!;
  const announced = time.now - 26 * DAY + 14.5 * HOUR;
  for (const p of fr.people) {
    if (p.signup < announced && p.until > announced)
      notices.push({
        tenant: fr,
        user: userOf(p).id,
        type: 'SystemAnnouncement',
        at: announced + rng.int(0, 120) * SECOND,
      });
  }
  const { rows: codes } = await db.query<{ code: string; starts_at: Date; campaign: string }>(
    `SELECT code, starts_at, metadata->>'campaign' AS campaign FROM identity.discount_codes
      WHERE tenant_id = $1 AND metadata->>'campaign' IN ('nowruz', 'yalda') ORDER BY starts_at`,
    [fr.row.id],
  );
  for (const c of codes) {
    const sent = c.starts_at.getTime() + 10 * HOUR;
    if (sent > time.now) continue;
    const yalda = c.campaign === 'yalda';
    for (const p of fr.people) {
      if (!p.marketing || p.signup > sent || p.until < sent) continue;
      notices.push({
        tenant: fr,
        user: userOf(p).id,
        type: 'Marketing',
        at: sent + rng.int(0, 600) * SECOND,
        values: { code: c.code },
        ...(yalda
          ? {
              title: 'جشنواره شب یلدا',
              message: `تا شب یلدا ۲۰٪ تخفیف روی همه پلن‌ها با کد ${c.code}.`,
            }
          : {}),
      });
    }
  }

  const contacts = await contactsOf(db, tenants);
  notices.sort((a, b) => a.at - b.at || (a.user < b.user ? -1 : 1));
  for (const tenant of tenants) {
    const mine = notices.filter((n) => n.tenant === tenant);
    await tenant.f.notification
      .transient({ resolved: true })
      .createList(mine.length, (i) => notificationRow(mine[i]!, contacts, rng, time));
  }
  await makeDeliveries(tenants, contacts, time);
}

/** The columns of one notification: wording with its values, the cause in data, reachable channels. */
function notificationRow(n: Notice, contacts: ReadonlyMap<string, Contact>, rng: Random, time: Timeline) {
  const spec = NOTIFICATION_TYPES[n.type];
  const values = n.values ?? {};
  const key = NOTIFICATION_CAUSES[n.type];
  const contact = contacts.get(n.user)!;
  const reach = {
    push: contact.push !== null && contact.push.at <= n.at,
    telegram: contact.telegram !== null && contact.telegram.at <= n.at,
    phone: contact.phone !== null,
    email: contact.email !== null,
  };
  const old = n.at < time.now - 3 * DAY;
  return {
    user_id: n.user,
    notification_type: n.type,
    priority: spec.priority,
    title: n.title ?? fill(spec.title, values),
    message: n.message ?? fill(spec.body, values),
    channels: channelsFor(n.type, reach),
    data: { ...values, ...(key && n.cause ? { [key]: n.cause } : {}) },
    is_read: rng.bool(old ? 0.8 : 0.35),
    created_at: new Date(n.at),
  };
}

/** Phone, e-mail, push endpoint and Telegram chat of every user, and who keeps quiet hours. */
async function contactsOf(
  db: DemoTenant['f']['context']['db'],
  tenants: readonly DemoTenant[],
): Promise<Map<string, Contact>> {
  const quiet = new Set(
    tenants.flatMap((t) => t.people.filter((p) => p.quietHours).map((p) => userOf(p).id)),
  );
  const { rows } = await db.query<{
    id: string;
    phone_number: string | null;
    email: string | null;
    push_at: Date | null;
    endpoint: string | null;
    telegram_at: Date | null;
    chat_id: string | null;
  }>(
    `SELECT u.id, u.phone_number, u.email, p.created_at AS push_at, p.endpoint, l.linked_at AS telegram_at, l.chat_id::text
       FROM identity.users u
       LEFT JOIN LATERAL (SELECT created_at, endpoint FROM identity.push_subscriptions s
                           WHERE s.user_id = u.id AND s.is_active ORDER BY created_at LIMIT 1) p ON TRUE
       LEFT JOIN LATERAL (SELECT linked_at, chat_id FROM notification.telegram_links t
                           WHERE t.user_id = u.id AND t.is_active ORDER BY linked_at LIMIT 1) l ON TRUE`,
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        phone: r.phone_number,
        email: r.email,
        push: r.push_at && r.endpoint ? { at: r.push_at.getTime(), endpoint: r.endpoint } : null,
        telegram: r.telegram_at && r.chat_id ? { at: r.telegram_at.getTime(), chat: r.chat_id } : null,
        quietHours: quiet.has(r.id),
      },
    ]),
  );
}

const INTRUSIVE: readonly Channel[] = ['SMS', 'Push', 'Telegram'];

/** Where a channel reaches a user. */
function recipient(channel: Channel, contact: Contact): string | null {
  switch (channel) {
    case 'SMS':
      return contact.phone;
    case 'Email':
      return contact.email;
    case 'Push':
      return contact.push?.endpoint ?? null;
    case 'Telegram':
      return contact.telegram?.chat ?? null;
    default:
      return null;
  }
}

/**
 * One delivery per channel of every notification, seconds after it: in-app at once; the others
 * accepted and delivered by their provider, a few refused, held back between 23:00 and 08:00 for
 * users with quiet hours, and still pending when just sent.
 */
async function makeDeliveries(
  tenants: readonly DemoTenant[],
  contacts: ReadonlyMap<string, Contact>,
  time: Timeline,
): Promise<void> {
  const rng = time.rng('deliveries');
  const db = tenants[0]!.f.context.db;
  for (const tenant of tenants) {
    const { rows } = await db.query<{ id: string; user_id: string; channels: Channel[]; created_at: Date }>(
      `SELECT id, user_id, channels::text[] AS channels, created_at FROM notification.notifications
        WHERE tenant_id = $1 ORDER BY created_at, id`,
      [tenant.row.id],
    );
    const deliveries: Record<string, unknown>[] = [];
    for (const n of rows) {
      const contact = contacts.get(n.user_id);
      if (!contact) continue;
      const at = n.created_at.getTime();
      for (const channel of n.channels) {
        const sent = Math.min(time.now, at + rng.int(0, 3) * SECOND);
        const night = tehranHour(sent) >= 23 || tehranHour(sent) < 8;
        let status: NotificationDeliveryStatus;
        if (channel === 'InApp') status = 'Delivered';
        else if (time.now - sent < 2 * MINUTE) status = 'Pending';
        else if (INTRUSIVE.includes(channel) && night && contact.quietHours) status = 'Skipped';
        else
          status = rng.weighted([
            ['Delivered', 90],
            ['Sent', 3],
            ['Failed', 7],
          ] as const);
        deliveries.push({
          notification_id: n.id,
          user_id: n.user_id,
          channel,
          recipient: recipient(channel, contact),
          status,
          created_at: new Date(sent),
        });
      }
    }
    await tenant.f.notificationDelivery
      .transient({ resolved: true })
      .createList(deliveries.length, (i) => deliveries[i]!);
  }
}

/**
 * The wording the notification service sends: FlatRender's for every type on each of its
 * channels in Persian (and English for in-app and e-mail), and the studio's own white-label SMS
 * and e-mail texts for render results.
 */
export async function makeNotificationTemplates(tenant: DemoTenant, time: Timeline): Promise<void> {
  const types = Object.keys(NOTIFICATION_TYPES) as Type[];
  const at = new Date(Math.min(tenant.since, time.now - 300 * DAY));
  // Reworded now and then since (the editor's last save).
  const rng = time.rng(`templates|${tenant.key}`);
  const saved = () => ({ created_at: at, updated_at: new Date(at.getTime() + rng.int(0, 200) * DAY) });
  const own =
    tenant.key === 'flatrender' ? types : (['RenderCompleted', 'RenderFailed', 'PaymentSuccess'] as Type[]);
  for (const type of own) {
    const channels = NOTIFICATION_TYPES[type].channels.filter((c) => c !== 'Webhook');
    for (const channel of tenant.key === 'flatrender'
      ? channels
      : channels.filter((c) => c === 'SMS' || c === 'Email' || c === 'InApp')) {
      await tenant.f.notificationTemplate.create({ notification_type: type, channel, ...saved() });
      if (tenant.key === 'flatrender' && (channel === 'InApp' || channel === 'Email')) {
        await tenant.f.notificationTemplate
          .english()
          .create({ notification_type: type, channel, ...saved() });
      }
    }
  }
}
