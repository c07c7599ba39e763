import { digest, objectUrl, slug } from '../../domain/realism.js';
import type { StudioAudioKind } from '../../schema/generated/tables.js';
import { defineFactory } from '../core/factory.js';
import { between, daysBefore, toDate } from '../file-mgr/shared.js';

/** [Persian title, English title, genre, moods] of stock tracks, per kind. */
const TRACKS: Record<
  StudioAudioKind,
  readonly (readonly [string, string, string | null, readonly string[]])[]
> = {
  Music: [
    ['نسیم بهاری', 'Spring Breeze', 'Acoustic', ['happy', 'calm']],
    ['ضرب‌آهنگ شاد', 'Upbeat Pulse', 'Pop', ['upbeat', 'energetic']],
    ['شروعی تازه', 'Fresh Start', 'Corporate', ['inspiring', 'corporate']],
    ['حماسه', 'Epic Rise', 'Cinematic', ['epic', 'dramatic']],
    ['پیانوی آرام', 'Soft Piano', 'Ambient', ['calm', 'emotional']],
    ['نوای سه‌تار', 'Setar Melody', 'Persian Traditional', ['traditional', 'calm']],
  ],
  Sfx: [
    ['ووش', 'Whoosh', null, ['transition']],
    ['کلیک', 'Click', null, ['ui']],
    ['زنگ موفقیت', 'Success Chime', null, ['notification']],
    ['تشویق جمعیت', 'Crowd Applause', null, ['crowd']],
    ['ضربه', 'Impact Hit', null, ['impact']],
  ],
  Voiceover: [
    ['نمونه صدای گوینده مرد', 'Male Narrator Sample', null, ['narration']],
    ['نمونه صدای گوینده زن', 'Female Narrator Sample', null, ['narration']],
  ],
};

/** Duration ranges (ms) per kind: songs, short effects, narration samples. */
const DURATIONS: Record<StudioAudioKind, readonly [number, number]> = {
  Music: [60_000, 240_000],
  Sfx: [200, 3_000],
  Voiceover: [8_000, 40_000],
};

/**
 * studio.audio_library: a stock music track of the tenant's library by default (`sfx` and
 * `voiceover` for the other kinds), with a waveform preview and an MD5 of its file.
 */
export const audioLibraryFactory = defineFactory('studio.audio_library', {
  defaults: ({ n, rng, fa, now, overrides }) => {
    const kind = overrides.kind ?? 'Music';
    const [title, titleEn, genre, moods] = rng.pick(TRACKS[kind]);
    const [min, max] = DURATIONS[kind];
    return {
      kind,
      title,
      title_en: titleEn,
      artist: kind === 'Music' ? `${fa.person.firstName()} ${fa.person.lastName()}` : null,
      file_url: objectUrl('audio-library', `${kind.toLowerCase()}/${slug(titleEn, n)}.mp3`),
      file_md5: digest(rng, 32),
      duration_ms: rng.int(min, max),
      bpm: kind === 'Music' ? rng.int(70, 140) : null,
      moods: [...moods],
      genre,
      // 64 peaks in 0..1, what the editor draws under the timeline.
      waveform: { peaks: Array.from({ length: 64 }, () => Math.round(rng.next() * 100) / 100) },
      is_premium: rng.bool(0.2),
      is_active: true,
      sort_order: n,
      created_at: between(rng, daysBefore(now, 400), daysBefore(now, 1)),
    };
  },
  finalize: (row, { rng, now }) => {
    const created = toDate(row.created_at, now);
    const deleted = row.deleted_at ? toDate(row.deleted_at, now) : null;
    return { updated_at: deleted ?? between(rng, created, now) };
  },
  traits: {
    sfx: (_t) => ({ kind: 'Sfx' }),
    voiceover: (_t) => ({ kind: 'Voiceover' }),
    premium: (_t) => ({ is_premium: true }),
    /** Hidden from the editor's picker (licence ended). */
    inactive: (_t) => ({ is_active: false }),
    deleted: ({ now }) => ({ is_active: false, deleted_at: now }),
  },
});
