import {
  fill,
  NOTIFICATION_CAUSES,
  NOTIFICATION_TYPES,
  placeholders,
  reachable,
} from '../../domain/notifications.js';
import type { Random } from '../../domain/random.js';
import type {
  NotificationNotificationChannel,
  NotificationNotificationType,
} from '../../schema/generated/tables.js';
import { defineFactory } from '../core/factory.js';
import { addSeconds, between, daysBefore, earliest, latest, toDate } from '../file-mgr/shared.js';
import { causeOf, reachOf } from './causes.js';
import { sampleValues } from './sample-values.js';

/** How often each type is sent (render results dominate). */
const TYPE_WEIGHTS: readonly (readonly [NotificationNotificationType, number])[] = [
  ['RenderCompleted', 35],
  ['RenderFailed', 6],
  ['RenderProgress', 8],
  ['PaymentSuccess', 10],
  ['PaymentFailed', 3],
  ['PlanExpiring', 5],
  ['PlanExpired', 2],
  ['StorageWarning', 3],
  ['StorageFull', 1],
  ['ExportExpiring', 5],
  ['ExportDeleted', 2],
  ['GiftEarned', 4],
  ['QuestCompleted', 4],
  ['LevelUp', 3],
  ['AccountSecurity', 3],
  ['SystemAnnouncement', 2],
  ['TenantInvite', 1],
  ['Marketing', 2],
  ['Other', 1],
];

/** Marketing offers stop showing after two weeks. */
const MARKETING_TTL_DAYS = 14;

const kebab = (type: string): string => type.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();

/** A time in the user's life within the last `days` days, at least an hour ago. */
function sentAt(rng: Random, userCreated: unknown, now: Date, days: number, minDays = 0): Date {
  const from = latest(toDate(userCreated, now), daysBefore(now, days));
  return between(rng, from, earliest(daysBefore(now, minDays), addSeconds(now, -3600)));
}

/**
 * notification.notifications: a notification to the context's user. Type decides the Persian
 * title and message (placeholders filled, their values kept in `data`), priority and channels.
 * read_at follows is_read; marketing expires after two weeks.
 */
export const notificationFactory = defineFactory('notification.notifications', {
  parents: ['identity.users'],
  /** resolved: the caller gives cause (in data), time and reachable channels; create() checks nothing. */
  transient: { resolved: false },
  defaults: ({ rng, fa, parent, now, overrides }) => {
    const user = parent('identity.users');
    const type = overrides.notification_type ?? rng.weighted(TYPE_WEIGHTS);
    const spec = NOTIFICATION_TYPES[type];
    const values = sampleValues(rng, fa);
    return {
      user_id: user.id,
      notification_type: type,
      priority: spec.priority,
      title: fill(spec.title, values),
      message: fill(spec.body, values),
      action_url: `https://app.flatrender.ir${spec.path}`,
      channels: [...spec.channels],
      icon_url: `https://cdn.flatrender.ir/icons/notifications/${kebab(type)}.svg`,
      data: Object.fromEntries(placeholders(spec.body).map((key) => [key, values[key] ?? null])),
      source_event_id: rng.uuid(),
      is_read: rng.bool(0.4),
      created_at: sentAt(rng, user.created_at, now, 60),
    };
  },
  finalize: (row, { rng, now, parent }) => {
    const created = toDate(row.created_at, now);
    const user = parent('identity.users');
    const own = user.id === row.user_id;
    // Phone and e-mail are on the user's row; Push and Telegram are checked on create().
    const channels = ((row.channels ?? []) as NotificationNotificationChannel[]).filter(
      (c) =>
        (c !== 'SMS' || !own || user.phone_number) &&
        (c !== 'Email' || !own || user.email) &&
        c !== 'Webhook',
    );
    const closed = earliest(toDate(row.archived_at, now), toDate(row.deleted_at, now), now);
    return {
      channels: channels.length > 0 ? channels : ['InApp'],
      read_at: row.is_read ? between(rng, created, closed) : null,
      expires_at:
        row.notification_type === 'Marketing' ? addSeconds(created, MARKETING_TTL_DAYS * 86_400) : null,
    };
  },
  beforeCreate: async (row, { db, create, now, tenantId, rng, transient }) => {
    // The caller resolved cause, time and channels itself (a scenario writing thousands by COPY).
    if (transient.resolved) return undefined;
    const type = row.notification_type as NotificationNotificationType;
    const data: Record<string, unknown> = { ...((row.data as object | undefined) ?? {}) };
    let created = toDate(row.created_at, now);
    const key = NOTIFICATION_CAUSES[type];
    if (key && data[key] === undefined) {
      // It reports an event of the user: that event comes first, the notification seconds later.
      const cause = await causeOf(type, String(row.user_id), tenantId, { db, create, now });
      if (cause) {
        data[key] = cause.id;
        created = earliest(addSeconds(cause.at, rng.int(2, 90)), now);
      }
    }
    const wanted = (row.channels ?? NOTIFICATION_TYPES[type].channels) as NotificationNotificationChannel[];
    const moved = created.getTime() !== toDate(row.created_at, now).getTime();
    const lookup = wanted.includes('Push') || wanted.includes('Telegram');
    // No query needed when nothing moved and phone and e-mail (checked at build) decide.
    if (!moved && !lookup) return { data };
    const reach = await reachOf(db, String(row.user_id), created);
    const channels = wanted.filter((c) => reachable(c, reach));
    const closed = earliest(toDate(row.archived_at, now), toDate(row.deleted_at, now), now);
    return {
      data,
      created_at: created,
      channels: channels.length > 0 ? channels : ['InApp'],
      read_at: row.is_read ? between(rng, created, closed < created ? created : closed) : null,
      ...(row.archived_at && toDate(row.archived_at, now) < created ? { archived_at: created } : {}),
      ...(row.deleted_at && toDate(row.deleted_at, now) < created ? { deleted_at: created } : {}),
      expires_at: type === 'Marketing' ? addSeconds(created, MARKETING_TTL_DAYS * 86_400) : null,
    };
  },
  traits: {
    read: (_t) => ({ is_read: true }),
    unread: (_t) => ({ is_read: false }),
    /** Read, then archived by the user. */
    archived: ({ rng, now, parent }) => {
      const created = sentAt(rng, parent('identity.users').created_at, now, 60, 1);
      return { is_read: true, created_at: created, archived_at: between(rng, created, now) };
    },
    deleted: ({ rng, now, parent }) => {
      const created = sentAt(rng, parent('identity.users').created_at, now, 60, 1);
      return { created_at: created, deleted_at: between(rng, created, now) };
    },
    /** A marketing offer past its two weeks. */
    expired: ({ rng, now, parent }) => ({
      notification_type: 'Marketing',
      created_at: sentAt(rng, parent('identity.users').created_at, now, 90, MARKETING_TTL_DAYS + 1),
    }),
    renderCompleted: (_t) => ({ notification_type: 'RenderCompleted' }),
    renderFailed: (_t) => ({ notification_type: 'RenderFailed' }),
    paymentSuccess: (_t) => ({ notification_type: 'PaymentSuccess' }),
    paymentFailed: (_t) => ({ notification_type: 'PaymentFailed' }),
    storageWarning: (_t) => ({ notification_type: 'StorageWarning' }),
    giftEarned: (_t) => ({ notification_type: 'GiftEarned' }),
    /** A new sign-in: Urgent, by SMS and email too. */
    accountSecurity: (_t) => ({ notification_type: 'AccountSecurity' }),
    marketing: (_t) => ({ notification_type: 'Marketing' }),
  },
});
