import { hexColor } from '../../domain/realism.js';
import { defineFactory } from '../core/factory.js';
import { cdn, createdAfter, cycled, sceneNumber } from './helpers.js';

const SCENES = [
  ['شروع', 'Opening'],
  ['معرفی', 'Introduction'],
  ['ویژگی‌ها', 'Features'],
  ['پیشنهاد ویژه', 'Special Offer'],
  ['پایان و لوگو', 'Outro & Logo'],
] as const;

const TEXTS = [
  ['عنوان اصلی', 'Headline', 'نوروزتان پیروز', 'Happy Nowruz'],
  ['زیرعنوان', 'Subtitle', 'تخفیف ویژه تا پایان اسفند', 'Special discount until March 20'],
  ['نام برند', 'Brand name', 'فروشگاه آفتاب', 'Aftab Store'],
  ['شماره تماس', 'Phone', '۰۲۱-۸۸۷۷۶۶۵۵', '+98 21 8877 6655'],
  ['آدرس سایت', 'Website', 'www.aftab.example', 'www.aftab.example'],
] as const;

/**
 * content.scenes: scene c<n> of the current project (key, comp name and sort order from n, so
 * keys never repeat in a run: UNIQUE (project_id, key) holds even for soft-deleted scenes).
 * duration_frames follows the project's fps.
 */
export const sceneFactory = defineFactory('content.scenes', {
  parents: ['content.projects'],
  defaults: ({ n, rng, parent, now }) => {
    const project = parent('content.projects');
    const { item } = cycled(SCENES, n);
    return {
      project_id: project.id,
      key: `c${n}`,
      name: item[0],
      name_en: item[1],
      sort_order: n,
      duration_sec: rng.pick([3, 4, 4.5, 5, 6, 8]),
      is_required: false,
      is_selected_by_default: true,
      config: { scanned_by: 'quick-scan', layers: { text: rng.int(1, 3), media: rng.int(0, 2) } },
      created_at: createdAfter(rng, project.created_at, now),
    };
  },
  finalize: (row, { parent }) => {
    const project = parent('content.projects');
    const base = `templates/${row.project_id}/scenes/${row.key}`;
    return {
      comp_name: `scene_${row.key}`,
      duration_frames: Math.round(Number(row.duration_sec) * Number(project.fps ?? 30)),
      image_url: cdn(`${base}.webp`),
      preview_video_url: cdn(`${base}.mp4`),
      updated_at: row.deleted_at ?? row.created_at,
    };
  },
  traits: {
    /** A Flexible template's scene the user cannot drop. */
    required: (_t) => ({ is_required: true, is_selected_by_default: true }),
    /** Offered but unticked in the studio until the user adds it. */
    optional: (_t) => ({ is_required: false, is_selected_by_default: false }),
    /** With the post-14 snapshot render-svc writes. */
    withSnapshot: ({ n }) => ({ snapshot_url: cdn(`snapshots/scenes/c${n}.webp`) }),
    /** Soft-deleted by a re-import; its key stays taken (a later import revives the row). */
    deleted: ({ now }) => ({ deleted_at: now }),
  },
});

/**
 * content.scene_elements: an editable layer of the current scene. Keys follow the AE layer names
 * frl_c<scene>t<i> (text) and frl_c<scene>m<i> (media, logo) with i = n; Persian text is Rtl and
 * uses the current font; project_id is the scene's.
 */
export const sceneElementFactory = defineFactory('content.scene_elements', {
  parents: ['content.scenes', 'content.fonts'],
  defaults: ({ n, rng, parent, now }) => {
    const scene = parent('content.scenes');
    return {
      scene_id: scene.id,
      project_id: scene.project_id,
      element_type: 'Text',
      direction: 'Rtl',
      is_required: false,
      sort_order: n,
      created_at: createdAfter(rng, scene.created_at, now),
    };
  },
  finalize: (row, { n, parent }) => {
    const scene = parent('content.scenes');
    const prefix = `frl_c${sceneNumber(scene.key)}`;
    const common = { updated_at: row.created_at };
    if (row.element_type === 'Text') {
      const [label, labelEn, fa, en] = cycled(TEXTS, n).item;
      const multiline = row.is_multiline === true;
      return {
        ...common,
        key: `${prefix}t${n}`,
        label,
        label_en: labelEn,
        default_text: row.direction === 'Ltr' ? en : fa,
        max_length: multiline ? 200 : 40,
        font_id: parent('content.fonts').id,
        default_media_url: null,
        media_constraints: {},
      };
    }
    const logo = row.element_type === 'Logo';
    return {
      ...common,
      key: `${prefix}${row.element_type === 'Media' || logo ? 'm' : 'x'}${n}`,
      label: logo ? 'لوگو' : 'تصویر یا ویدیو',
      label_en: logo ? 'Logo' : 'Image or video',
      default_text: null,
      max_length: null,
      font_id: null,
      direction: 'Auto',
      default_media_url: cdn(`placeholders/${logo ? 'logo.png' : 'media.jpg'}`),
      media_constraints: logo
        ? { aspect: 'free', min_width: 256, allow_video: false, formats: ['png', 'svg'] }
        : {
            aspect: '16:9',
            min_width: 1280,
            allow_video: true,
            max_duration_sec: Number(scene.duration_sec),
          },
    };
  },
  traits: {
    media: (_t) => ({ element_type: 'Media' }),
    logo: (_t) => ({ element_type: 'Logo', is_required: true }),
    /** A Latin line (a website, an English slogan) laid out left to right. */
    english: (_t) => ({ element_type: 'Text', direction: 'Ltr' }),
    multiline: (_t) => ({ element_type: 'Text', is_multiline: true }),
    required: (_t) => ({ is_required: true }),
  },
});

/**
 * content.scene_colors: a colour control of the current scene, linked to the current shared
 * project colour (same hex and label) when both belong to the same project. Key frl_c<scene>k<n>.
 */
export const sceneColorFactory = defineFactory('content.scene_colors', {
  parents: ['content.scenes', 'content.project_colors'],
  defaults: ({ n, rng, parent, now }) => {
    const scene = parent('content.scenes');
    const color = parent('content.project_colors');
    const linked = color.project_id === scene.project_id;
    return {
      scene_id: scene.id,
      key: `frl_c${sceneNumber(scene.key)}k${n}`,
      label: linked ? color.label : 'رنگ اختصاصی صحنه',
      default_hex: linked ? color.default_hex : hexColor(rng),
      project_color_id: linked ? color.id : null,
      sort_order: n,
      created_at: createdAfter(rng, scene.created_at, now),
    };
  },
  finalize: (row) => ({ updated_at: row.created_at }),
  traits: {
    /** A scene-only colour that the shared colours do not drive. */
    unlinked: ({ rng }) => ({
      project_color_id: null,
      label: 'رنگ اختصاصی صحنه',
      default_hex: hexColor(rng),
    }),
  },
});
