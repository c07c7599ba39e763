import { describe, expect } from 'vitest';
import { contentFactories } from '../../../src/factories/content/index.js';
import { createFactories, type Factories } from '../../../src/factories/index.js';
import type { Queryable } from '../../../src/sql/queryable.js';
import { verifyDatabase } from '../../../src/verify/verify-database.js';
import { createSeedTest } from '../../../src/vitest/index.js';

// Each test rolls back, so row numbers (slugs, keys) restart without clashing with another test's.
const test = createSeedTest({ transaction: true });

const NOW = '2026-06-01T00:00:00Z';
const now = new Date(NOW);
const open = (db: Queryable, seed = 11): Factories => createFactories(db, { seed, now: NOW });

type Name = keyof typeof contentFactories;
const names = Object.keys(contentFactories) as Name[];

interface AnyFactory {
  create(): Promise<Record<string, unknown>>;
  trait(name: string): AnyFactory;
}
const factory = (f: Factories, name: Name) => f[name] as unknown as AnyFactory;

describe('content factories', () => {
  test('every content factory creates a row with its defaults and with each of its traits', async ({
    db,
  }) => {
    const f = open(db);
    for (const name of names) {
      await expect(factory(f, name).create(), `f.${name}.create()`).resolves.toBeDefined();
      for (const trait of Object.keys(contentFactories[name].traits ?? {})) {
        const scoped = f.forTenant(await f.tenant.create());
        const row = await factory(scoped, name).trait(trait).create();
        expect(row, `f.${name}.${trait}().create()`).toBeDefined();
        if ('tenant_id' in row) expect(row.tenant_id).toBe(scoped.context.tenantId);
      }
    }
    // Soft references (authors, related containers, allowed characters) and tenants all check out.
    expect(await verifyDatabase(db)).toEqual([]);
    const { rows } = await db.query<{ bad: number }>(
      `SELECT count(*)::int AS bad FROM (
         SELECT created_at, updated_at FROM content.containers UNION ALL SELECT created_at, updated_at FROM content.projects
         UNION ALL SELECT created_at, updated_at FROM content.scenes UNION ALL SELECT created_at, updated_at FROM content.blog_posts
         UNION ALL SELECT created_at, updated_at FROM content.fonts UNION ALL SELECT created_at, updated_at FROM content.template_svg_previews
       ) t WHERE created_at > $1 OR updated_at > $1`,
      [now],
    );
    expect(rows[0]?.bad).toBe(0);
  });
});

describe('f.container and f.project', () => {
  test('a container gets its three aspect projects with their sizes and exactly one default', async ({
    db,
  }) => {
    const f = open(db);
    const container = await f.container.create();
    const projects = await f.project.createList(3);
    expect(projects.every((p) => p.container_id === container.id)).toBe(true);
    expect(projects.map((p) => [p.aspect_ratio, p.width, p.height])).toEqual([
      ['Wide16x9', 1920, 1080],
      ['Square1x1', 1080, 1080],
      ['Tall9x16', 1080, 1920],
    ]);
    expect(projects.map((p) => p.is_default)).toEqual([true, false, false]);
    for (const p of projects) {
      expect(p.aep_object_key).toBe(`templates/${p.id}/template.aep`);
      expect(p.aep_md5).toMatch(/^[0-9a-f]{32}$/);
      expect(p.name.startsWith(container.name)).toBe(true);
    }
  });

  test("a lone project in a new container becomes that container's default, whatever its aspect", async ({
    db,
  }) => {
    const f = open(db);
    await f.project.create();
    await f.container.create();
    const square = await f.project.create();
    expect(square.aspect_ratio).toBe('Square1x1');
    expect(square.is_default).toBe(true);
    expect((await f.project.portrait().create({ is_default: false })).is_default).toBe(false);
  });

  test('publication: drafts have no published_at or views; published rows were published before now', async ({
    db,
  }) => {
    const f = open(db);
    const draft = await f.container.draft().create();
    expect([draft.published_at, draft.view_count, draft.use_count]).toEqual([null, 0, 0]);
    const live = await f.container.premium().featured().create();
    expect(live.status).toBe('Published');
    expect([live.is_premium, live.is_featured, live.min_plan_code]).toEqual([true, true, 'pro']);
    expect(live.published_at!.getTime()).toBeLessThanOrEqual(now.getTime());
    expect(live.published_at!.getTime()).toBeGreaterThanOrEqual(live.created_at.getTime());
    expect(live.use_count).toBeLessThanOrEqual(live.view_count);
    // A project follows its container's publication.
    expect((await f.project.create()).status).toBe('Published');
    const remotion = await f.project.remotion().create();
    expect([remotion.aep_is_bundle, remotion.aep_object_key]).toEqual([
      true,
      `templates/${remotion.id}/bundle.zip`,
    ]);
  });

  test('container tags: repeated create() links the container to several distinct tags', async ({ db }) => {
    const f = open(db);
    const container = await f.container.create();
    const links = await f.containerTag.createList(3);
    expect(new Set(links.map((l) => l.container_id))).toEqual(new Set([container.id]));
    expect(new Set(links.map((l) => l.tag_id)).size).toBe(3);
  });
});

