import {
  DELIVERY_PROVIDERS,
  deliveryOutcomes,
  MAX_DELIVERY_ATTEMPTS,
  providerError,
  providerMessageId,
  retryDelayMs,
} from '../../domain/notifications.js';
import type { Random } from '../../domain/random.js';
import { iranianMobile } from '../../domain/realism.js';
import type {
  NotificationDeliveryStatus,
  NotificationNotificationChannel,
  NotificationNotificationType,
} from '../../schema/generated/tables.js';
import { defineFactory } from '../core/factory.js';
import { addSeconds, earliest, toDate } from '../file-mgr/shared.js';

type Channel = NotificationNotificationChannel;

interface Contact {
  readonly phone_number?: string | null;
  readonly email?: string | null;
  readonly telegram_user_id?: string | number | null;
}

/** The address a channel reaches the user at: phone, email, Telegram chat id or push endpoint. */
function recipientFor(channel: Channel, user: Contact, rng: Random, n: number): string | null {
  switch (channel) {
    case 'SMS':
      return user.phone_number ?? iranianMobile(rng);
    case 'Email':
      return user.email ?? `user${n}@example.ir`;
    case 'Telegram':
      return String(user.telegram_user_id ?? 5_000_000_000 + n * 1009 + rng.int(0, 1008));
    case 'Push':
      return `https://fcm.googleapis.com/fcm/send/${rng.hex(22)}:APA91b${rng.hex(40)}`;
    case 'Webhook':
      return `https://hooks.reseller${rng.int(1, 99)}.example/flatrender/notifications`;
    default:
      return null;
  }
}

/** The channel, provider and recipient of a delivery, consistent with each other. */
function routing(channel: Channel, user: Contact, rng: Random, n: number) {
  return {
    channel,
    provider: rng.pick(DELIVERY_PROVIDERS[channel]),
    recipient: recipientFor(channel, user, rng, n),
  };
}

/**
 * notification.notification_deliveries: the current notification sent on one of its channels
 * (picked by the row number, so consecutive deliveries of a notification use different
 * channels). On create(), a taken channel moves to a free one, and when none is left the delivery
 * goes to a new notification of the same type and user. Status decides the times:
 * Delivered has sent_at ≤ delivered_at, Failed has failed_at and the provider's error.
 */
export const notificationDeliveryFactory = defineFactory('notification.notification_deliveries', {
  parents: ['notification.notifications', 'identity.users'],
  /**
   * resolved: the caller gives notification, channel (one the notification has and the user can be
   * reached on), recipient and time itself; create() checks nothing, so a createList keeps its COPY.
   */
  transient: { resolved: false },
  defaults: ({ n, rng, parent, now, overrides }) => {
    const notification = parent('notification.notifications');
    const user = parent('identity.users');
    const channels = notification.channels?.length ? notification.channels : (['InApp'] as const);
    const channel = overrides.channel ?? channels[(n - 1) % channels.length]!;
    const status: NotificationDeliveryStatus =
      overrides.status ??
      (channel === 'InApp'
        ? 'Delivered'
        : rng.weighted<NotificationDeliveryStatus>(deliveryOutcomes(channel)));
    const contact = user.id === notification.user_id ? user : {};
    return {
      notification_id: notification.id,
      user_id: notification.user_id,
      ...routing(channel, contact, rng, n),
      status,
      created_at: earliest(addSeconds(toDate(notification.created_at, now), rng.int(0, 3)), now),
    };
  },
  finalize: (row, { rng, now }) => finalTimes(row, rng, now),
  beforeCreate: async (row, { db, rng, now, create, transient }) => {
    // Its query would flush a COPY createList's pending rows at every row.
    if (transient.resolved) return undefined;
    const { rows } = await db.query<{
      type: NotificationNotificationType;
      channels: Channel[];
      taken: Channel[];
      created_at: Date;
    }>(
      `SELECT n.notification_type AS type, n.channels::text[] AS channels, n.created_at,
              array(SELECT d.channel::text FROM notification.notification_deliveries d
                     WHERE d.notification_id = n.id) AS taken
         FROM notification.notifications n WHERE n.id = $1`,
      [row.notification_id],
    );
    const found = rows[0];
    if (!found || !row.channel) return undefined;
    const fits = found.channels.includes(row.channel) && !found.taken.includes(row.channel);
    const after = toDate(row.created_at, now) < toDate(found.created_at, now);
    if (fits && !after) return undefined;
    const { rows: users } = await db.query<Contact>(
      'SELECT phone_number, email, telegram_user_id FROM identity.users WHERE id = $1',
      [row.user_id],
    );
    const free = found.channels.find((c) => !found.taken.includes(c));
    let moved: DeliveryLike & Record<string, unknown>;
    if (fits) {
      moved = { ...row, created_at: earliest(addSeconds(found.created_at, rng.int(0, 3)), now) };
    } else if (free) {
      moved = {
        ...row,
        ...routing(free, users[0] ?? {}, rng, rng.int(1, 9999)),
        created_at: earliest(addSeconds(found.created_at, rng.int(0, 3)), now),
      };
    } else {
      // Every channel of that notification has its delivery: deliver the next one of the same type.
      const next = await create('notification.notifications', {
        user_id: row.user_id!,
        notification_type: found.type,
      });
      const channel = next.channels.includes(row.channel) ? row.channel : next.channels[0]!;
      moved = {
        ...row,
        notification_id: next.id,
        ...routing(channel, users[0] ?? {}, rng, rng.int(1, 9999)),
        created_at: earliest(addSeconds(next.created_at, rng.int(0, 3)), now),
      };
    }
    const reset = { ...moved, provider_message_id: null };
    return { ...reset, ...finalTimes(reset, rng, now) };
  },
  traits: {
    pending: (_t) => ({ status: 'Pending' }),
    sent: (_t) => ({ status: 'Sent' }),
    delivered: (_t) => ({ status: 'Delivered' }),
    /** Rejected by the provider (with its error), retried while attempts remain. */
    failed: (_t) => ({ status: 'Failed' }),
    /** Not sent: the user's preferences or quiet hours held it back. */
    skipped: (_t) => ({ status: 'Skipped' }),
  },
});

interface DeliveryLike {
  readonly status?: NotificationDeliveryStatus;
  readonly provider?: string | null;
  readonly created_at?: Date | string;
  readonly provider_message_id?: string | null;
}

/** Attempts, provider ids, errors and the sent → delivered / failed times of a status. */
function finalTimes(row: DeliveryLike, rng: Random, now: Date) {
  const created = toDate(row.created_at, now);
  const status = row.status ?? 'Pending';
  const accepted = status === 'Sent' || status === 'Delivered';
  const sent = accepted ? earliest(addSeconds(created, rng.int(1, 20)), now) : null;
  const delivered = status === 'Delivered' && sent ? earliest(addSeconds(sent, rng.int(1, 90)), now) : null;
  const attempt = status === 'Failed' ? rng.int(1, MAX_DELIVERY_ATTEMPTS) : accepted ? 1 : 0;
  const failed = status === 'Failed' ? earliest(addSeconds(created, rng.int(1, 600)), now) : null;
  return {
    attempt,
    provider_message_id: accepted ? (row.provider_message_id ?? providerMessageId(row.provider, rng)) : null,
    sent_at: sent,
    delivered_at: delivered,
    failed_at: failed,
    error_message: failed ? providerError(row.provider, rng) : null,
    next_retry_at:
      failed && attempt < MAX_DELIVERY_ATTEMPTS ? addSeconds(failed, retryDelayMs(attempt) / 1000) : null,
  };
}
