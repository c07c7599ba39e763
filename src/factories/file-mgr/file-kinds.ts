import type { Random } from '../../domain/random.js';
import type { FileMgrFileKind } from '../../schema/generated/tables.js';
import { MIB } from './shared.js';

interface KindSpec {
  /** [mime type, extension] pairs the kind comes in. */
  readonly formats: readonly (readonly [string, string])[];
  /** Persian base names users give such files. */
  readonly names: readonly string[];
  /** Size range in bytes. */
  readonly size: readonly [number, number];
  /** Pixel sizes (images, videos). */
  readonly frames?: readonly (readonly [number, number])[];
  /** Duration range in ms (videos, audio). */
  readonly durationMs?: readonly [number, number];
}

const FULL_HD = [1920, 1080] as const;
const SQUARE = [1080, 1080] as const;
const STORY = [1080, 1920] as const;

/** What each file kind looks like: mime types, names, sizes and media dimensions that belong together. */
export const FILE_KINDS: Record<FileMgrFileKind, KindSpec> = {
  Image: {
    formats: [
      ['image/png', 'png'],
      ['image/jpeg', 'jpg'],
      ['image/webp', 'webp'],
      ['image/svg+xml', 'svg'],
    ],
    names: ['لوگو شرکت', 'عکس محصول', 'بنر فروش ویژه', 'پس‌زمینه', 'عکس پرسنلی'],
    size: [40_000, 6 * MIB],
    frames: [FULL_HD, SQUARE, STORY, [1200, 630], [512, 512]],
  },
  Video: {
    formats: [
      ['video/mp4', 'mp4'],
      ['video/quicktime', 'mov'],
      ['video/webm', 'webm'],
    ],
    names: ['تیزر نوروز', 'ویدیوی معرفی محصول', 'فیلم افتتاحیه', 'استوری اینستاگرام', 'اینترو کانال'],
    size: [4 * MIB, 900 * MIB],
    frames: [FULL_HD, SQUARE, STORY, [1280, 720], [3840, 2160]],
    durationMs: [5_000, 180_000],
  },
  Audio: {
    formats: [
      ['audio/mpeg', 'mp3'],
      ['audio/mp4', 'm4a'],
      ['audio/wav', 'wav'],
    ],
    names: ['صدای گوینده', 'موسیقی پس‌زمینه', 'جینگل تبلیغاتی', 'افکت صوتی'],
    size: [200_000, 25 * MIB],
    durationMs: [2_000, 240_000],
  },
  Font: {
    formats: [
      ['font/ttf', 'ttf'],
      ['font/woff2', 'woff2'],
      ['font/otf', 'otf'],
    ],
    names: ['Vazirmatn-Bold', 'IRANSans-Medium', 'Shabnam', 'فونت سازمانی'],
    size: [40_000, 2 * MIB],
  },
  Aep: {
    formats: [['application/vnd.adobe.aftereffects.project', 'aep']],
    names: ['قالب افترافکت', 'پروژه موشن', 'تیتراژ'],
    size: [2 * MIB, 400 * MIB],
  },
  Archive: {
    formats: [
      ['application/zip', 'zip'],
      ['application/x-rar-compressed', 'rar'],
    ],
    names: ['فایل‌های پروژه', 'پشتیبان', 'بسته فونت‌ها'],
    size: [MIB, 800 * MIB],
  },
  Document: {
    formats: [
      ['application/pdf', 'pdf'],
      ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'],
      ['text/plain', 'txt'],
    ],
    names: ['بریف مشتری', 'فاکتور', 'متن گویندگی', 'قرارداد'],
    size: [5_000, 12 * MIB],
  },
  Other: {
    formats: [['application/octet-stream', 'bin']],
    names: ['فایل', 'داده'],
    size: [1_000, 50 * MIB],
  },
};

/** The mime type and extension of one file of a kind (of that mime type when one is given). */
export function formatOf(
  rng: Random,
  kind: FileMgrFileKind,
  mime?: string | null,
): { mime: string; ext: string } {
  const formats = FILE_KINDS[kind].formats;
  const [type, ext] = formats.find(([m]) => m === mime) ?? rng.pick(formats);
  return { mime: mime ?? type, ext };
}

/** The kind a mime type belongs to (Other when unknown). */
export function kindOfMime(mime: string | null | undefined): FileMgrFileKind {
  for (const [kind, spec] of Object.entries(FILE_KINDS)) {
    if (spec.formats.some(([m]) => m === mime)) return kind as FileMgrFileKind;
  }
  return 'Other';
}

/** The extension at the end of a file name (`bin` when it has none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : 'bin';
}
