import { SIGN_IN_DEVICES } from '../domain/accounts.js';
import { DAY, HOUR, MINUTE, SECOND } from '../domain/calendar.js';
import {
  channelsFor,
  DELIVERY_PROVIDERS,
  deliveryOutcomes,
  fill,
  MAX_DELIVERY_ATTEMPTS,
  NOTIFICATION_TYPES,
  providerError,
  providerMessageId,
  REMINDER_DAYS,
  type Reach,
  retryDelayMs,
} from '../domain/notifications.js';
import type { Rng } from '../domain/random.js';
import type {
  NotificationNotificationChannel,
  NotificationNotificationType,
} from '../schema/generated/tables.js';
import type { Row } from '../sql/copy-text.js';
import { loadTable } from '../sql/load-table.js';
import { type UserCore, userBefore } from './catalogue.js';
import { hex, uuid } from './fast-format.js';
import type { JobCore } from './job-core.js';
import { json } from './literals.js';
import type { TenantContext } from './tenant-context.js';

/** Notifications about nothing in particular: the type, and its share. */
const OTHER_NOTICES: readonly (readonly [NotificationNotificationType, number])[] = [
  ['SystemAnnouncement', 18],
  ['Marketing', 24],
  ['AccountSecurity', 10],
  ['StorageWarning', 6],
];
/** A notification goes out a few seconds after the event it reports. */
const NOTIFY_DELAY_MS: readonly [number, number] = [500, 4_000];

interface NoticeCore {
  readonly key: string;
  readonly id: string;
  readonly user: UserCore;
  readonly type: NotificationNotificationType;
  readonly title: string;
  readonly message: string;
  readonly actionUrl: string;
  readonly channels: readonly NotificationNotificationChannel[];
  readonly data: Record<string, unknown>;
  readonly createdAt: number;
  readonly rng: Rng;
}

/** The channels that can reach a user at `at` (domain/notifications.ts): push and Telegram only once set up. */
export function reachOf(user: UserCore, at: number): Reach {
  return {
    push: user.pushSubscribedAt !== null && user.pushSubscribedAt < at,
    telegram: user.telegramLinkedAt !== null && user.telegramLinkedAt < at,
    phone: user.phone !== null,
    email: user.email !== null,
  };
}

/** A notification of `type` about an event at `eventAt`; none when it would come after the reference time. */
function notice(
  ctx: TenantContext,
  key: string,
  user: UserCore,
  type: NotificationNotificationType,
  eventAt: number,
  values: Record<string, string | number>,
  data: Record<string, unknown>,
  path = NOTIFICATION_TYPES[type].path,
): NoticeCore | null {
  const rng = ctx.stream('notification.notifications', key);
  const id = uuid(rng);
  const createdAt = eventAt + rng.int(NOTIFY_DELAY_MS[0], NOTIFY_DELAY_MS[1]);
  if (createdAt >= ctx.plan.nowMs) return null;
  const spec = NOTIFICATION_TYPES[type];
  return {
    key,
    id,
    user,
    type,
    title: spec.title,
    message: fill(spec.body, values),
    actionUrl: path,
    channels: channelsFor(type, reachOf(user, createdAt)),
    data,
    createdAt,
    rng,
  };
}

