/**
 * Curated values of the FlatRender domain that faker has no locale data for: template names,
 * API routes, render errors, notification wording. Picked by the seeded PRNG.
 */

/** Catalogue template names (a container's name); a word from the pools is appended for variety. */
export const TEMPLATE_NAMES = [
  'اینترو لوگو',
  'تیزر تبلیغاتی',
  'موشن گرافیک معرفی محصول',
  'استوری اینستاگرام',
  'تبریک نوروز',
  'اسلایدشو عکس',
  'تیتراژ ابتدایی',
  'لوگو موشن',
  'معرفی کسب و کار',
  'کلیپ تولد',
  'تبلیغ رستوران',
  'آگهی املاک',
  'اینفوگرافیک',
  'شب یلدا',
  'تیزر فروش ویژه',
  'کارت دعوت عروسی',
  'لوگو سه بعدی',
  'معرفی اپلیکیشن',
  'تیزر کنسرت',
  'استوری تخفیف',
  'ویدیو آموزشی',
  'پادکست تصویری',
  'تیزر همایش',
  'معرفی تیم',
];
export const TEMPLATE_NAMES_EN = [
  'Logo Intro',
  'Promo Teaser',
  'Product Explainer',
  'Instagram Story',
  'Nowruz Greeting',
  'Photo Slideshow',
  'Opening Titles',
  'Logo Motion',
  'Business Intro',
  'Birthday Clip',
  'Restaurant Promo',
  'Real Estate Ad',
  'Infographic',
  'Yalda Night',
  'Flash Sale Teaser',
  'Wedding Invitation',
  '3D Logo',
  'App Promo',
  'Concert Teaser',
  'Discount Story',
  'Tutorial Video',
  'Video Podcast',
  'Event Teaser',
  'Team Intro',
];

export const EMAIL_DOMAINS = ['gmail.com', 'yahoo.com', 'outlook.com', 'chmail.ir', 'mail.ir', 'proton.me'];

/** First octets of address blocks routed in Iran (for client and server IPs). */
export const IR_IP_PREFIXES = [
  '5.112',
  '5.113',
  '5.115',
  '5.119',
  '31.2',
  '37.98',
  '37.255',
  '46.100',
  '78.38',
  '79.127',
  '80.191',
  '85.185',
  '89.165',
  '91.98',
  '94.182',
  '151.232',
  '185.112',
  '188.229',
  '217.218',
];

/** Reseller API route templates and how often each is called (status codes vary by method). */
export const API_ROUTES: readonly (readonly [method: string, path: string, weight: number])[] = [
  ['GET', '/v1/renders/{id}', 34],
  ['POST', '/v1/renders', 14],
  ['GET', '/v1/renders', 10],
  ['GET', '/v1/templates', 12],
  ['GET', '/v1/templates/{id}', 9],
  ['GET', '/v1/exports/{id}', 8],
  ['POST', '/v1/uploads', 4],
  ['PUT', '/v1/uploads/{id}/parts/{n}', 4],
  ['POST', '/v1/uploads/{id}/complete', 2],
  ['DELETE', '/v1/renders/{id}', 1],
  ['GET', '/v1/usage', 2],
];

export const API_ERRORS: readonly (readonly [status: number, code: string, weight: number])[] = [
  [400, 'validation_failed', 30],
  [401, 'invalid_signature', 12],
  [403, 'scope_missing', 5],
  [404, 'not_found', 25],
  [409, 'idempotency_conflict', 6],
  [422, 'template_unavailable', 6],
  [429, 'rate_limited', 12],
  [500, 'internal_error', 3],
  [503, 'queue_unavailable', 1],
];

export const SDK_AGENTS = [
  'flatrender-php/1.4.2',
  'flatrender-php/1.5.0',
  'flatrender-node/2.1.0',
  'flatrender-python/0.9.3',
  'axios/1.7.2',
  'python-requests/2.32.3',
  'Go-http-client/1.1',
  'GuzzleHttp/7',
  'okhttp/4.12.0',
];

export const GPU_MODELS = [
  'NVIDIA RTX 4090',
  'NVIDIA RTX 4080',
  'NVIDIA RTX A5000',
  'NVIDIA RTX 3090',
  'Apple M2 Ultra',
];
export const AE_VERSIONS = ['24.6', '25.0', '25.1', '25.2'];

/** Why a render failed: code, message shown to the user, and the step it failed in. */
export const RENDER_FAILURES: readonly (readonly [
  code: string,
  message: string,
  step: 'Preparing' | 'Rendering' | 'Encoding',
])[] = [
  ['AE_CRASH', 'افترافکت هنگام رندر متوقف شد (After Effects crashed)', 'Rendering'],
  ['AE_TIMEOUT', 'رندر بیش از زمان مجاز طول کشید', 'Rendering'],
  ['MISSING_FONT', 'فونت انتخاب‌شده روی سرور رندر پیدا نشد', 'Preparing'],
  ['MEDIA_DOWNLOAD_FAILED', 'دانلود فایل‌های رسانه‌ای ناموفق بود', 'Preparing'],
  ['FRAME_REPAIR_EXHAUSTED', 'فریم‌های خراب پس از سه بار تلاش ترمیم نشدند', 'Rendering'],
  ['ENCODE_FAILED', 'ساخت فایل نهایی ویدیو با خطا مواجه شد', 'Encoding'],
  ['OUT_OF_MEMORY', 'حافظه سرور رندر کافی نبود', 'Rendering'],
];

