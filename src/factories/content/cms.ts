import { slug } from '../../domain/realism.js';
import { defineFactory } from '../core/factory.js';
import { between, cdn, cycled, latest, toDate, within } from './helpers.js';

const SITE = 'https://flatrender.ir';

const BLOG_CATEGORIES = [
  ['آموزش', 'Tutorials'],
  ['بازاریابی ویدیویی', 'Video Marketing'],
  ['اخبار فلت‌رندر', 'FlatRender News'],
  ['ایده‌های مناسبتی', 'Occasion Ideas'],
] as const;

interface Copy {
  readonly title: string;
  readonly excerpt: string;
  readonly keywords: readonly string[];
  readonly paragraphs: readonly string[];
}

/** Blog topics in both locales: [fa, en]. */
const TOPICS: readonly (readonly [Copy, Copy])[] = [
  [
    {
      title: 'چطور در ۱۰ دقیقه تیزر نوروزی بسازیم',
      excerpt: 'با یک قالب آماده، متن و لوگوی خودتان را بگذارید و تیزر نوروزی را در مرورگر رندر بگیرید.',
      keywords: ['تیزر نوروزی', 'قالب ویدیو', 'ساخت ویدیو آنلاین'],
      paragraphs: [
        'نوروز پربیننده‌ترین فصل سال برای ویدیوهای تبلیغاتی است و زمان ساخت آن همیشه کم است.',
        'در فلت‌رندر قالب «تیزر تبلیغاتی نوروز» را باز کنید، متن‌ها را فارسی بنویسید و رنگ برند را انتخاب کنید.',
        'پس از پیش‌نمایش، رندر را بزنید؛ خروجی ۱۶:۹ برای سایت و ۹:۱۶ برای استوری آماده می‌شود.',
      ],
    },
    {
      title: 'How to make a Nowruz teaser in 10 minutes',
      excerpt:
        'Pick a ready-made template, drop in your text and logo, and render a Nowruz teaser in the browser.',
      keywords: ['nowruz teaser', 'video template', 'online video maker'],
      paragraphs: [
        'Nowruz is the busiest season of the year for promo videos, and there is never enough time.',
        'Open the Nowruz Promo Teaser template, type your lines and pick your brand colour.',
        'Preview, then render: you get 16:9 for the website and 9:16 for stories.',
      ],
    },
  ],
  [
    {
      title: '۷ ایده استوری اینستاگرام برای فروش بیشتر',
      excerpt: 'استوری‌های کوتاه و متحرک بیشتر دیده می‌شوند؛ هفت ایده که با قالب‌های آماده اجرا می‌شوند.',
      keywords: ['استوری اینستاگرام', 'فروش اینستاگرامی', 'ویدیو عمودی'],
      paragraphs: [
        'مخاطب اینستاگرام در کمتر از دو ثانیه تصمیم می‌گیرد استوری را ببیند یا رد کند.',
        'معرفی محصول جدید، شمارش معکوس حراج و نظر مشتریان سه ایده‌ای هستند که همیشه جواب می‌دهند.',
        'قالب‌های ۹:۱۶ فلت‌رندر برای همین ایده‌ها طراحی شده‌اند و فونت فارسی درست دارند.',
      ],
    },
    {
      title: '7 Instagram story ideas that sell',
      excerpt: 'Short animated stories get watched: seven ideas you can ship with ready-made templates.',
      keywords: ['instagram story', 'social selling', 'vertical video'],
      paragraphs: [
        'Instagram viewers decide in under two seconds whether to watch a story or skip it.',
        'Product launches, sale countdowns and customer quotes are three ideas that always work.',
        'The 9:16 templates are built for exactly these, with proper Persian typography.',
      ],
    },
  ],
  [
    {
      title: 'رندر ابری چیست و چرا از سیستم خودتان سریع‌تر است؟',
      excerpt: 'رندر افترافکت روی کارت‌های گرافیک قدرتمند، بدون نصب و بدون معطلی سیستم شما.',
      keywords: ['رندر ابری', 'افترافکت', 'رندر سریع'],
      paragraphs: [
        'رندر یک پروژه افترافکت روی لپ‌تاپ معمولی ممکن است ساعت‌ها طول بکشد.',
        'در رندر ابری، فریم‌ها بین چند نود رندر تقسیم می‌شوند و هم‌زمان ساخته می‌شوند.',
        'نتیجه فایل نهایی است که چند دقیقه بعد در پنل شما آماده دانلود است.',
      ],
    },
    {
      title: 'What is cloud rendering, and why is it faster than your own machine?',
      excerpt: 'After Effects renders on powerful GPUs, with nothing to install and your computer left free.',
      keywords: ['cloud rendering', 'after effects', 'fast render'],
      paragraphs: [
        'Rendering an After Effects project on an ordinary laptop can take hours.',
        'In the cloud, frames are split across several render nodes and made in parallel.',
        'The result is a final file ready to download in your panel minutes later.',
      ],
    },
  ],
  [
    {
      title: 'بهترین فونت‌های فارسی برای ویدیوهای تبلیغاتی',
      excerpt: 'وزیرمتن، ایران‌سنس یا یکان بخ؟ راهنمای انتخاب فونت برای تیتر و زیرنویس.',
      keywords: ['فونت فارسی', 'وزیرمتن', 'تایپوگرافی'],
      paragraphs: [
        'فونت نامناسب، حروف جدا و اعداد لاتین خوانایی ویدیو را از بین می‌برد.',
        'برای تیتر، وزن‌های ضخیم وزیرمتن و یکان بخ در اندازه کوچک موبایل هم خوانا هستند.',
        'همه قالب‌های فلت‌رندر فونت را روی نودهای رندر نصب‌شده دارند و نیازی به نصب شما نیست.',
      ],
    },
    {
      title: 'The best Persian fonts for promo videos',
      excerpt: 'Vazirmatn, IRANSans or Yekan Bakh? Choosing a typeface for titles and captions.',
      keywords: ['persian fonts', 'vazirmatn', 'typography'],
      paragraphs: [
        'A poor font, broken letter joins and Latin digits ruin a video’s readability.',
        'For titles, the heavy weights of Vazirmatn and Yekan Bakh stay legible on small phone screens.',
        'Every template ships with its fonts installed on the render nodes: nothing to install on your side.',
      ],
    },
  ],
];

