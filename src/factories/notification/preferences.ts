import { TEHRAN_TIME_ZONE } from '../../domain/calendar.js';
import { CHANNELS, NOTIFICATION_TYPE_NAMES } from '../../domain/notifications.js';
import type {
  NotificationNotificationChannel,
  NotificationNotificationType,
} from '../../schema/generated/tables.js';
import { defineFactory } from '../core/factory.js';
import { addSeconds, between, daysBefore, latest, toDate } from '../file-mgr/shared.js';

/** NULL first: a user's first preferences are the channel-wide defaults. */
const TYPES_OR_ALL: readonly (NotificationNotificationType | null)[] = [null, ...NOTIFICATION_TYPE_NAMES];

/** Channels that interrupt: these get quiet hours (no SMS at night). */
const INTRUSIVE: readonly NotificationNotificationChannel[] = ['SMS', 'Push', 'Telegram'];

/**
 * The (channel, type) of row n: consecutive rows walk every pair (over the free one when the
 * caller fixes the other), so repeated creates for one user never hit the unique key.
 */
function preferenceKey(
  n: number,
  overrides: {
    channel?: NotificationNotificationChannel;
    notification_type?: NotificationNotificationType | null;
  },
) {
  const i = n - 1;
  const channel = overrides.channel ?? CHANNELS[i % CHANNELS.length]!;
  const type =
    'notification_type' in overrides
      ? (overrides.notification_type ?? null)
      : overrides.channel
        ? TYPES_OR_ALL[i % TYPES_OR_ALL.length]!
        : TYPES_OR_ALL[Math.floor(i / CHANNELS.length) % TYPES_OR_ALL.length]!;
  return { channel, notification_type: type };
}

/**
 * notification.notification_preferences: one (channel, type) switch of the context's user; type
 * NULL is the channel-wide default. Marketing is mostly off; SMS, push and Telegram often have
 * quiet hours at night (Tehran time).
 */
export const notificationPreferenceFactory = defineFactory('notification.notification_preferences', {
  parents: ['identity.users'],
  defaults: ({ n, rng, parent, now, overrides }) => {
    const user = parent('identity.users');
    const key = preferenceKey(n, overrides);
    const quiet = INTRUSIVE.includes(key.channel) && rng.bool(0.35);
    const created = between(
      rng,
      latest(toDate(user.created_at, now), daysBefore(now, 300)),
      addSeconds(now, -3600),
    );
    return {
      user_id: user.id,
      ...key,
      is_enabled: key.notification_type === 'Marketing' ? rng.bool(0.3) : rng.bool(0.9),
      quiet_hours_start: quiet ? '23:00:00' : null,
      quiet_hours_end: quiet ? '08:00:00' : null,
      timezone: TEHRAN_TIME_ZONE,
      created_at: created,
      updated_at: between(rng, created, now),
    };
  },
  traits: {
    disabled: (_t) => ({ is_enabled: false }),
    /** Nothing between 23:00 and 08:00 Tehran time. */
    quietHours: (_t) => ({ is_enabled: true, quiet_hours_start: '23:00:00', quiet_hours_end: '08:00:00' }),
    /** The user's default for the whole channel. */
    channelWide: (_t) => ({ notification_type: null }),
  },
});
