import { BUCKETS } from '../../domain/files.js';
import type { Random } from '../../domain/random.js';
import { hexColor, objectUrl } from '../../domain/realism.js';
import type { StudioSavedProjectStatus, StudioVoiceoverSource } from '../../schema/generated/tables.js';
import { defineFactory } from '../core/factory.js';
import { addSeconds, between, daysBefore, gain, latest, num, toDate } from '../file-mgr/shared.js';

const TITLES = [
  'تیزر تبلیغاتی نوروز',
  'معرفی محصول جدید',
  'اینترو کانال یوتیوب',
  'تبریک شب یلدا',
  'استوری فروش ویژه',
  'لوگو موشن شرکت',
  'دعوت‌نامه جشن',
  'تیزر افتتاحیه فروشگاه',
];

/** File extension and mime type of each voiceover source (browser recordings are AAC in MP4). */
const VOICEOVER_FORMATS: Record<StudioVoiceoverSource, readonly [string, string]> = {
  Upload: ['mp3', 'audio/mpeg'],
  Recording: ['m4a', 'audio/mp4'],
  Tts: ['mp3', 'audio/mpeg'],
};

export interface SavedProjectTransient {
  /** create(): store the voiceover (withVoiceover) as a file_mgr file and reference it. Default false. */
  readonly voiceoverFile?: boolean;
}

/** A voiceover that fits the video: it starts at the offset and ends before the video does. */
function voiceoverOf(rng: Random, tenantId: string, durationSec: number) {
  const source = rng.weighted<StudioVoiceoverSource>([
    ['Recording', 50],
    ['Upload', 30],
    ['Tts', 20],
  ]);
  const total = Math.round(durationSec * 1000);
  const offset = rng.pick([0, 0, 500, 1000, 1500]);
  const [ext] = VOICEOVER_FORMATS[source];
  return {
    voiceover_url: objectUrl(BUCKETS.Voiceover, `${tenantId}/${rng.hex(24)}.${ext}`),
    voiceover_file_id: null,
    voiceover_source: source,
    voiceover_duration_ms: Math.max(1000, rng.int(Math.floor((total - offset) * 0.6), total - offset)),
    voiceover_offset_ms: offset,
    voiceover_ducking: rng.bool(0.85),
  };
}

const NO_VOICEOVER = {
  voiceover_url: null,
  voiceover_file_id: null,
  voiceover_source: null,
  voiceover_duration_ms: null,
  voiceover_offset_ms: 0,
};

/** Renders each status implies: a queued or rendered project went to the farm at least once. */
function rendersFor(rng: Random, status: StudioSavedProjectStatus): number {
  if (status === 'Draft') return 0;
  if (status === 'Archived') return rng.int(0, 5);
  return rng.int(1, 4);
}

/**
 * studio.saved_projects: the context's user's edit of the current content project (its aspect
 * variant; container_id is the project's container). Music comes from the tenant's library
 * (picked, or added, on create()), a custom upload, or none; about a quarter have a voiceover.
 * Volumes are linear gains in 0..1; the music is ducked under a voiceover.
 * last_render_job_id stays NULL: render jobs are made after their saved project (no UPDATE).
 */