/** content.blog_categories: Persian blog sections (tutorials, video marketing, news…). */
export const blogCategoryFactory = defineFactory('content.blog_categories', {
  // The item and its round follow the row number; only the unique slug carries the seed's uid.
  defaults: ({ n, uid, past }) => {
    const { item, suffix } = cycled(BLOG_CATEGORIES, n);
    const created = past(720, 60);
    return {
      slug: slug(item[1], uid),
      name: suffix ? `${item[0]} ${suffix}` : item[0],
      name_en: suffix ? `${item[1]} ${suffix}` : item[1],
      sort_order: n,
      created_at: created,
      updated_at: created,
    };
  },
  traits: {
    deleted: ({ now }) => ({ deleted_at: now }),
  },
});

/**
 * content.blog_posts: a Persian post by the current user in the current blog category, linking the
 * current container. Published by default (published_at between created_at and now); Scheduled
 * posts wait for a scheduled_at in the future. Text, SEO fields and reading time follow the locale.
 */
export const blogPostFactory = defineFactory('content.blog_posts', {
  parents: ['content.blog_categories', 'identity.users', 'content.containers'],
  // The topic follows the row number (as finalize's copy does); only the slug carries the uid.
  defaults: ({ n, uid, parent, past }) => {
    const [, en] = cycled(TOPICS, n).item;
    return {
      category_id: parent('content.blog_categories').id,
      author_user_id: parent('identity.users').id,
      slug: slug(en.title, uid),
      locale: 'fa',
      cover_image_url: cdn(`blog/${slug(en.title, uid)}/cover.webp`),
      status: 'Published',
      is_ai_generated: false,
      related_container_ids: [parent('content.containers').id],
      metadata: { source: 'editor' },
      created_at: past(365, 3),
    };
  },
  finalize: (row, { n, rng, now }) => {
    const [fa, en] = cycled(TOPICS, n).item;
    const copy = row.locale === 'en' ? en : fa;
    const created = toDate(row.created_at, now);
    const live = row.status === 'Published' || row.status === 'Archived';
    // Editors publish within a week of starting a post.
    const published = live ? within(rng, created, 7, now) : null;
    const words = copy.paragraphs.join(' ').split(/\s+/).length;
    return {
      title: copy.title,
      excerpt: copy.excerpt,
      body_markdown: [`## ${copy.title}`, ...copy.paragraphs].join('\n\n'),
      body_html: `<h2>${copy.title}</h2>${copy.paragraphs.map((p) => `<p>${p}</p>`).join('')}`,
      reading_time_min: Math.max(1, Math.ceil(words / 200)),
      seo_title: `${copy.title} | فلت‌رندر`,
      seo_description: copy.excerpt,
      seo_keywords: [...copy.keywords],
      canonical_url: `${SITE}${row.locale === 'en' ? '/en' : ''}/blog/${row.slug}`,
      published_at: published,
      // A scheduled post is due within ten days of the reference time.
      scheduled_at:
        row.status === 'Scheduled' ? new Date(now.getTime() + rng.int(3_600, 10 * 86_400) * 1000) : null,
      view_count: live ? rng.int(40, 25_000) : 0,
      updated_at: latest(created, published ?? created),
    };
  },
  traits: {
    published: (_t) => ({ status: 'Published' }),
    draft: (_t) => ({ status: 'Draft' }),
    scheduled: (_t) => ({ status: 'Scheduled' }),
    archived: (_t) => ({ status: 'Archived' }),
    /** Written by the AI SEO generator: no author user, the generation recorded in metadata. */
    aiGenerated: ({ rng }) => ({
      is_ai_generated: true,
      author_user_id: null,
      metadata: {
        source: 'ai-seo',
        model: rng.pick(['gpt-4o-mini', 'claude-haiku']),
        reviewed: rng.bool(0.5),
      },
    }),
    persian: (_t) => ({ locale: 'fa' }),
    english: (_t) => ({ locale: 'en' }),
  },
});

