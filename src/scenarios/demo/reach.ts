import { DAY, MINUTE, SECOND } from '../../domain/calendar.js';
import type { Timeline } from './timeline.js';
import { type DemoTenant, makeCurrent, userOf } from './world.js';

/**
 * How each customer can be reached and protects their account, as they set it up: a push
 * subscription (the app on Android, or the browser), the Telegram bot (always, for those who
 * signed up with Telegram), two-factor authentication, and their notification preferences
 * (marketing e-mail on or off, quiet hours at night). Staff protect their accounts with TOTP.
 */
export async function makeReach(tenant: DemoTenant, time: Timeline): Promise<void> {
  const rng = time.rng(`reach|${tenant.key}`);
  await makeCurrent(tenant, tenant.admin).mfaFactor.totp().primary().create();
  await makeCurrent(tenant, tenant.admin).mfaFactor.recoveryCodes().create();
  const preferences: {
    user_id: string;
    channel: 'Email' | 'SMS' | 'Push' | 'Telegram';
    notification_type: 'Marketing' | null;
    is_enabled: boolean;
    quiet: boolean;
    at: number;
  }[] = [];
  for (const person of tenant.people) {
    const user = userOf(person);
    if (user.register_mode === 'Telegram' && person.telegramAt === null)
      person.telegramAt = person.signup + MINUTE;
    if (person.telegramAt !== null) {
      await makeCurrent(tenant, user).telegramLink.create({
        // The deep link was asked for moments before the bot was started.
        created_at: new Date(Math.max(person.signup, person.telegramAt - rng.int(20, 120) * SECOND)),
        linked_at: new Date(person.telegramAt),
        updated_at: new Date(person.telegramAt),
      });
    }
    if (person.pushAt !== null) {
      const app = user.registered_with_mobile_app;
      if (!app && rng.bool(0.15)) {
        // An older browser subscription the push service later reported gone.
        await makeCurrent(tenant, user)
          .pushSubscription.inactive()
          .create({
            created_at: new Date(Math.max(person.signup, person.pushAt - rng.int(1, 30) * DAY)),
          });
      }
      await makeCurrent(tenant, user).pushSubscription.create({
        platform: app ? 'Android' : 'Web',
        created_at: new Date(person.pushAt),
      });
    }
    if (person.mfa) await makeCurrent(tenant, user).mfaFactor.create();
    const at = person.signup + rng.int(1, 60) * MINUTE;
    if (user.email) {
      preferences.push({
        user_id: user.id,
        channel: 'Email',
        notification_type: 'Marketing',
        is_enabled: person.marketing,
        quiet: false,
        at,
      });
    }
    if (person.quietHours && user.phone_number) {
      preferences.push({
        user_id: user.id,
        channel: 'SMS',
        notification_type: null,
        is_enabled: true,
        quiet: true,
        at,
      });
    }
    if (person.quietHours && person.pushAt !== null) {
      const pushed = Math.max(at, person.pushAt);
      preferences.push({
        user_id: user.id,
        channel: 'Push',
        notification_type: null,
        is_enabled: true,
        quiet: true,
        at: pushed,
      });
    }
    if (person.telegramAt !== null && !person.marketing) {
      const linked = Math.max(at, person.telegramAt);
      preferences.push({
        user_id: user.id,
        channel: 'Telegram',
        notification_type: 'Marketing',
        is_enabled: false,
        quiet: false,
        at: linked,
      });
    }
  }
  await tenant.f.notificationPreference.createList(preferences.length, (i) => {
    const p = preferences[i]!;
    return {
      user_id: p.user_id,
      channel: p.channel,
      notification_type: p.notification_type,
      is_enabled: p.is_enabled,
      quiet_hours_start: p.quiet ? '23:00:00' : null,
      quiet_hours_end: p.quiet ? '08:00:00' : null,
      created_at: new Date(p.at),
      updated_at: new Date(Math.min(time.now, p.at + rng.int(0, 30) * DAY)),
    };
  });
}
