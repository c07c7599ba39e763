import type { Factories } from '../factories/index.js';
import { CredentialBook } from './credentials.js';
import { defineScenario } from './scenario.js';

/**
 * The sales demo: the FlatRender tenant with its whole catalogue (categories, tags, fonts, templates
 * with scenes, colours, SVG previews, characters, presets, blog, pages, slides, FAQ) in Persian and
 * English, gamification (levels, quests, gifts earned and notified, referrals), and customers with
 * months of history in it, two resellers and an enterprise tenant.
 */
export const demoScenario = defineScenario({
  name: 'demo',
  description: 'Several tenants, the full Persian/English catalogue, months of history and gamification',
  fills: [
    'identity.tenants',
    'identity.users',
    'identity.levels',
    'identity.quests',
    'identity.gifts',
    'identity.earned_gifts',
    'identity.user_xp',
    'identity.xp_events',
    'identity.referrals',
    'content.categories',
    'content.tags',
    'content.fonts',
    'content.containers',
    'content.container_tags',
    'content.projects',
    'content.project_colors',
    'content.scenes',
    'content.scene_elements',
    'content.scene_colors',
    'content.template_svg_previews',
    'content.characters',
    'content.character_variants',
    'content.scene_character_slots',
    'content.color_presets',
    'content.blog_categories',
    'content.blog_posts',
    'content.blog_post_tags',
    'content.pages',
    'content.slides',
    'content.faqs',
    'render.render_jobs',
    'render.exports',
    'notification.notifications',
  ],
  async run(f, progress) {
    const book = new CredentialBook();
    const flatrender = await f.context.ensure('identity.tenants');
    const admin = await f.user.admin().create();
    book.login(flatrender, admin, 'FlatRender admin');

    progress('catalogue: categories, tags, fonts');
    await f.category.create();
    await f.category.subcategory().create();
    for (let i = 0; i < 6; i++) await f.tag.create();
    await f.font.create();
    await f.font.latin().create();

    progress('catalogue: templates with scenes, colours, previews, characters and presets');
    const containers = [];
    for (let i = 0; i < 4; i++) {
      const container =
        i === 0 ? await f.container.published().featured().create() : await f.container.published().create();
      containers.push(container);
      await template(f.use(container));
    }
    await f.container.premium().published().create();

    progress('blog, pages, slides and FAQ');
    await f.blogCategory.create();
    for (const post of [
      f.blogPost.published().persian(),
      f.blogPost.published().english(),
      f.blogPost.aiGenerated(),
    ]) {
      await post.create();
      await f.blogPostTag.create();
    }
    await f.page.published().persian().create();
    await f.page.published().english().create();
    await f.slide.create();
    await f.slide.pricing().create();
    await f.faq.persian().create();
    await f.faq.english().create();

    progress('gamification');
    for (let i = 0; i < 4; i++) await f.level.create();
    await f.gift.renderSeconds().create();
    await f.quest.withGift().create();
    await f.quest.daily().create();

    progress('customers with months of history');
    const customers = [];
    for (let i = 0; i < 4; i++) {
      const user = await f.user.create();
      customers.push(user);
      const u = f.use(user);
      await u.userXp.create();
      await u.xpEvent.renderCompleted().create();
      await u.userQuestProgress.completed().create();
      await u.earnedGift.notified().create();
      await u.payment.succeeded().create();
      await u.renderJob.completed().create();
      await u.renderJob.completed().create();
      if (i === 3) await u.renderJob.failed().create();
    }
    await f.use(customers[0]!).referral.rewarded().create();
    book.login(flatrender, customers[0]!, 'customer');

    progress('resellers and an enterprise tenant');
    const others = [
      await f.tenant.reseller().create(),
      await f.tenant.reseller().create(),
      await f.tenant.enterprise().create(),
    ];
    for (const tenant of others) {
      const t = f.forTenant(tenant);
      await t.tenantBranding.create();
      const owner = await t.user.admin().create();
      book.login(tenant, owner, `${tenant.kind} admin`);
      await t.container.published().create();
      await t.project.published().create();
      await t.user.create();
      await t.renderJob.completed().create();
      await t.renderJob.running().create();
    }

    return {
      handles: { flatrender, admin, containers, customers, tenants: others },
      credentials: book.toJSON(),
    };
  },
});

/** One catalogue template: three aspect variants, the first with scenes, colours and the rest. */
async function template(f: Factories): Promise<void> {
  await f.containerTag.create();
  const [first] = [
    await f.project.published().create(),
    await f.project.published().create(),
    await f.project.published().create(),
  ];
  const p = f.use(first!);
  for (let i = 0; i < 3; i++) await p.projectColor.create();
  for (let i = 0; i < 3; i++) {
    const scene = await p.scene.create();
    await p.use(scene).sceneElement.create();
    await p.use(scene).sceneElement.media().create();
    await p.use(scene).sceneColor.create();
  }
  await p.templateSvgPreview.ready().create();
  await p.character.create();
  await p.characterVariant.create();
  await p.sceneCharacterSlot.create();
  await p.colorPreset.create();
  await p.colorPreset.alternative().create();
}
