import type { FileMgrFileSource } from '../schema/generated/tables.js';
import { DAY } from './calendar.js';
import type { Random } from './random.js';
import { faDigits } from './transliterate.js';

/**
 * Files people keep in FlatRender: the kinds they upload (mime types, how often, how big, the
 * pixel sizes and lengths that go together) and the names they give them; and how long a deleted
 * file stays in storage (an export's retention is render-job.ts's EXPORT_RETENTION_DAYS).
 */

export type FileKind = 'Image' | 'Video' | 'Audio' | 'Font' | 'Aep' | 'Archive' | 'Document' | 'Other';

export interface FileKindSpec {
  /** [mime type, extension, share of uploads of this kind] the kind comes in. */
  readonly formats: readonly (readonly [mime: string, ext: string, weight: number])[];
  /** Persian base names users give such files. */
  readonly names: readonly string[];
  /** Size range in bytes, and the typical (median) size. */
  readonly size: readonly [min: number, max: number];
  readonly medianBytes: number;
  /** Share of uploads. */
  readonly uploadWeight: number;
  /** Pixel sizes (images, videos). */
  readonly frames?: readonly (readonly [number, number])[];
  /** Duration range in ms (videos, audio). */
  readonly durationMs?: readonly [number, number];
}

const MIB = 1_048_576;
const FULL_HD = [1920, 1080] as const;
const SQUARE = [1080, 1080] as const;
const STORY = [1080, 1920] as const;

/** What each file kind looks like: mime types, names, sizes and media dimensions that belong together. */
export const FILE_KINDS: Readonly<Record<FileKind, FileKindSpec>> = {
  Image: {
    formats: [
      ['image/jpeg', 'jpg', 34],
      ['image/png', 'png', 22],
      ['image/svg+xml', 'svg', 7],
      ['image/webp', 'webp', 4],
    ],
    names: ['لوگو شرکت', 'عکس محصول', 'بنر فروش ویژه', 'پس‌زمینه', 'عکس پرسنلی', 'لوگو', 'بنر'],
    size: [40_000, 6 * MIB],
    medianBytes: 350_000,
    uploadWeight: 67,
    frames: [FULL_HD, SQUARE, STORY, [1200, 630], [512, 512], [3000, 2000]],
  },
  Video: {
    formats: [
      ['video/mp4', 'mp4', 8],
      ['video/quicktime', 'mov', 2],
      ['video/webm', 'webm', 1],
    ],
    names: ['تیزر نوروز', 'ویدیوی معرفی محصول', 'فیلم افتتاحیه', 'استوری اینستاگرام', 'اینترو کانال'],
    size: [4 * MIB, 900 * MIB],
    medianBytes: 25_000_000,
    uploadWeight: 10,
    frames: [FULL_HD, SQUARE, STORY, [1280, 720], [3840, 2160]],
    durationMs: [5_000, 180_000],
  },
  Audio: {
    formats: [
      ['audio/mpeg', 'mp3', 12],
      ['audio/mp4', 'm4a', 3],
      ['audio/wav', 'wav', 1],
    ],
    names: ['صدای گوینده', 'موسیقی پس‌زمینه', 'جینگل تبلیغاتی', 'افکت صوتی', 'موزیک'],
    size: [200_000, 25 * MIB],
    medianBytes: 4_000_000,
    uploadWeight: 16,
    durationMs: [2_000, 240_000],
  },
  Font: {
    formats: [
      ['font/ttf', 'ttf', 3],
      ['font/woff2', 'woff2', 1],
      ['font/otf', 'otf', 1],
    ],
    names: ['Vazirmatn-Bold', 'IRANSans-Medium', 'Shabnam', 'فونت سازمانی'],
    size: [40_000, 2 * MIB],
    medianBytes: 120_000,
    uploadWeight: 5,
  },
  Aep: {
    formats: [['application/vnd.adobe.aftereffects.project', 'aep', 1]],
    names: ['قالب افترافکت', 'پروژه موشن', 'تیتراژ'],
    size: [2 * MIB, 400 * MIB],
    medianBytes: 40 * MIB,
    uploadWeight: 0,
  },
  Archive: {
    formats: [
      ['application/zip', 'zip', 3],
      ['application/x-rar-compressed', 'rar', 1],
    ],
    names: ['فایل‌های پروژه', 'پشتیبان', 'بسته فونت‌ها'],
    size: [MIB, 800 * MIB],
    medianBytes: 30 * MIB,
    uploadWeight: 0,
  },
  Document: {
    formats: [
      ['application/pdf', 'pdf', 4],
      ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx', 1],
      ['text/plain', 'txt', 1],
    ],
    names: ['بریف مشتری', 'فاکتور', 'متن گویندگی', 'قرارداد'],
    size: [5_000, 12 * MIB],
    medianBytes: 900_000,
    uploadWeight: 6,
  },
  Other: {
    formats: [['application/octet-stream', 'bin', 1]],
    names: ['فایل', 'داده'],
    size: [1_000, 50 * MIB],
    medianBytes: 200_000,
    uploadWeight: 0,
  },
};

