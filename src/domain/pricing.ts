import { toman } from './money.js';

/**
 * How a render is priced (the "seconds × resolution" model of C-32), from one rate table: the
 * one `identity.render_price_rates` holds, per tenant and quality. A tenant without a row for a
 * quality renders at the FlatRender tenant's row, and without that at FlatRender's list price
 * below (SECONDS_MULTIPLIER × PLATFORM_PRICE_PER_SECOND); resellers set their own price a second.
 *
 *   billable_seconds = ceil(duration_sec × seconds_multiplier)
 *   cost_minor       = billable_seconds × price_per_second_minor
 *   refunded seconds = all of them if the job Failed; the unrendered share if it was Cancelled,
 *                      billable − ceil(billable × frames_done / total_frames); none otherwise
 *   refund_minor     = refunded seconds × price_per_second_minor
 *
 * `seed verify` checks each job against its tenant's rates ([job-price], [job-refund]).
 */

export const VIDEO_QUALITIES = ['Sd480', 'Hd720', 'FullHd1080', 'Qhd1440', 'Uhd2160'] as const;
export type VideoQuality = (typeof VIDEO_QUALITIES)[number];

/** Billable seconds per output second: 720p is the unit, 4K costs three times as much. */
export const SECONDS_MULTIPLIER: Readonly<Record<VideoQuality, number>> = {
  Sd480: 0.5,
  Hd720: 1,
  FullHd1080: 1.5,
  Qhd1440: 2,
  Uhd2160: 3,
};

/** FlatRender's own pay-as-you-go price of one billable second. */
export const PLATFORM_PRICE_PER_SECOND = toman(150);

/** Prices per billable second resellers set for their customers (they buy wholesale from FlatRender). */
export const RESELLER_PRICES_PER_SECOND = [toman(120), toman(180), toman(200), toman(250)] as const;

/** How often each quality is asked for. */
export const QUALITY_WEIGHTS: readonly (readonly [VideoQuality, number])[] = [
  ['Sd480', 6],
  ['Hd720', 28],
  ['FullHd1080', 52],
  ['Qhd1440', 7],
  ['Uhd2160', 7],
];

/** One row of a tenant's rate table. */
export interface Rate {
  readonly multiplier: number;
  /** Rial per billable second; null: the quality is sold only through plan seconds. */
  readonly pricePerSecond: number | null;
}

/** The rate table a tenant selling at `pricePerSecond` holds: one row per quality. */
export function rateTable(pricePerSecond: number): Readonly<Record<VideoQuality, Rate>> {
  return Object.fromEntries(
    VIDEO_QUALITIES.map((q) => [q, { multiplier: SECONDS_MULTIPLIER[q], pricePerSecond }]),
  ) as Record<VideoQuality, Rate>;
}

/** Billable seconds of a render of `durationSec` output seconds at a quality's multiplier. */
export function billableSeconds(durationSec: number, multiplier: number): number {
  // In thousandths, as the NUMERIC(8,3) duration and NUMERIC(6,3) multiplier are stored: SQL's
  // product is exact, and a float one (10.2 × 1.5 = 15.299999…) must not decide the ceiling.
  const product = Math.round(durationSec * 1000) * Math.round(multiplier * 1000);
  return Math.ceil(product / 1_000_000);
}

/** What a render of `billable` seconds costs at a rate (0 when the rate sells no seconds). */
export function renderCost(billable: number, pricePerSecond: number | null): number {
  return billable * (pricePerSecond ?? 0);
}

export type JobStatus = 'Queued' | 'Running' | 'Completed' | 'Failed' | 'Cancelled';

/** Seconds given back when a job ends: all of a failed job's, the unrendered share of a cancelled one's. */
export function refundedSeconds(
  status: JobStatus,
  billable: number,
  framesDone: number,
  totalFrames: number,
): number {
  if (status === 'Failed') return billable;
  if (status !== 'Cancelled') return 0;
  return billable - Math.ceil((billable * framesDone) / Math.max(1, totalFrames));
}

/** The rial a job's refund gives back. */
export function refundMinor(
  status: JobStatus,
  billable: number,
  framesDone: number,
  totalFrames: number,
  pricePerSecond: number | null,
): number {
  return refundedSeconds(status, billable, framesDone, totalFrames) * (pricePerSecond ?? 0);
}