describe('f.scene and its children', () => {
  test('scene keys c<n> are unique within a project, soft-deleted scenes included', async ({ db }) => {
    const f = open(db);
    const project = await f.project.create();
    const scenes = [
      ...(await f.scene.createList(2)),
      await f.scene.deleted().create(),
      await f.scene.create(),
    ];
    expect(scenes.every((s) => s.project_id === project.id)).toBe(true);
    expect(scenes.map((s) => s.key)).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(scenes[2]!.deleted_at).not.toBeNull();
    for (const s of scenes) {
      expect(s.duration_frames).toBe(Math.round(Number(s.duration_sec) * Number(project.fps)));
      expect(s.comp_name).toBe(`scene_${s.key}`);
    }
  });

  test('scene elements follow frl_c<scene>t<i>/m<i>; Persian text is Rtl in the current font', async ({
    db,
  }) => {
    const f = open(db);
    const font = await f.font.create();
    const scene = await f.scene.create();
    const text = await f.sceneElement.create();
    expect(text.key).toMatch(new RegExp(`^frl_${scene.key}t\\d+$`));
    expect([text.element_type, text.direction, text.font_id, text.project_id]).toEqual([
      'Text',
      'Rtl',
      font.id,
      scene.project_id,
    ]);
    expect(text.default_text).toMatch(/[\u0600-\u06FF]/);
    const media = await f.sceneElement.media().create();
    expect(media.key).toMatch(new RegExp(`^frl_${scene.key}m\\d+$`));
    expect([media.font_id, media.default_text]).toEqual([null, null]);
    expect((await f.sceneElement.english().create()).direction).toBe('Ltr');
  });

  test('a scene colour is linked to the shared colour of its own project only', async ({ db }) => {
    const f = open(db);
    const color = await f.projectColor.create();
    await f.scene.create();
    const linked = await f.sceneColor.create();
    expect([linked.project_color_id, linked.default_hex]).toEqual([color.id, color.default_hex]);
    // A new project's scene must not point at the old project's colour.
    await f.project.create();
    await f.scene.create();
    expect((await f.sceneColor.create()).project_color_id).toBeNull();
  });

  test("character slots default to the scene's project's character, or stay open", async ({ db }) => {
    const f = open(db);
    await f.scene.create();
    const character = await f.character.create();
    const slot = await f.sceneCharacterSlot.create();
    expect([slot.default_character_id, slot.allowed_character_ids]).toEqual([character.id, [character.id]]);
    const variants = await f.characterVariant.createList(2);
    expect(variants.every((v) => v.character_id === character.id)).toBe(true);
    expect((await f.character.global().create()).project_id).toBeNull();
  });
});

