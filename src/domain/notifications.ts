import type {
  NotificationDeliveryStatus,
  NotificationNotificationChannel,
  NotificationNotificationPriority,
  NotificationNotificationType,
} from '../schema/generated/tables.js';
import type { Random } from './random.js';

/**
 * What FlatRender tells its users: each notification type's wording (Persian first), urgency,
 * the channels the notification service fans it out to, what event causes it, and which
 * channels can reach a user at all.
 */

export const CHANNELS: readonly NotificationNotificationChannel[] = [
  'InApp',
  'Push',
  'Email',
  'SMS',
  'Telegram',
  'Webhook',
];

interface TypeSpec {
  readonly priority: NotificationNotificationPriority;
  /** The channels the notification service fans this type out to. */
  readonly channels: readonly NotificationNotificationChannel[];
  /** Persian title and `{{placeholder}}` body. */
  readonly title: string;
  readonly body: string;
  readonly titleEn: string;
  readonly bodyEn: string;
  /** Where the notification leads in the panel. */
  readonly path: string;
}

/** What each notification type says, how urgent it is and where it goes (the notification event contract). */
export const NOTIFICATION_TYPES: Record<NotificationNotificationType, TypeSpec> = {
  RenderCompleted: {
    priority: 'High',
    channels: ['InApp', 'Push', 'Telegram'],
    title: 'رندر ویدیوی شما آماده است',
    body: 'ویدیوی «{{project_title}}» رندر شد و آماده دانلود است.',
    titleEn: 'Your video is ready',
    bodyEn: 'Your video "{{project_title}}" has been rendered and is ready to download.',
    path: '/dashboard/renders',
  },
  RenderFailed: {
    priority: 'High',
    channels: ['InApp', 'Push', 'Email'],
    title: 'رندر ویدیو ناموفق بود',
    body: 'رندر «{{project_title}}» با خطا متوقف شد. اعتبار مصرف‌شده به حساب شما بازگشت.',
    titleEn: 'Render failed',
    bodyEn: 'Rendering "{{project_title}}" stopped with an error. The credit was refunded.',
    path: '/dashboard/renders',
  },
  RenderProgress: {
    priority: 'Low',
    channels: ['InApp'],
    title: 'رندر در حال انجام است',
    body: 'رندر «{{project_title}}» به {{percent}}٪ رسید.',
    titleEn: 'Rendering in progress',
    bodyEn: '"{{project_title}}" is {{percent}}% rendered.',
    path: '/dashboard/renders',
  },
  PlanExpiring: {
    priority: 'Normal',
    channels: ['InApp', 'Email', 'SMS'],
    title: 'اشتراک شما رو به پایان است',
    body: 'اشتراک {{plan_name}} شما {{days}} روز دیگر به پایان می‌رسد.',
    titleEn: 'Your plan is expiring',
    bodyEn: 'Your {{plan_name}} plan expires in {{days}} days.',
    path: '/dashboard/billing',
  },
  PlanExpired: {
    priority: 'High',
    channels: ['InApp', 'Email', 'SMS'],
    title: 'اشتراک شما به پایان رسید',
    body: 'اشتراک {{plan_name}} شما منقضی شد. برای ادامه رندر آن را تمدید کنید.',
    titleEn: 'Your plan has expired',
    bodyEn: 'Your {{plan_name}} plan has expired. Renew it to keep rendering.',
    path: '/dashboard/billing',
  },
  PaymentSuccess: {
    priority: 'Normal',
    channels: ['InApp', 'SMS', 'Email'],
    title: 'پرداخت موفق',
    body: 'پرداخت {{amount}} تومان با موفقیت انجام شد. شماره پیگیری: {{ref}}',
    titleEn: 'Payment received',
    bodyEn: 'Your payment of {{amount}} toman was successful. Reference: {{ref}}',
    path: '/dashboard/billing/payments',
  },
  PaymentFailed: {
    priority: 'High',
    channels: ['InApp', 'SMS'],
    title: 'پرداخت ناموفق',
    body: 'پرداخت {{amount}} تومان ناموفق بود. مبلغ کسرشده حداکثر تا ۷۲ ساعت بازمی‌گردد.',
    titleEn: 'Payment failed',
    bodyEn: 'Your payment of {{amount}} toman failed. Any deducted amount is returned within 72 hours.',
    path: '/dashboard/billing/payments',
  },
  StorageWarning: {
    priority: 'Normal',
    channels: ['InApp', 'Email'],
    title: 'فضای ذخیره‌سازی رو به اتمام است',
    body: '{{percent}}٪ از فضای ذخیره‌سازی شما پر شده است.',
    titleEn: 'Storage almost full',
    bodyEn: 'You have used {{percent}}% of your storage.',
    path: '/dashboard/files',
  },
  StorageFull: {
    priority: 'High',
    channels: ['InApp', 'Email', 'Push'],
    title: 'فضای ذخیره‌سازی پر شد',
    body: 'فضای ذخیره‌سازی شما پر است؛ فایل‌های قدیمی را حذف کنید یا پلن خود را ارتقا دهید.',
    titleEn: 'Storage full',
    bodyEn: 'Your storage is full: delete old files or upgrade your plan.',
    path: '/dashboard/files',
  },
  ExportExpiring: {
    priority: 'Normal',
    channels: ['InApp', 'Email'],
    title: 'خروجی شما به‌زودی حذف می‌شود',
    body: 'فایل خروجی «{{project_title}}» {{days}} روز دیگر حذف می‌شود؛ آن را دانلود کنید.',
    titleEn: 'Your export will be deleted soon',
    bodyEn: 'The export of "{{project_title}}" is deleted in {{days}} days: download it now.',
    path: '/dashboard/renders',
  },
  ExportDeleted: {
    priority: 'Low',
    channels: ['InApp'],
    title: 'خروجی حذف شد',
    body: 'مهلت نگهداری خروجی «{{project_title}}» تمام شد و فایل آن حذف شد.',
    titleEn: 'Export deleted',
    bodyEn: 'The export of "{{project_title}}" reached the end of its retention and was deleted.',
    path: '/dashboard/renders',
  },
  GiftEarned: {
    priority: 'Normal',
    channels: ['InApp', 'Push'],
    title: 'یک هدیه گرفتید!',
    body: 'تبریک! {{gift}} به حساب شما اضافه شد.',
    titleEn: 'You earned a gift!',
    bodyEn: 'Congratulations! {{gift}} was added to your account.',
    path: '/dashboard/rewards',
  },
  QuestCompleted: {
    priority: 'Normal',
    channels: ['InApp', 'Push'],
    title: 'مأموریت انجام شد',
    body: 'مأموریت «{{quest}}» را کامل کردید.',
    titleEn: 'Quest completed',
    bodyEn: 'You completed the quest "{{quest}}".',
    path: '/dashboard/rewards',
  },
  LevelUp: {
    priority: 'Normal',
    channels: ['InApp', 'Push'],
    title: 'سطح شما ارتقا یافت',
    body: 'به سطح {{level}} رسیدید!',
    titleEn: 'Level up',
    bodyEn: 'You reached level {{level}}!',
    path: '/dashboard/rewards',
  },
  AccountSecurity: {
    priority: 'Urgent',
    channels: ['InApp', 'SMS', 'Email'],
    title: 'ورود جدید به حساب کاربری',
    body: 'ورود جدید از {{device}} ثبت شد. اگر شما نبودید، فوراً رمز عبور خود را تغییر دهید.',
    titleEn: 'New sign-in to your account',
    bodyEn: 'A new sign-in from {{device}} was recorded. If it was not you, change your password now.',
    path: '/dashboard/security',
  },
  SystemAnnouncement: {
    priority: 'Normal',
    channels: ['InApp', 'Email'],
    title: 'اطلاعیه فلت‌رندر',
    body: 'سرویس رندر امشب از ساعت ۲ تا ۴ بامداد برای به‌روزرسانی در دسترس نیست.',
    titleEn: 'FlatRender announcement',
    bodyEn: 'Rendering is unavailable tonight from 2 to 4 a.m. (Tehran) for maintenance.',
    path: '/announcements',
  },
  TenantInvite: {
    priority: 'Normal',
    channels: ['Email', 'SMS'],
    title: 'دعوت به همکاری',
    body: '{{inviter}} شما را به تیم «{{tenant_name}}» دعوت کرده است.',
    titleEn: 'Team invitation',
    bodyEn: '{{inviter}} invited you to join "{{tenant_name}}".',
    path: '/invitations',
  },
  Marketing: {
    priority: 'Low',
    channels: ['InApp', 'Email', 'Telegram'],
    title: 'تخفیف ویژه نوروز',
    body: 'تا پایان فروردین ۳۰٪ تخفیف روی همه پلن‌ها با کد {{code}}.',
    titleEn: 'Nowruz sale',
    bodyEn: '30% off every plan until the end of Farvardin with code {{code}}.',
    path: '/pricing',
  },
  Other: {
    priority: 'Low',
    channels: ['InApp'],
    title: 'پیام جدید',
    body: 'یک پیام تازه در پنل کاربری شما منتظر است.',
    titleEn: 'New message',
    bodyEn: 'A new message is waiting in your dashboard.',
    path: '/dashboard',
  },
};