/** The notifications a job causes: done or failed, then reminders about its export. */
function jobNotices(ctx: TenantContext, job: JobCore): NoticeCore[] {
  const user = ctx.users[job.userIndex]!;
  const saved = job.savedIndex >= 0 ? ctx.savedProjects[job.savedIndex] : undefined;
  const title = saved ? saved.title : job.project.container.name;
  const out: (NoticeCore | null)[] = [];
  if (job.status === 'Failed') {
    out.push(
      notice(
        ctx,
        job.key,
        user,
        'RenderFailed',
        job.endedAt!,
        { project_title: title },
        {
          render_job_id: job.id,
          error_code: job.plan.failure!.code,
        },
        `/dashboard/renders/${job.id}`,
      ),
    );
  }
  if (job.status !== 'Completed') return out.filter((n) => n !== null);
  const e = ctx.exportOf(job);
  out.push(
    notice(
      ctx,
      job.key,
      user,
      'RenderCompleted',
      job.endedAt!,
      { project_title: title },
      {
        render_job_id: job.id,
        export_id: e.id,
      },
      `/dashboard/renders/${job.id}`,
    ),
  );
  // Reminders go within REMINDER_DAYS before the export expires; the deletion notice after it.
  const pick = ctx.stream('notification.notifications', `${job.key}x?`);
  if (pick.bool(0.4)) {
    const remindAt = e.expiresAt - REMINDER_DAYS * DAY + pick.int(0, 12) * HOUR;
    out.push(
      notice(
        ctx,
        `${job.key}x`,
        user,
        'ExportExpiring',
        remindAt,
        { project_title: title, days: REMINDER_DAYS },
        {
          export_id: e.id,
          expires_at: new Date(e.expiresAt).toISOString(),
        },
      ),
    );
  }
  if (e.expired && pick.bool(0.3)) {
    out.push(
      notice(
        ctx,
        `${job.key}d`,
        user,
        'ExportDeleted',
        e.expiresAt,
        { project_title: title },
        { export_id: e.id },
      ),
    );
  }
  return out.filter((n) => n !== null);
}

/** Every notification of a tenant in a fixed order: those of its jobs, its top-ups, then the others. */
function notices(ctx: TenantContext): readonly NoticeCore[] {
  // Made once per shard batch: the notifications and their deliveries both read them.
  return ctx.memo('notification.notifications', () => [...noticeStream(ctx)]);
}

function* noticeStream(ctx: TenantContext): Generator<NoticeCore> {
  const { tenant, plan } = ctx;
  for (const job of ctx.jobs()) yield* jobNotices(ctx, job);
  for (const entry of ctx.ledger.entries) {
    const payment = entry.payment;
    if (!payment || !ctx.stream('notification.notifications', `${entry.job.key}p?`).bool(0.7)) continue;
    const n = notice(
      ctx,
      `${entry.job.key}p`,
      ctx.users[entry.userIndex]!,
      'PaymentSuccess',
      payment.paidAt,
      { amount: (payment.amountMinor / 10).toLocaleString('en-US'), ref: payment.id.slice(0, 8) },
      { payment_id: payment.id, amount_minor: payment.amountMinor },
    );
    if (n) yield n;
  }
  for (let i = 0; i < tenant.notices; i++) {
    const pick = ctx.stream('notification.notifications', `m${i}?`);
    const at = plan.clocks.people.nth(
      i,
      tenant.notices,
      pick.next(),
      tenant.activityStart,
      plan.nowMs - MINUTE,
    );
    const user = ctx.users[userBefore(pick, plan, tenant, at)]!;
    const type = pick.weighted(OTHER_NOTICES);
    const n = notice(
      ctx,
      `m${i}`,
      user,
      type,
      at,
      {
        percent: pick.int(80, 95),
        device: pick.pick(SIGN_IN_DEVICES)[1],
        code: `NOWRUZ${pick.int(10, 99)}`,
      },
      type === 'Marketing' ? { campaign: `c${Math.floor(i / 50)}` } : {},
    );
    if (n) yield n;
  }
}

export const notificationsTable = loadTable('notification.notifications', [
  'id',
  'tenant_id',
  'user_id',
  'notification_type',
  'priority',
  'title',
  'message',
  'action_url',
  'channels',
  'icon_url',
  'data',
  'source_event_id',
  'is_read',
  'read_at',
  'archived_at',
  'expires_at',
  'created_at',
]);

/**
 * notification.notifications: what each job, top-up and campaign told the user, worded by the
 * domain (domain/notifications.ts), after the event it reports and naming it in `data`, on the
 * channels that could reach the user then.
 */
