import type { Faker } from '@faker-js/faker';
import type {
  NotificationNotificationChannel,
  NotificationNotificationPriority,
  NotificationNotificationType,
} from '../../schema/generated/tables.js';
import type { Random } from '../core/random.js';

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

const PROJECT_TITLES = ['تیزر تبلیغاتی نوروز', 'معرفی محصول جدید', 'اینترو کانال یوتیوب', 'تبریک شب یلدا'];
const PLANS = ['پایه', 'حرفه‌ای', 'تجاری'];
const QUESTS = ['اولین رندر', 'ساخت ۵ ویدیو', 'دعوت از یک دوست'];
const GIFTS = ['۶۰ ثانیه رندر رایگان', '۵۰٬۰۰۰ تومان اعتبار', 'یک ماه پلن حرفه‌ای'];
const DEVICES = ['Chrome روی ویندوز', 'اپلیکیشن اندروید', 'Safari روی آیفون'];

/** The values a type's placeholders are filled with (also kept in notifications.data). */
export function sampleValues(rng: Random, fa: Faker): Record<string, string | number> {
  return {
    project_title: rng.pick(PROJECT_TITLES),
    percent: rng.pick([25, 50, 75, 85, 90, 95]),
    plan_name: rng.pick(PLANS),
    days: rng.pick([1, 3, 7]),
    amount: new Intl.NumberFormat('fa-IR').format(rng.pick([99_000, 249_000, 490_000])),
    ref: String(rng.int(100_000_000, 999_999_999)),
    gift: rng.pick(GIFTS),
    quest: rng.pick(QUESTS),
    level: rng.int(2, 20),
    device: rng.pick(DEVICES),
    inviter: `${fa.person.firstName()} ${fa.person.lastName()}`,
    tenant_name: fa.company.name(),
    code: `NOWRUZ${rng.int(10, 99)}`,
  };
}

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