export const NOTIFICATION_TYPE_NAMES = Object.keys(NOTIFICATION_TYPES) as NotificationNotificationType[];

/** Fills `{{placeholder}}`s; unknown ones are left as they are. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, key: string) =>
    key in values ? String(values[key]) : whole,
  );
}

/** The placeholders a template uses. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!);
}

/**
 * The row a caused notification is about, named in its `data`: a RenderCompleted notification
 * carries `render_job_id`, and so on. `seed verify` checks that the row exists, belongs to the
 * notified user, and that its event happened before the notification ([notification-follows-cause]).
 */
export const NOTIFICATION_CAUSES: Readonly<Partial<Record<NotificationNotificationType, string>>> = {
  RenderCompleted: 'render_job_id',
  RenderFailed: 'render_job_id',
  RenderProgress: 'render_job_id',
  PaymentSuccess: 'payment_id',
  PaymentFailed: 'payment_id',
  PlanExpiring: 'user_plan_id',
  PlanExpired: 'user_plan_id',
  ExportExpiring: 'export_id',
  ExportDeleted: 'export_id',
  GiftEarned: 'earned_gift_id',
  QuestCompleted: 'quest_id',
  LevelUp: 'level_id',
  TenantInvite: 'invitation_id',
};

/** Days before a plan or an export runs out that its reminder goes. */
export const REMINDER_DAYS = 3;

