import { BUCKETS } from '../../domain/files.js';
import { hexColor, objectUrl } from '../../domain/realism.js';
import { defineFactory } from '../core/factory.js';
import { between, gain, num, toDate } from '../file-mgr/shared.js';

const HEADLINES = ['نوروزتان پیروز', 'حراج بزرگ پاییزه', 'افتتاحیه شعبه جدید', 'یلدا مبارک', 'محصول تازه ما'];
const SUBTITLES = [
  'تخفیف ویژه تا پایان اسفند',
  'ارسال رایگان به سراسر ایران',
  'همراه ما باشید',
  'فقط تا جمعه',
];

/** The AE layer prefix of a scene's elements: frl_c3 for scene key c3. */
function elementPrefix(sceneKey: string): string {
  return `frl_${sceneKey.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/**
 * studio.saved_project_scenes: one scene of the context's saved project, copied from the current
 * content scene when it belongs to the same project (scene_id, key and order), else a detached
 * key. `values` maps element keys (frl_c<scene>t<i> texts, frl_c<scene>m<i> media) to the user's input.
 */
export const savedProjectSceneFactory = defineFactory('studio.saved_project_scenes', {
  parents: ['studio.saved_projects', 'content.scenes'],
  defaults: ({ n, rng, parent, now }) => {
    const saved = parent('studio.saved_projects');
    const scene = parent('content.scenes');
    const linked = scene.project_id === saved.project_id;
    const key = linked ? scene.key : `c${n}`;
    const prefix = elementPrefix(key);
    const created = between(rng, toDate(saved.created_at, now), toDate(saved.updated_at, now));
    return {
      saved_project_id: saved.id,
      scene_id: linked ? scene.id : null,
      scene_key: key,
      sort_order: linked ? num(scene.sort_order, n) : n,
      values: {
        [`${prefix}t1`]: rng.pick(HEADLINES),
        [`${prefix}t2`]: rng.pick(SUBTITLES),
        [`${prefix}m1`]: objectUrl(BUCKETS.Upload, `${saved.tenant_id}/${saved.user_id}/${rng.hex(24)}.png`),
      },
      color_overrides: {},
      character_choices: {},
      duration_override_sec: null,
      created_at: created,
      updated_at: between(rng, created, toDate(saved.updated_at, now)),
    };
  },
  traits: {
    /** Colours, length and the narrator changed for this scene only. */
    customised: ({ rng }) => ({
      color_overrides: { primary: hexColor(rng), background: hexColor(rng) },
      character_choices: { narrator: rng.pick(['woman-hijab', 'man-suit', 'child']) },
      duration_override_sec: rng.pick([3, 4.5, 6, 8]),
    }),
  },
});

/**
 * studio.saved_project_sfx: a sound effect placed on the saved project's timeline. On create() the
 * clip comes from the tenant's Sfx library (one is added when it has none); `custom` uses an upload.
 */
export const savedProjectSfxFactory = defineFactory('studio.saved_project_sfx', {
  parents: ['studio.saved_projects'],
  defaults: ({ rng, parent, now }) => {
    const saved = parent('studio.saved_projects');
    const length = Math.max(1000, Math.round(num(saved.duration_sec, 30) * 1000));
    return {
      saved_project_id: saved.id,
      // audio_id left undefined: create() picks a clip of the library.
      custom_url: null,
      start_ms: rng.int(0, length - 500),
      gain: gain(rng, 0.5, 1),
      created_at: between(rng, toDate(saved.created_at, now), toDate(saved.updated_at, now)),
    };
  },
  beforeCreate: async (row, { db, create, rng }) => {
    if (row.audio_id !== undefined || row.custom_url) return undefined;
    const { rows } = await db.query<{ id: string; duration_ms: number }>(
      `SELECT a.id, a.duration_ms FROM studio.audio_library a
         JOIN studio.saved_projects p ON p.id = $1 AND p.tenant_id = a.tenant_id
        WHERE a.kind = 'Sfx' AND a.is_active AND a.deleted_at IS NULL ORDER BY a.sort_order, a.id`,
      [row.saved_project_id],
    );
    const clip = rows.length ? rng.pick(rows) : await create('studio.audio_library', { kind: 'Sfx' });
    return { audio_id: clip.id, duration_ms: row.duration_ms ?? clip.duration_ms };
  },
  traits: {
    /** The user's own upload instead of a library clip. */
    custom: ({ rng, parent }) => {
      const saved = parent('studio.saved_projects');
      return {
        audio_id: null,
        custom_url: objectUrl(BUCKETS.Upload, `${saved.tenant_id}/${saved.user_id}/${rng.hex(24)}.wav`),
        duration_ms: rng.int(300, 2500),
      };
    },
  },
});

/**
 * studio.saved_project_versions: a snapshot of the saved project's editor state. Versions count up
 * per project: on create() a version at or below the project's latest becomes the next one.
 */
export const savedProjectVersionFactory = defineFactory('studio.saved_project_versions', {
  parents: ['studio.saved_projects'],
  defaults: ({ rng, parent, now }) => {
    const saved = parent('studio.saved_projects');
    return {
      saved_project_id: saved.id,
      version: 1,
      data: {
        title: saved.title,
        quality: saved.quality ?? 'FullHd1080',
        colors: saved.colors ?? {},
        duration_sec: num(saved.duration_sec, 30),
        music_track_id: saved.music_track_id ?? null,
        editor: saved.data ?? {},
      },
      created_at: between(rng, toDate(saved.created_at, now), toDate(saved.updated_at, now)),
    };
  },
  beforeCreate: async (row, { db }) => {
    const { rows } = await db.query<{ last: number }>(
      'SELECT coalesce(max(version), 0)::int AS last FROM studio.saved_project_versions WHERE saved_project_id = $1',
      [row.saved_project_id],
    );
    const last = rows[0]?.last ?? 0;
    return num(row.version, 1) <= last ? { version: last + 1 } : undefined;
  },
});