/**
 * content.blog_post_tags: the current post tagged with the current tag; an already linked pair
 * gets a fresh tag (usage_count 1) instead, so repeated create() calls give a post several tags.
 */
export const blogPostTagFactory = defineFactory('content.blog_post_tags', {
  parents: ['content.blog_posts', 'content.tags'],
  defaults: ({ parent }) => ({
    post_id: parent('content.blog_posts').id,
    tag_id: parent('content.tags').id,
  }),
  beforeCreate: async (row, { db, create }) => {
    const { rowCount } = await db.query(
      'SELECT 1 FROM content.blog_post_tags WHERE post_id = $1 AND tag_id = $2',
      [row.post_id, row.tag_id],
    );
    if (!rowCount) return undefined;
    const tag = await create('content.tags', { usage_count: 1 });
    return { tag_id: tag.id };
  },
});

const SLIDES = [
  [
    'قالب‌های نوروز ۱۴۰۵ رسید',
    'تیزر، استوری و تبریک نوروزی در چند دقیقه',
    'مشاهده قالب‌ها',
    '/templates?tag=nowruz',
  ],
  ['رندر ابری، بدون افترافکت', 'ویدیوی حرفه‌ای را در مرورگر بسازید', 'شروع رایگان', '/signup'],
  ['۳۰٪ تخفیف پلن حرفه‌ای', 'فقط تا پایان ماه', 'خرید پلن', '/pricing'],
  ['استوری‌های عمودی جدید', 'مخصوص اینستاگرام و ریلز', 'دیدن همه', '/templates?aspect=9x16'],
] as const;

/** content.slides: a live home-page banner (started in the past, open-ended) with Persian copy. */
export const slideFactory = defineFactory('content.slides', {
  defaults: ({ n, past, after, now }) => {
    const [title, subtitle, button, link] = cycled(SLIDES, n).item;
    const created = past(120, 2);
    const starts = after(created, 0, 86_400);
    return {
      placement: 'Home',
      title,
      subtitle,
      image_url: cdn(`slides/${n}/desktop.webp`),
      mobile_image_url: cdn(`slides/${n}/mobile.webp`),
      link_url: link,
      button_text: button,
      sort_order: n,
      is_active: true,
      starts_at: starts < now ? starts : now,
      ends_at: null,
      created_at: created,
      updated_at: created,
    };
  },
  traits: {
    templates: (_t) => ({ placement: 'Templates' }),
    pricing: (_t) => ({ placement: 'Pricing' }),
    dashboard: (_t) => ({ placement: 'Dashboard' }),
    inactive: (_t) => ({ is_active: false }),
    /** A campaign that has not started yet (starts_at after the reference time). */
    scheduled: ({ now, rng }) => {
      const starts = new Date(now.getTime() + rng.int(1, 14) * 86_400_000);
      return { starts_at: starts, ends_at: new Date(starts.getTime() + 14 * 86_400_000) };
    },
    /** A campaign that is over. */
    expired: ({ now, rng }) => {
      const ends = new Date(now.getTime() - rng.int(1, 20) * 86_400_000);
      return {
        created_at: new Date(ends.getTime() - 40 * 86_400_000),
        starts_at: new Date(ends.getTime() - 30 * 86_400_000),
        ends_at: ends,
        updated_at: ends,
      };
    },
  },
});