export const savedProjectFactory = defineFactory('studio.saved_projects', {
  parents: ['identity.users', 'content.projects'],
  transient: {} as SavedProjectTransient,
  defaults: ({ rng, parent, now, tenantId, overrides }) => {
    const user = parent('identity.users');
    const project = parent('content.projects');
    const status =
      overrides.status ??
      rng.weighted<StudioSavedProjectStatus>([
        ['Draft', 45],
        ['Queued', 10],
        ['Rendered', 35],
        ['Archived', 10],
      ]);
    const duration = num(project.duration_sec) || rng.pick([15, 20, 30, 45]);
    const music = rng.weighted([
      ['library', 60],
      ['custom', 20],
      ['none', 20],
    ] as const);
    const from = latest(toDate(user.created_at, now), toDate(project.created_at, now), daysBefore(now, 180));
    return {
      user_id: user.id,
      project_id: project.id,
      container_id: project.container_id ?? null,
      title: rng.pick(TITLES),
      status,
      quality: rng.weighted([
        ['FullHd1080', 60],
        ['Hd720', 25],
        ['Uhd2160', 10],
        ['Sd480', 5],
      ] as const),
      data: {
        editor_version: '2.4.1',
        aspect_ratio: project.aspect_ratio ?? 'Wide16x9',
        last_step: rng.pick(['scenes', 'texts', 'music', 'export']),
        autosave: true,
      },
      colors: { primary: hexColor(rng), secondary: hexColor(rng), background: hexColor(rng) },
      duration_sec: duration,
      // 'library': left undefined for create() to pick a track of the tenant's library.
      ...(music === 'library' ? { music_url: null } : {}),
      ...(music === 'custom'
        ? {
            music_track_id: null,
            music_url: objectUrl(BUCKETS.Upload, `${tenantId}/${user.id}/${rng.hex(24)}.mp3`),
          }
        : {}),
      ...(music === 'none' ? { music_track_id: null, music_url: null } : {}),
      music_start_ms: music === 'none' ? 0 : rng.pick([0, 0, 0, rng.int(1, 30) * 1000]),
      ...(rng.bool(0.25) ? voiceoverOf(rng, tenantId, duration) : NO_VOICEOVER),
      version: rng.int(1, 40),
      metadata: { client: rng.pick(['web', 'web', 'android', 'ios']), locale: 'fa' },
      created_at: between(rng, from, addSeconds(now, -7200)),
    };
  },
  finalize: (row, { rng, now }) => {
    const created = toDate(row.created_at, now);
    const status = row.status ?? 'Draft';
    const renders = rendersFor(rng, status);
    const voiced = Boolean(row.voiceover_url || row.voiceover_file_id);
    return {
      // Music sits under a voice: lower when ducking is off, since the mixer will not lower it.
      music_volume: voiced
        ? gain(rng, row.voiceover_ducking === false ? 0.2 : 0.4, 0.6)
        : gain(rng, 0.6, 0.9),
      sfx_volume: gain(rng, 0.6, 1),
      voiceover_volume: voiced ? gain(rng, 0.85, 1) : 1,
      render_count: renders,
      thumbnail_url: renders > 0 ? `https://cdn.flatrender.ir/studio/${row.id}/thumbnail.webp` : null,
      updated_at: row.deleted_at ? toDate(row.deleted_at, now) : between(rng, created, now),
    };
  },
  beforeCreate: async (row, { db, create, rng, transient }) => {
    const out: { music_track_id?: string; voiceover_file_id?: string; voiceover_url?: string } = {};
    if (row.music_track_id === undefined && !row.music_url) {
      const { rows } = await db.query<{ id: string }>(
        `SELECT id FROM studio.audio_library
          WHERE tenant_id = $1 AND kind = 'Music' AND is_active AND deleted_at IS NULL ORDER BY sort_order, id`,
        [row.tenant_id],
      );
      out.music_track_id = rows.length
        ? rng.pick(rows).id
        : (await create('studio.audio_library', { kind: 'Music' })).id;
    }
    if (transient.voiceoverFile && row.voiceover_url && !row.voiceover_file_id) {
      const source = row.voiceover_source ?? 'Recording';
      const [ext, mime] = VOICEOVER_FORMATS[source];
      const file = await create('file_mgr.files', {
        user_id: row.user_id,
        kind: 'Audio',
        mime_type: mime,
        original_name: `صدای گوینده.${ext}`,
        source: 'Voiceover',
        status: 'Active',
        ...(row.voiceover_duration_ms ? { duration_ms: row.voiceover_duration_ms } : {}),
        ...(row.updated_at ? { created_at: row.updated_at } : {}),
      });
      out.voiceover_file_id = file.id;
      out.voiceover_url = objectUrl(file.bucket, file.object_key);
    }
    return out;
  },
  traits: {
    draft: (_t) => ({ status: 'Draft' }),
    queued: (_t) => ({ status: 'Queued' }),
    rendered: (_t) => ({ status: 'Rendered' }),
    archived: (_t) => ({ status: 'Archived' }),
    /** A voiceover (URL, source, duration, offset) that fits the project's length. */
    withVoiceover: ({ rng, tenantId, parent }) =>
      voiceoverOf(rng, tenantId, num(parent('content.projects').duration_sec) || 30),
    /** A track of the tenant's library: left undefined here so that create() picks (or adds) one. */
    withMusic: (_t) => ({ music_track_id: undefined, music_url: null }),
    withoutMusic: (_t) => ({ music_track_id: null, music_url: null, music_start_ms: 0 }),
    /** Deleted by the user (soft): gone from the studio list, kept for the render history. */
    deleted: ({ now }) => ({ deleted_at: now }),
  },
});
