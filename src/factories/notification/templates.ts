import { CHANNELS, NOTIFICATION_TYPE_NAMES, NOTIFICATION_TYPES } from '../../domain/notifications.js';
import type {
  NotificationNotificationChannel,
  NotificationNotificationType,
} from '../../schema/generated/tables.js';
import { defineFactory } from '../core/factory.js';
import { between, daysBefore } from '../file-mgr/shared.js';

const kebab = (type: string): string => type.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();

/** Subject and body of one type on one channel, in Persian or English (`{{placeholder}}` syntax). */
function templateText(
  type: NotificationNotificationType,
  channel: NotificationNotificationChannel,
  english: boolean,
) {
  const spec = NOTIFICATION_TYPES[type];
  const title = english ? spec.titleEn : spec.title;
  const body = english ? spec.bodyEn : spec.body;
  switch (channel) {
    case 'Email':
      return {
        subject: title,
        body: english
          ? `Dear {{name}},\n\n${body}\n\nThe FlatRender team`
          : `{{name}} عزیز،\n\n${body}\n\nتیم فلت‌رندر`,
      };
    case 'SMS':
      return { subject: null, body: english ? `FlatRender: ${body}` : `فلت‌رندر: ${body}` };
    case 'Webhook':
      return {
        subject: null,
        body: `{"event":"${type}","user_id":"{{user_id}}","title":"${title}","message":"${body.replace(/"/g, '\\"')}"}`,
      };
    default:
      return { subject: title, body };
  }
}

/**
 * notification.notification_templates: the text of one (type, channel) for the context's tenant,
 * in Persian by default. Consecutive rows walk the (type, channel) pairs, so a tenant's templates
 * never collide; SMS ones name their Kavenegar lookup template.
 */
export const notificationTemplateFactory = defineFactory('notification.notification_templates', {
  defaults: ({ n, rng, now, overrides }) => {
    const i = n - 1;
    const type = overrides.notification_type ?? NOTIFICATION_TYPE_NAMES[i % NOTIFICATION_TYPE_NAMES.length]!;
    const channel =
      overrides.channel ??
      (overrides.notification_type
        ? CHANNELS[i % CHANNELS.length]!
        : CHANNELS[Math.floor(i / NOTIFICATION_TYPE_NAMES.length) % CHANNELS.length]!);
    const created = between(rng, daysBefore(now, 400), daysBefore(now, 7));
    return {
      notification_type: type,
      channel,
      locale: 'fa',
      is_active: true,
      created_at: created,
      updated_at: between(rng, created, now),
    };
  },
  finalize: (row) => {
    const type = row.notification_type ?? 'Other';
    const channel = row.channel ?? 'InApp';
    return {
      ...templateText(type, channel, row.locale === 'en'),
      provider_template_code: channel === 'SMS' ? `fr-${kebab(type)}` : null,
    };
  },
  traits: {
    english: (_t) => ({ locale: 'en' }),
    inactive: (_t) => ({ is_active: false }),
    sms: (_t) => ({ channel: 'SMS' }),
    email: (_t) => ({ channel: 'Email' }),
  },
});
