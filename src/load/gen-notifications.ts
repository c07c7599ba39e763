import type { Rng } from '../domain/random.js';
import { type UserCore, userBefore } from './catalogue.js';
import type { Row } from './column-codec.js';
import { json } from './copy-text.js';
import { hex, uuid } from './fast-format.js';
import type { JobCore } from './job-core.js';
import { growthTime } from './load-plan.js';
import { loadTable } from './load-table.js';
import type { TenantContext } from './tenant-context.js';
import { OTHER_NOTICES } from './vocabulary.js';

/** notification_channel in enum order (array literals list channels in this order). */
const CHANNELS = ['InApp', 'Push', 'Email', 'SMS', 'Telegram'] as const;
type Channel = (typeof CHANNELS)[number];

const OTHER_WEIGHTS = OTHER_NOTICES.map((n) => [n, n[4]] as const);
const STATUS_WEIGHTS = [
  ['Delivered', 85],
  ['Sent', 7],
  ['Failed', 8],
] as const;
const EMAIL_STATUS_WEIGHTS = [
  ['Delivered', 70],
  ['Sent', 27],
  ['Failed', 3],
] as const;

interface NoticeCore {
  readonly key: string;
  readonly id: string;
  readonly user: UserCore;
  readonly type: string;
  readonly priority: string;
  readonly title: string;
  readonly message: string;
  readonly actionUrl: string | null;
  readonly channels: readonly Channel[];
  readonly data: Record<string, unknown>;
  readonly createdAt: number;
  readonly rng: Rng;
}

/** Which channels reach this user (an SMS needs a phone, an e-mail an address). */
function channelsFor(rng: Rng, user: UserCore, urgent: boolean): Channel[] {
  const out: Channel[] = ['InApp'];
  if (rng.bool(0.55)) out.push('Push');
  if (user.email && rng.bool(urgent ? 0.5 : 0.2)) out.push('Email');
  if (user.phone && rng.bool(urgent ? 0.45 : 0.15)) out.push('SMS');
  if (user.telegramId !== null && rng.bool(0.6)) out.push('Telegram');
  return out;
}

function notice(
  ctx: TenantContext,
  key: string,
  user: UserCore,
  at: number,
  fields: Pick<NoticeCore, 'type' | 'priority' | 'title' | 'message' | 'actionUrl' | 'data'>,
): NoticeCore {
  const rng = ctx.stream('notification.notifications', key);
  const id = uuid(rng);
  const createdAt = Math.min(ctx.plan.nowMs - 500, at + rng.int(500, 4_000));
  return {
    key,
    id,
    user,
    ...fields,
    channels: channelsFor(rng, user, fields.priority === 'High' || fields.priority === 'Urgent'),
    createdAt,
    rng,
  };
}

/** The notifications a job causes: done or failed, and a reminder before its export is deleted. */
function jobNotices(ctx: TenantContext, job: JobCore): NoticeCore[] {
  const user = ctx.users[job.userIndex]!;
  const saved = job.savedIndex >= 0 ? ctx.savedProjects[job.savedIndex] : undefined;
  const name = saved ? saved.title : job.project.container.name;
  if (job.status === 'Failed') {
    return [
      notice(ctx, job.key, user, job.endedAt!, {
        type: 'RenderFailed',
        priority: 'High',
        title: 'رندر ناموفق بود',
        message: `رندر «${name}» انجام نشد: ${job.failure![1]}. اعتبار شما بازگردانده شد.`,
        actionUrl: `/dashboard/renders/${job.id}`,
        data: { render_job_id: job.id, error_code: job.failure![0] },
      }),
    ];
  }
  if (job.status !== 'Completed') return [];
  const e = ctx.exportOf(job);
  const out = [
    notice(ctx, job.key, user, job.endedAt!, {
      type: 'RenderCompleted',
      priority: 'Normal',
      title: 'ویدیوی شما آماده است',
      message: `ویدیوی «${name}» رندر شد و آماده دانلود است.`,
      actionUrl: `/dashboard/exports/${e.id}`,
      data: { render_job_id: job.id, export_id: e.id },
    }),
  ];
  const remindAt = e.expiresAt - 3 * 86_400_000;
  if (remindAt < ctx.plan.nowMs && ctx.stream('notification.notifications', `${job.key}x?`).bool(0.4)) {
    out.push(
      notice(ctx, `${job.key}x`, user, remindAt, {
        type: 'ExportExpiring',
        priority: 'Normal',
        title: 'فایل خروجی به‌زودی حذف می‌شود',
        message: `فایل «${name}» سه روز دیگر حذف می‌شود؛ اگر لازم دارید دانلودش کنید.`,
        actionUrl: `/dashboard/exports/${e.id}`,
        data: { export_id: e.id, expires_at: new Date(e.expiresAt).toISOString() },
      }),
    );
  }
  return out;
}

