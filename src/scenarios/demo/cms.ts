import { DAY } from '../../domain/calendar.js';
import type { RowOf } from '../../schema/table-meta.js';
import type { Timeline } from './timeline.js';
import { type DemoTenant, makeCurrent } from './world.js';

/**
 * FlatRender's site content in Persian and English: blog sections and posts (each linking the
 * templates it is about, one written by the AI SEO generator awaiting review, one scheduled), the
 * static pages, home-page slides (the Nowruz campaign's over, Yalda's is scheduled) and the FAQ.
 */
export async function makeSiteContent(
  fr: DemoTenant,
  editor: RowOf<'identity.users'>,
  time: Timeline,
): Promise<void> {
  const f = fr.f;
  const rng = time.rng('cms');
  const catalogue = fr.catalogue;
  const nowruz = catalogue.find((t) => t.occasion === 'nowruz')!.container;
  const story = catalogue.find((t) => t.container.name_en === 'Instagram Story')!.container;
  const founded = time.now - 400 * DAY;
  const sections: RowOf<'content.blog_categories'>[] = [];
  for (let i = 0; i < 4; i++) {
    sections.push(
      await f.blogCategory.create({ created_at: new Date(founded), updated_at: new Date(founded) }),
    );
  }
  // Topics in order: a Nowruz teaser how-to, Instagram stories, cloud rendering, Persian fonts.
  const related = [nowruz, story, catalogue[0]!.container, catalogue[2]!.container];
  const sectionOf = [sections[3]!, sections[1]!, sections[2]!, sections[0]!];
  const tags = await f.tag.create({ name: 'آموزش', name_en: 'Tutorial', slug: 'tutorial', usage_count: 6 });
  for (let topic = 0; topic < 4; topic++) {
    for (const locale of ['persian', 'english'] as const) {
      const written = time.now - rng.int(30, 330) * DAY;
      await makeCurrent(fr, editor, sectionOf[topic]!, related[topic]!)
        .blogPost.published()
        .trait(locale)
        .create({ created_at: new Date(written), related_container_ids: [related[topic]!.id] });
      await makeCurrent(fr, tags).blogPostTag.create();
    }
  }
  await makeCurrent(fr, sections[1]!, story)
    .blogPost.aiGenerated()
    .draft()
    .create({
      created_at: new Date(time.now - 2 * DAY),
    });
  await makeCurrent(fr, editor, sections[3]!, catalogue.find((t) => t.occasion === 'yalda')!.container)
    .blogPost.scheduled()
    .create({ created_at: new Date(time.now - 5 * DAY) });

  for (const locale of ['persian', 'english'] as const) {
    for (const slug of ['about', 'terms', 'privacy', 'contact']) {
      await f.page
        .published()
        .trait(locale)
        .create({ slug, created_at: new Date(founded + rng.int(0, 60) * DAY) });
    }
  }

  const runUps = time.runUps();
  const lastNowruz = runUps.filter((r) => r.occasion === 'nowruz').at(-1);
  await f.slide.create({
    // The Nowruz campaign banner: up during the run-up, down since.
    ...(lastNowruz
      ? {
          created_at: new Date(lastNowruz.from - 3 * DAY),
          starts_at: new Date(lastNowruz.from),
          ends_at: new Date(lastNowruz.to),
          updated_at: new Date(lastNowruz.to),
          is_active: lastNowruz.to > time.now,
        }
      : {}),
  });
  await f.slide.create();
  await f.slide.pricing().create();
  await f.slide.templates().create();
  await f.slide.scheduled().create({
    title: 'قالب‌های شب یلدا آماده‌اند',
    subtitle: 'تبریک و حراج یلدایی را همین امروز بسازید',
    button_text: 'قالب‌های یلدا',
    link_url: '/templates?tag=yalda',
  });

  for (const locale of ['persian', 'english'] as const) {
    for (let i = 0; i < 4; i++) await f.faq.trait(locale).create({ sort_order: i + 1 });
  }
}
