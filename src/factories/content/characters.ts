import { hexColor } from '../../domain/realism.js';
import { defineFactory } from '../core/factory.js';
import { cdn, createdAfter, cycled, ensureProjectColorKeys, sceneNumber } from './helpers.js';

/** The cast of the Nowruz greeting templates (and their everyday siblings). */
const CHARACTERS = [
  ['haji_firuz', 'حاجی فیروز', 'Haji Firuz', 'Male'],
  ['amoo_nowruz', 'عمو نوروز', 'Amoo Nowruz', 'Male'],
  ['naneh_sarma', 'ننه سرما', 'Naneh Sarma', 'Female'],
  ['dokhtar', 'دختر جوان', 'Young woman', 'Female'],
  ['pesar', 'پسر جوان', 'Young man', 'Male'],
  ['robot', 'ربات فلت', 'Flat robot', 'Neutral'],
] as const;

const POSES = [
  ['wave', 'دست تکان دادن'],
  ['smile', 'لبخند'],
  ['point', 'اشاره'],
  ['dance', 'رقص'],
  ['talk', 'صحبت'],
] as const;

const SKIN_TONES = ['#F1C27D', '#E0AC69', '#C68642', '#8D5524'] as const;

const PRESETS = [
  ['نوروزی', 'Nowruz'],
  ['شب یلدا', 'Yalda Night'],
  ['پاییزی', 'Autumn'],
  ['پاستلی', 'Pastel'],
  ['نئون', 'Neon'],
  ['کلاسیک', 'Classic'],
] as const;

/**
 * content.characters: an animated character of the current project (Haji Firuz, Amoo Nowruz…);
 * `global` puts it in the tenant's shared library (project_id NULL). The key carries n: the
 * (tenant, project, key) key is unique even for soft-deleted rows.
 */
export const characterFactory = defineFactory('content.characters', {
  parents: ['content.projects'],
  defaults: ({ n, rng, parent, now }) => {
    const project = parent('content.projects');
    const [base, name, nameEn, gender] = cycled(CHARACTERS, n).item;
    const created = createdAfter(rng, project.created_at, now);
    return {
      project_id: project.id,
      key: `${base}_${n}`,
      name,
      name_en: nameEn,
      gender,
      ae_layer_name: `frl_ch_${base}`,
      thumbnail_url: cdn(`characters/${base}.webp`),
      options: {
        skin_tones: [...SKIN_TONES],
        outfits: ['red', 'green', 'blue'],
        hair: gender === 'Neutral' ? [] : ['short', 'long', 'curly'],
      },
      sort_order: n,
      metadata: { rig: 'duik-bassel', frames_per_pose: rng.int(24, 72) },
      created_at: created,
      updated_at: created,
    };
  },
  traits: {
    /** In the tenant's shared library, usable by any project. */
    global: (_t) => ({ project_id: null }),
    inactive: (_t) => ({ is_active: false }),
    deleted: ({ now }) => ({ deleted_at: now }),
  },
});

/** content.character_variants: a pose/outfit preset of the current character ('wave_3'). */
export const characterVariantFactory = defineFactory('content.character_variants', {
  parents: ['content.characters'],
  defaults: ({ n, rng, parent, now }) => {
    const character = parent('content.characters');
    const [pose, label] = cycled(POSES, n).item;
    const created = createdAfter(rng, character.created_at, now);
    return {
      character_id: character.id,
      key: `${pose}_${n}`,
      name: `${character.name} — ${label}`,
      thumbnail_url: cdn(`characters/variants/${pose}_${n}.webp`),
      values: { pose, outfit_color: hexColor(rng), skin_tone: rng.pick(SKIN_TONES) },
      sort_order: n,
      created_at: created,
      updated_at: created,
    };
  },
});

/**
 * content.scene_character_slots: a character slot (AE layer group frl_c<scene>ch<n>) of the current
 * scene, defaulting to the current character and allowing it, when that character is in the
 * scene's project or the shared library; otherwise the slot is open (no default, any character).
 */
export const sceneCharacterSlotFactory = defineFactory('content.scene_character_slots', {
  parents: ['content.scenes', 'content.characters'],
  defaults: ({ n, parent }) => {
    const scene = parent('content.scenes');
    const character = parent('content.characters');
    const usable = character.project_id === null || character.project_id === scene.project_id;
    return {
      scene_id: scene.id,
      slot_key: `frl_c${sceneNumber(scene.key)}ch${n}`,
      label: 'شخصیت اصلی',
      default_character_id: usable ? character.id : null,
      allowed_character_ids: usable ? [character.id] : [],
      sort_order: n,
    };
  },
  traits: {
    /** Any active character may fill it; none is preselected. */
    open: (_t) => ({ default_character_id: null, allowed_character_ids: [] }),
  },
});

/**
 * content.color_presets: a named palette of the current project, {project_colors.key: hex} over
 * the current shared colour. On create, keys the project lacks become shared colours of it, and
 * (unless told) the project's first live preset is its default.
 */
export const colorPresetFactory = defineFactory('content.color_presets', {
  parents: ['content.projects', 'content.project_colors'],
  defaults: ({ n, rng, parent, now }) => {
    const project = parent('content.projects');
    const color = parent('content.project_colors');
    const { item, suffix } = cycled(PRESETS, n);
    const created = createdAfter(rng, project.created_at, now);
    return {
      project_id: project.id,
      name: suffix ? `${item[0]} ${suffix}` : item[0],
      name_en: suffix ? `${item[1]} ${suffix}` : item[1],
      colors: { [color.key]: hexColor(rng) },
      thumbnail_url: cdn(`templates/${project.id}/presets/${n}.webp`),
      sort_order: n,
      created_at: created,
      updated_at: created,
    };
  },
  beforeCreate: async (row, tools) => {
    await ensureProjectColorKeys(
      tools,
      row.project_id as string,
      (row.colors ?? {}) as Record<string, string>,
    );
    if (row.is_default !== undefined || row.deleted_at) return undefined;
    const { rowCount } = await tools.db.query(
      'SELECT 1 FROM content.color_presets WHERE project_id = $1 AND is_default AND deleted_at IS NULL',
      [row.project_id],
    );
    return { is_default: !rowCount };
  },
  traits: {
    /** Explicitly not the default (the first preset of a project otherwise becomes it). */
    alternative: (_t) => ({ is_default: false }),
    deleted: ({ now }) => ({ deleted_at: now, is_default: false }),
  },
});