const UPLOAD_KINDS = (Object.entries(FILE_KINDS) as [FileKind, FileKindSpec][])
  .filter(([, spec]) => spec.uploadWeight > 0)
  .map(([kind, spec]) => [kind, spec.uploadWeight] as const);

/** The kind of one upload, by how often each is uploaded. */
export function drawUploadKind(rng: Random): FileKind {
  return rng.weighted(UPLOAD_KINDS);
}

/** The mime type and extension of one file of a kind (of that mime type when one is given). */
export function formatOf(rng: Random, kind: FileKind, mime?: string | null): { mime: string; ext: string } {
  const formats = FILE_KINDS[kind].formats;
  const found = formats.find(([m]) => m === mime);
  const [type, ext] = found ?? rng.weighted(formats.map((f) => [f, f[2]] as const));
  return { mime: mime ?? type, ext };
}

/** The kind a mime type belongs to (Other when unknown). */
export function kindOfMime(mime: string | null | undefined): FileKind {
  for (const [kind, spec] of Object.entries(FILE_KINDS)) {
    if (spec.formats.some(([m]) => m === mime)) return kind as FileKind;
  }
  return 'Other';
}

/** The extension at the end of a file name (`bin` when it has none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : 'bin';
}

/** A size in bytes of a file of `kind`: log-normal around the kind's median, within its range. */
export function drawFileSize(rng: Random, kind: FileKind): number {
  const spec = FILE_KINDS[kind];
  const normal = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const bytes = Math.round(spec.medianBytes * Math.exp(0.9 * normal));
  return Math.min(spec.size[1], Math.max(spec.size[0], bytes));
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The name a person gives a file of `kind` uploaded at `at`: a Persian name ('لوگو شرکت.png',
 * 'بنر فروش ویژه - نسخه ۲.jpg', 'صدای گوینده (1).mp3') or what a phone or a screenshot tool names
 * it ('IMG_20260312_143210.jpg', 'Screenshot 2026-03-12 at 14.32.10.png').
 */
export function fileName(rng: Random, kind: FileKind, ext: string, at: number): string {
  const d = new Date(at + 3.5 * 3_600_000);
  const stamp = `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
  const roll = rng.next();
  if (kind === 'Image' && (ext === 'jpg' || ext === 'png') && roll < 0.3) {
    return ext === 'jpg'
      ? `IMG_${stamp}_${time}.jpg`
      : `Screenshot ${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6)} at ${time.slice(0, 2)}.${time.slice(2, 4)}.${time.slice(4)}.png`;
  }
  if (kind === 'Video' && roll < 0.25) return `VID_${stamp}_${time}.${ext}`;
  if (kind === 'Audio' && roll < 0.2) return `Voice ${stamp.slice(2)}_${time}.${ext}`;
  const base = rng.pick(FILE_KINDS[kind].names);
  const variant = rng.next();
  if (variant < 0.55) return `${base}.${ext}`;
  if (variant < 0.75) return `${base} - نسخه ${faDigits(rng.int(2, 4))}.${ext}`;
  if (variant < 0.9) return `${base} (${rng.int(1, 3)}).${ext}`;
  return `${base} نهایی.${ext}`;
}

/** A soft-deleted file's object is purged by the next cleanup runs: within this many days. */
export const PURGE_AFTER_MS = 2 * DAY;

/** The MinIO bucket of each file source. */
export const BUCKETS: Readonly<Record<FileMgrFileSource, string>> = {
  Upload: 'user-files',
  Import: 'user-files',
  RenderExport: 'exports',
  Voiceover: 'voiceovers',
  System: 'system',
};

/** The mime type of every render export (an H.264 MP4). */
export const EXPORT_MIME = 'video/mp4';

/** A user's file's object key in its bucket: tenant, owner, file id, extension. */
export function fileObjectKey(tenantId: string, userId: string, fileId: string, ext: string): string {
  return `${tenantId}/${userId}/${fileId}.${ext}`;
}

/** A render export's object key (the export's MP4, which its file_mgr.files row points at too). */
export function exportObjectKey(tenantId: string, jobId: string): string {
  return `exports/${tenantId}/${jobId}.mp4`;
}