export const CANCEL_REASONS = [
  'لغو توسط کاربر',
  'تغییر متن پیش از پایان رندر',
  'Cancelled by reseller API',
  'ارسال تکراری',
];

/** Frame-chunk errors (a failed attempt that was then reassigned or failed the job). */
export const CHUNK_ERRORS = [
  'aerender exited with code 3221225477',
  'aerender exited with code -1073741819',
  'frame 0 missing after render',
  'node heartbeat lost',
  'disk full while writing frames',
];

/** The message of each step transition, as the WS `step_change` shows it. */
export const STEP_MESSAGES: Record<string, string> = {
  Queued: 'در صف رندر',
  Preparing: 'آماده‌سازی فایل‌ها',
  Rendering: 'در حال رندر فریم‌ها',
  Validating: 'بررسی فریم‌ها',
  Repairing: 'ترمیم فریم‌های خراب',
  Encoding: 'ساخت ویدیو',
  Uploading: 'بارگذاری خروجی',
  Done: 'آماده دانلود',
};

/** Upload kinds: kind, mime type, extension, weight. */
export const UPLOAD_KINDS: readonly (readonly [kind: string, mime: string, ext: string, weight: number])[] = [
  ['Image', 'image/jpeg', 'jpg', 34],
  ['Image', 'image/png', 'png', 22],
  ['Audio', 'audio/mpeg', 'mp3', 16],
  ['Video', 'video/mp4', 'mp4', 10],
  ['Font', 'font/ttf', 'ttf', 5],
  ['Document', 'application/pdf', 'pdf', 6],
  ['Image', 'image/svg+xml', 'svg', 7],
];

/** Persian file-name stems users upload under; a number or word is appended. */
export const FILE_STEMS = [
  'لوگو',
  'عکس محصول',
  'بنر',
  'صدای گوینده',
  'موزیک',
  'IMG',
  'DSC',
  'Screenshot',
  'پس زمینه',
  'فونت',
];

/** Notifications that are not about a render: type, priority, title, message, weight. */
export const OTHER_NOTICES: readonly (readonly [
  type: string,
  priority: string,
  title: string,
  message: string,
  weight: number,
])[] = [
  ['PaymentSuccess', 'Normal', 'پرداخت موفق', 'پرداخت شما با موفقیت انجام شد و اعتبار حساب افزایش یافت.', 20],
  ['PlanExpiring', 'High', 'پایان اشتراک نزدیک است', 'اشتراک شما تا سه روز دیگر به پایان می‌رسد.', 12],
  ['StorageWarning', 'High', 'فضای ذخیره‌سازی رو به اتمام', 'بیش از ۸۰٪ فضای ذخیره‌سازی شما پر شده است.', 6],
  ['SystemAnnouncement', 'Normal', 'قالب‌های جدید', 'قالب‌های جدید نوروزی به کتابخانه اضافه شد.', 18],
  ['Marketing', 'Low', 'تخفیف ویژه', 'تا پایان هفته ۳۰٪ تخفیف روی همه پلن‌ها.', 24],
  ['AccountSecurity', 'Urgent', 'ورود از دستگاه جدید', 'ورود به حساب شما از یک دستگاه جدید ثبت شد.', 10],
  ['LevelUp', 'Normal', 'سطح جدید', 'تبریک! به سطح جدید رسیدید.', 10],
];

export const VIDEO_QUALITIES: readonly (readonly [quality: string, weight: number])[] = [
  ['FullHd1080', 55],
  ['Hd720', 24],
  ['Sd480', 8],
  ['Qhd1440', 6],
  ['Uhd2160', 7],
];

/** The long side in pixels for each quality. */
export const QUALITY_LONG_SIDE: Record<string, number> = {
  Sd480: 854,
  Hd720: 1280,
  FullHd1080: 1920,
  Qhd1440: 2560,
  Uhd2160: 3840,
};

/** Seconds billed per output second (identity.render_price_rates' multipliers). */
export const QUALITY_MULTIPLIER: Record<string, number> = {
  Sd480: 0.5,
  Hd720: 0.75,
  FullHd1080: 1,
  Qhd1440: 1.5,
  Uhd2160: 2,
};

/** Compute seconds per frame on one node (After Effects, typical templates). */
export const SECONDS_PER_FRAME: Record<string, number> = {
  Sd480: 0.12,
  Hd720: 0.2,
  FullHd1080: 0.35,
  Qhd1440: 0.6,
  Uhd2160: 1.1,
};

/** Output bitrate in bytes per second (H.264). */
export const BYTES_PER_SECOND: Record<string, number> = {
  Sd480: 200_000,
  Hd720: 500_000,
  FullHd1080: 1_000_000,
  Qhd1440: 1_900_000,
  Uhd2160: 4_500_000,
};

export const ASPECTS: readonly (readonly [aspect: string, w: number, h: number])[] = [
  ['Wide16x9', 16, 9],
  ['Square1x1', 1, 1],
  ['Tall9x16', 9, 16],
  ['Portrait4x5', 4, 5],
];