describe('shared colours, presets and SVG previews', () => {
  test("presets and SVG previews name only keys of their project's shared colours", async ({ db }) => {
    const f = open(db);
    const color = await f.projectColor.create();
    const preview = await f.templateSvgPreview.create();
    expect(preview.project_id).toBe(color.project_id);
    expect(preview.color_map).toEqual({ [color.default_hex.toLowerCase()]: color.key });
    expect(preview.palette).toContain(color.default_hex.toLowerCase());
    expect(preview.generated_at).not.toBeNull();
    // The current colour belongs to the previous project: the new project gets that key too.
    const project = await f.project.create();
    const presets = await f.colorPreset.createList(2);
    const failed = await f.templateSvgPreview.failed().create();
    expect([failed.svg_url, failed.color_map, failed.error_message === null]).toEqual([null, {}, false]);
    expect(presets.map((p) => p.is_default)).toEqual([true, false]);
    const { rows } = await db.query<{ key: string }>(
      'SELECT key FROM content.project_colors WHERE project_id = $1',
      [project.id],
    );
    for (const preset of presets) {
      expect(preset.project_id).toBe(project.id);
      for (const key of Object.keys(preset.colors as object)) expect(rows.map((r) => r.key)).toContain(key);
    }
  });
});

describe('f.blogPost and the CMS', () => {
  test('a published post has published_at between created_at and now; others have none', async ({ db }) => {
    const f = open(db);
    const author = await f.user.create();
    const post = await f.blogPost.published().create();
    expect(post.author_user_id).toBe(author.id);
    expect(post.published_at!.getTime()).toBeLessThan(now.getTime());
    expect(post.published_at!.getTime()).toBeGreaterThanOrEqual(post.created_at.getTime());
    expect(post.updated_at.getTime()).toBeGreaterThanOrEqual(post.published_at!.getTime());
    expect(post.view_count).toBeGreaterThan(0);
    expect(post.locale).toBe('fa');
    expect(post.title).toMatch(/[\u0600-\u06FF]/);

    const draft = await f.blogPost.draft().create();
    expect([draft.published_at, draft.scheduled_at, draft.view_count]).toEqual([null, null, 0]);
    const scheduled = await f.blogPost.scheduled().create();
    expect(scheduled.published_at).toBeNull();
    expect(scheduled.scheduled_at!.getTime()).toBeGreaterThan(now.getTime());
  });

  test('English and AI-generated posts: same slug allowed per locale, AI posts have no author', async ({
    db,
  }) => {
    const f = open(db);
    const fa = await f.blogPost.create();
    const en = await f.blogPost.english().create({ slug: fa.slug });
    expect([en.locale, en.slug]).toEqual(['en', fa.slug]);
    expect(en.title).toMatch(/^[\x20-\x7E’]+$/);
    expect(en.canonical_url).toContain('/en/blog/');
    const ai = await f.blogPost.aiGenerated().create();
    expect([ai.is_ai_generated, ai.author_user_id]).toEqual([true, null]);
    const tags = await f.blogPostTag.createList(2);
    expect(new Set(tags.map((t) => t.tag_id)).size).toBe(2);
  });

  test('pages, FAQs and slides follow their locale and schedule', async ({ db }) => {
    // The default seed: slugs without the offset other seeds add to stay unique (BuildTools.uid).
    const f = open(db, 1);
    const pages = [await f.page.create(), await f.page.english().create()];
    expect(pages.map((p) => [p.slug, p.locale])).toEqual([
      ['about', 'fa'],
      ['terms', 'en'],
    ]);
    expect(pages[1]!.title).toBe('Terms of service');
    expect((await f.faq.english().create({ group_key: 'render' })).question).toBe(
      'How long does a render take?',
    );
    const expired = await f.slide.expired().create();
    expect(expired.ends_at!.getTime()).toBeLessThan(now.getTime());
    expect(expired.starts_at!.getTime()).toBeLessThan(expired.ends_at!.getTime());
    expect((await f.slide.scheduled().create()).starts_at!.getTime()).toBeGreaterThan(now.getTime());
  });
});