/** Every notification of a tenant in a fixed order: those of its jobs, then the others. */
function* notices(ctx: TenantContext): Generator<NoticeCore> {
  const { tenant, plan } = ctx;
  for (const job of ctx.jobs()) yield* jobNotices(ctx, job);
  for (let i = 0; i < tenant.notices; i++) {
    const pick = ctx.stream('notification.notifications', `m${i}?`);
    const at = Math.floor(
      growthTime(tenant.activityStart, plan.nowMs - 60_000, i, tenant.notices, pick.next()),
    );
    const user = ctx.users[userBefore(pick, plan, tenant, at)]!;
    const [type, priority, title, message] = pick.weighted(OTHER_WEIGHTS);
    yield notice(ctx, `m${i}`, user, at, {
      type,
      priority,
      title,
      message,
      actionUrl: type === 'Marketing' || type === 'PlanExpiring' ? '/pricing' : null,
      data: { campaign: type === 'Marketing' ? `c${Math.floor(i / 50)}` : undefined },
    });
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

export function* notificationRows(ctx: TenantContext): Generator<Row> {
  const { tenant, plan } = ctx;
  for (const n of notices(ctx)) {
    const rng = n.rng;
    const age = plan.nowMs - n.createdAt;
    const read = rng.bool(age > 3 * 86_400_000 ? 0.85 : 0.4);
    const readAt = read ? Math.min(plan.nowMs - 1, n.createdAt + rng.int(30, 2 * 86_400) * 1000) : null;
    yield [
      n.id,
      tenant.id,
      n.user.id,
      n.type,
      n.priority,
      n.title,
      n.message,
      n.actionUrl,
      n.channels,
      `https://cdn.flatrender.ir/icons/${n.type}.svg`,
      json(n.data),
      uuid(rng),
      read,
      readAt,
      read && rng.bool(0.1) ? readAt! + 60_000 : null,
      n.createdAt + 90 * 86_400_000,
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

const PROVIDERS: Record<Channel, string | null> = {
  InApp: null,
  Push: 'fcm',
  Email: 'smtp',
  SMS: 'kavenegar',
  Telegram: 'telegram',
};

const FAILURES: Record<Channel, string> = {
  InApp: 'websocket closed',
  Push: 'registration-token-not-registered',
  Email: '550 5.1.1 mailbox unavailable',
  SMS: 'شماره در فهرست سیاه مخابرات است',
  Telegram: 'Forbidden: bot was blocked by the user',
};

/** notification.notification_deliveries: one row per channel of each notification. */
export function* deliveryRows(ctx: TenantContext): Generator<Row> {
  const { tenant, plan } = ctx;
  for (const n of notices(ctx)) {
    const rng = ctx.stream('notification.notification_deliveries', n.key);
    const fresh = plan.nowMs - n.createdAt < 120_000;
    for (const channel of n.channels) {
      const id = uuid(rng);
      const status =
        channel === 'InApp'
          ? 'Delivered'
          : fresh
            ? 'Pending'
            : rng.weighted(channel === 'Email' ? EMAIL_STATUS_WEIGHTS : STATUS_WEIGHTS);
      const sent = status === 'Pending' ? null : n.createdAt + rng.int(100, 5_000);
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
      const attempt = status === 'Pending' ? 0 : failed ? rng.int(1, 3) : 1;
      const retrying = failed && attempt < 3;
      yield [
        id,
        n.id,
        tenant.id,
        n.user.id,
        channel,
        status,
        PROVIDERS[channel],
        channel === 'InApp' || status === 'Pending' ? null : `${channel.toLowerCase()}-${hex(rng, 12)}`,
        recipient,
        attempt,
        failed ? FAILURES[channel] : null,
        retrying ? Math.max(plan.nowMs + 60_000, sent! + attempt * 300_000) : null,
        sent,
        status === 'Delivered' ? sent! + rng.int(200, 20_000) : null,
        failed ? sent! + rng.int(200, 5_000) : null,
        n.createdAt,
      ];
    }
  }
}
