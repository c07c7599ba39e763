import { notificationDeliveryFactory } from './deliveries.js';
import { notificationFactory } from './notifications.js';
import { notificationPreferenceFactory } from './preferences.js';
import { telegramLinkFactory } from './telegram-links.js';
import { notificationTemplateFactory } from './templates.js';

export const notificationFactories = {
  notification: notificationFactory,
  notificationDelivery: notificationDeliveryFactory,
  notificationPreference: notificationPreferenceFactory,
  notificationTemplate: notificationTemplateFactory,
  telegramLink: telegramLinkFactory,
} as const;