const PAGES = [
  [
    'about',
    'درباره ما',
    'About us',
    'فلت‌رندر سرویس ساخت ویدیو با قالب‌های آماده و رندر ابری است.',
    'FlatRender makes videos from ready-made templates, rendered in the cloud.',
  ],
  [
    'terms',
    'قوانین و مقررات',
    'Terms of service',
    'استفاده از سرویس به معنی پذیرش این قوانین است.',
    'Using the service means accepting these terms.',
  ],
  [
    'privacy',
    'حریم خصوصی',
    'Privacy policy',
    'اطلاعات شما فقط برای ارائه سرویس نگهداری می‌شود.',
    'Your data is kept only to provide the service.',
  ],
  [
    'contact',
    'تماس با ما',
    'Contact us',
    'پشتیبانی از شنبه تا پنج‌شنبه، ساعت ۹ تا ۱۸ پاسخگوی شماست.',
    'Support answers Saturday to Thursday, 9:00 to 18:00 Tehran time.',
  ],
] as const;

/** content.pages: a static page (about, terms, privacy, contact), Persian and published by default. */
export const pageFactory = defineFactory('content.pages', {
  // The page follows the row number (as finalize's copy does); another seed's slugs carry its uid.
  defaults: ({ n, uid, past }) => {
    const { item, suffix } = cycled(PAGES, n);
    const created = past(720, 30);
    return {
      slug: uid !== n ? `${item[0]}-${uid}` : suffix ? `${item[0]}-${suffix}` : item[0],
      locale: 'fa',
      status: 'Published',
      created_at: created,
    };
  },
  finalize: (row, { n, rng, now }) => {
    const [, fa, en, bodyFa, bodyEn] = cycled(PAGES, n).item;
    const english = row.locale === 'en';
    const created = toDate(row.created_at, now);
    return {
      title: english ? en : fa,
      body_html: `<h1>${english ? en : fa}</h1><p>${english ? bodyEn : bodyFa}</p>`,
      seo_title: `${english ? en : fa} | ${english ? 'FlatRender' : 'فلت‌رندر'}`,
      seo_description: english ? bodyEn : bodyFa,
      updated_at: between(rng, created, now),
    };
  },
  traits: {
    published: (_t) => ({ status: 'Published' }),
    draft: (_t) => ({ status: 'Draft' }),
    archived: (_t) => ({ status: 'Archived' }),
    persian: (_t) => ({ locale: 'fa' }),
    english: (_t) => ({ locale: 'en' }),
  },
});

const FAQS = [
  [
    'pricing',
    'هزینه رندر هر ویدیو چقدر است؟',
    'به اندازه مدت ویدیو از ثانیه‌های رندر حساب شما کم می‌شود؛ جزئیات در صفحه تعرفه‌ها آمده است.',
    'How much does a render cost?',
    'Your render-seconds balance goes down by the video’s length; the pricing page has the details.',
  ],
  [
    'render',
    'رندر یک ویدیو چقدر طول می‌کشد؟',
    'بیشتر ویدیوهای کمتر از یک دقیقه در کمتر از پنج دقیقه آماده می‌شوند.',
    'How long does a render take?',
    'Most videos under a minute are ready in less than five minutes.',
  ],
  [
    'account',
    'چطور با شماره موبایل وارد شوم؟',
    'شماره موبایل را وارد کنید تا کد یک‌بارمصرف برایتان پیامک شود.',
    'How do I sign in with my mobile number?',
    'Enter your number and we text you a one-time code.',
  ],
  [
    'templates',
    'آیا می‌توانم فونت خودم را در قالب استفاده کنم؟',
    'بله، در پلن‌های حرفه‌ای می‌توانید فونت فارسی دلخواه را بارگذاری کنید.',
    'Can I use my own font in a template?',
    'Yes: on the professional plans you can upload any Persian font.',
  ],
] as const;

/** content.faqs: a Persian question and answer of one help group (pricing, render, account, templates). */
export const faqFactory = defineFactory('content.faqs', {
  defaults: ({ n, past }) => {
    const created = past(540, 10);
    return {
      group_key: cycled(FAQS, n).item[0],
      locale: 'fa',
      sort_order: n,
      is_active: true,
      created_at: created,
      updated_at: created,
    };
  },
  finalize: (row, { n }) => {
    const [, qFa, aFa, qEn, aEn] = FAQS.find(([group]) => group === row.group_key) ?? cycled(FAQS, n).item;
    return row.locale === 'en' ? { question: qEn, answer: aEn } : { question: qFa, answer: aFa };
  },
  traits: {
    persian: (_t) => ({ locale: 'fa' }),
    english: (_t) => ({ locale: 'en' }),
    inactive: (_t) => ({ is_active: false }),
  },
});