export function* notificationRows(ctx: TenantContext): Generator<Row> {
  const { tenant, plan } = ctx;
  for (const n of notices(ctx)) {
    const rng = n.rng;
    const age = plan.nowMs - n.createdAt;
    const read = rng.bool(age > 3 * DAY ? 0.85 : 0.4);
    const readAt = read ? Math.min(plan.nowMs - 1, n.createdAt + rng.int(30, 2 * 86_400) * SECOND) : null;
    yield [
      n.id,
      tenant.id,
      n.user.id,
      n.type,
      NOTIFICATION_TYPES[n.type].priority,
      n.title,
      n.message,
      n.actionUrl,
      n.channels,
      `https://cdn.flatrender.ir/icons/${n.type}.svg`,
      json(n.data),
      uuid(rng),
      read,
      readAt,
      read && rng.bool(0.1) ? readAt! + MINUTE : null,
      n.createdAt + 90 * DAY,
      n.createdAt,
    ];
  }
}

export const deliveriesTable = loadTable('notification.notification_deliveries', [
  'id',
  'notification_id',
  'tenant_id',
  'user_id',
  'channel',
  'status',
  'provider',
  'provider_message_id',
  'recipient',
  'attempt',
  'error_message',
  'next_retry_at',
  'sent_at',
  'delivered_at',
  'failed_at',
  'created_at',
]);

/** notification.notification_deliveries: one row per channel of each notification, made with it. */
export function* deliveryRows(ctx: TenantContext): Generator<Row> {
  const { tenant, plan } = ctx;
  for (const n of notices(ctx)) {
    const rng = ctx.stream('notification.notification_deliveries', n.key);
    const fresh = plan.nowMs - n.createdAt < 2 * MINUTE;
    for (const channel of n.channels) {
      const id = uuid(rng);
      const status =
        channel === 'InApp' ? 'Delivered' : fresh ? 'Pending' : rng.weighted(deliveryOutcomes(channel));
      const provider = rng.pick(DELIVERY_PROVIDERS[channel]);
      const sent =
        status === 'Pending' || status === 'Skipped'
          ? null
          : Math.min(plan.nowMs - 1, n.createdAt + rng.int(100, 5_000));
      const failed = status === 'Failed';
      const recipient =
        channel === 'SMS'
          ? n.user.phone
          : channel === 'Email'
            ? n.user.email
            : channel === 'Telegram'
              ? String(n.user.telegramId)
              : channel === 'Push'
                ? `fcm:${hex(rng, 22)}`
                : n.user.id;
      const attempt =
        status === 'Pending' || status === 'Skipped' ? 0 : failed ? rng.int(1, MAX_DELIVERY_ATTEMPTS) : 1;
      const retrying = failed && attempt < MAX_DELIVERY_ATTEMPTS;
      yield [
        id,
        n.id,
        tenant.id,
        n.user.id,
        channel,
        status,
        provider,
        status === 'Sent' || status === 'Delivered' ? providerMessageId(provider, rng) : null,
        recipient,
        attempt,
        failed ? providerError(provider, rng) : null,
        retrying ? Math.max(plan.nowMs + MINUTE, sent! + retryDelayMs(attempt)) : null,
        sent,
        status === 'Delivered' ? sent! + rng.int(200, 20_000) : null,
        failed ? sent! + rng.int(200, 5_000) : null,
        n.createdAt,
      ];
    }
  }
}

export const telegramLinksTable = loadTable('notification.telegram_links', [
  'id',
  'tenant_id',
  'user_id',
  'chat_id',
  'username',
  'link_token_hash',
  'linked_at',
  'is_active',
  'created_at',
  'updated_at',
]);

/** notification.telegram_links: the users who linked the tenant's Telegram bot (their Telegram channel). */
export function* telegramLinkRows(ctx: TenantContext): Generator<Row> {
  const { tenant } = ctx;
  for (const user of ctx.users) {
    if (user.telegramLinkedAt === null || user.telegramId === null) continue;
    const rng = ctx.stream('notification.telegram_links', user.index);
    const created = user.telegramLinkedAt - rng.int(5, 120) * SECOND;
    yield [
      uuid(rng),
      tenant.id,
      user.id,
      user.telegramId,
      rng.bool(0.7) ? `${user.person.given.latin}_${user.person.family.latin}${user.index}` : null,
      hex(rng, 64),
      user.telegramLinkedAt,
      true,
      created,
      user.telegramLinkedAt,
    ];
  }
}
