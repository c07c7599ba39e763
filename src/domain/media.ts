import type { VideoQuality } from './pricing.js';

/** Figures of rendered video: frame sizes, node time per frame, output size. */

/** Short side in pixels of each render quality. */
const SHORT_SIDE: Readonly<Record<VideoQuality, number>> = {
  Sd480: 480,
  Hd720: 720,
  FullHd1080: 1080,
  Qhd1440: 1440,
  Uhd2160: 2160,
};

/**
 * The output size of a template at a quality: the template's aspect ratio, the quality's short
 * side, both sides even (H.264 needs it).
 */
export function frameSize(
  quality: VideoQuality,
  aspectWidth: number,
  aspectHeight: number,
): { width: number; height: number } {
  const scale = SHORT_SIDE[quality] / Math.max(1, Math.min(aspectWidth, aspectHeight));
  const even = (x: number) => Math.max(2, Math.round((x * scale) / 2) * 2);
  return { width: even(aspectWidth), height: even(aspectHeight) };
}

/**
 * Render-node seconds per frame at each quality: After Effects on an RTX-class GPU with a typical
 * motion-graphics template. A job draws its own factor around it (0.7–1.6×: heavier templates).
 */
export const SECONDS_PER_FRAME: Readonly<Record<VideoQuality, number>> = {
  Sd480: 0.25,
  Hd720: 0.45,
  FullHd1080: 0.8,
  Qhd1440: 1.4,
  Uhd2160: 2.6,
};

/** What the farm writes: an H.264 video in an MP4 container. */
export const OUTPUT_FORMAT = { container: 'mp4', codec: 'h264' } as const;

/** Output bitrate in bytes per second of video (H.264, typical motion graphics). */
export const BYTES_PER_SECOND: Readonly<Record<VideoQuality, number>> = {
  Sd480: 250_000,
  Hd720: 625_000,
  FullHd1080: 1_000_000,
  Qhd1440: 2_000_000,
  Uhd2160: 4_375_000,
};

/** The size of an export of `durationSec` seconds, `factor` (around 1) for the template's busyness. */
export function exportBytes(quality: VideoQuality, durationSec: number, factor: number): number {
  return Math.max(50_000, Math.round(durationSec * BYTES_PER_SECOND[quality] * factor));
}

/** The template aspect ratios and their proportions. */
export const ASPECTS: readonly (readonly [aspect: string, width: number, height: number])[] = [
  ['Wide16x9', 16, 9],
  ['Square1x1', 1, 1],
  ['Tall9x16', 9, 16],
  ['Portrait4x5', 4, 5],
];