/**
 * Which channels can reach a user at a moment: in-app always; Push with a push subscription
 * made by then; Telegram with a Telegram link made by then; SMS with a phone number; Email with
 * an e-mail address. A delivery goes only to a channel the user has ([delivery-channel-available]).
 */
export interface Reach {
  readonly push: boolean;
  readonly telegram: boolean;
  readonly phone: boolean;
  readonly email: boolean;
}

export function reachable(channel: NotificationNotificationChannel, reach: Reach): boolean {
  switch (channel) {
    case 'InApp':
      return true;
    case 'Push':
      return reach.push;
    case 'Telegram':
      return reach.telegram;
    case 'SMS':
      return reach.phone;
    case 'Email':
      return reach.email;
    case 'Webhook':
      return false;
  }
}

/** The channels a notification of `type` goes out on for a user with `reach`. */
export function channelsFor(
  type: NotificationNotificationType,
  reach: Reach,
): NotificationNotificationChannel[] {
  const wanted = NOTIFICATION_TYPES[type].channels;
  const out = wanted.filter((c) => reachable(c, reach));
  return out.length > 0 ? out : ['InApp'];
}

/** Who sends each channel; SMS goes through either Iranian gateway. */
export const DELIVERY_PROVIDERS: Readonly<
  Record<NotificationNotificationChannel, readonly (string | null)[]>
> = {
  InApp: [null],
  Push: ['web-push'],
  Email: ['smtp'],
  SMS: ['kavenegar', 'sms.ir'],
  Telegram: ['telegram-bot'],
  Webhook: ['webhook'],
};

/** What each provider answers when a message fails (`none`: an in-app message). */
export const PROVIDER_ERRORS: Readonly<Record<string, readonly string[]>> = {
  kavenegar: ['411: receptor is invalid', '418: account credit is not enough'],
  'sms.ir': ['10: the line number is not active', '107: the mobile number is on the blacklist'],
  smtp: ['550 5.1.1 Recipient address rejected: mailbox unavailable', '421 4.7.0 Try again later'],
  'web-push': ['410 Gone: push subscription has unsubscribed or expired'],
  'telegram-bot': ['403 Forbidden: bot was blocked by the user', '400 Bad Request: chat not found'],
  webhook: ['HTTP 503 from the endpoint', 'timeout after 10 s'],
  none: ['websocket closed before acknowledgement'],
};

/** The error a provider answered a failed delivery with. */
export function providerError(provider: string | null | undefined, rng: Random): string {
  return rng.pick(PROVIDER_ERRORS[provider ?? 'none'] ?? PROVIDER_ERRORS.none!);
}

/** The id a provider gives an accepted message, in its own format. */
export function providerMessageId(provider: string | null | undefined, rng: Random): string | null {
  switch (provider) {
    case 'kavenegar':
      return String(rng.int(1_000_000_000, 2_000_000_000));
    case 'sms.ir':
      return String(rng.int(100_000_000, 999_999_999));
    case 'smtp':
      return `<${rng.hex(24)}@mail.flatrender.ir>`;
    case 'web-push':
      return `0:${rng.int(1_700_000_000, 1_800_000_000)}${rng.int(100_000, 999_999)}%${rng.hex(16)}`;
    case 'telegram-bot':
      return String(rng.int(1_000, 999_999));
    case 'webhook':
      return rng.uuid();
    default:
      return null;
  }
}

/**
 * How a delivery on a channel ends (an in-app message is always Delivered, one of the last two
 * minutes is still Pending): most are Delivered; e-mail is often only Sent, since most mail
 * servers never confirm; Skipped ones were held back by the user's preferences or quiet hours.
 */
export function deliveryOutcomes(
  channel: NotificationNotificationChannel,
): readonly (readonly [NotificationDeliveryStatus, number])[] {
  return channel === 'Email' ? EMAIL_OUTCOMES : OUTCOMES;
}
const OUTCOMES = [
  ['Delivered', 78],
  ['Sent', 7],
  ['Failed', 10],
  ['Skipped', 5],
] as const;
const EMAIL_OUTCOMES = [
  ['Delivered', 62],
  ['Sent', 28],
  ['Failed', 5],
  ['Skipped', 5],
] as const;

/** A failed delivery is retried after 2^attempt minutes; the third failure is final. */
export const MAX_DELIVERY_ATTEMPTS = 3;
export function retryDelayMs(attempt: number): number {
  return 2 ** attempt * 60_000;
}
