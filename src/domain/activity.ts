import { DAY, HOUR, tehranHour, tehranMonthDay, tehranWeekday } from './calendar.js';
import type { Random } from './random.js';

/**
 * The time model: when things happen in a FlatRender world. Every generated timestamp series
 * (sign-ups, renders, uploads, payments, API calls, notifications) is drawn from an intensity
 * that multiplies four rhythms:
 *
 * - the Tehran day: quiet from 2 to 6 a.m., busy late mornings and again in the evening;
 * - the Iranian week: Saturday to Wednesday are working days, Thursday is lighter, Friday the
 *   quietest day;
 * - the seasons: the run-up to Nowruz (early March, greeting videos and sales) and to Yalda
 *   (mid-December) are the busiest weeks of the year, the Nowruz holidays the quietest;
 * - growth: the business grows about 5 % a month, so recent months are busier.
 *
 * A clock turns the intensity into times: `at(x)` for x in [0, 1) is the time by which a share
 * x of the window's activity has happened (the inverse of its cumulative intensity), so the i-th
 * of n events at `at((i + jitter) / n)` rises with i and follows every rhythm at once. Both
 * engines use it: the factories draw one time per row, the bulk load places the i-th of n rows.
 */

/** How strongly activity follows each rhythm: consumers, or resellers' servers calling the API. */
export type ActivityKind = 'people' | 'api';

/** Relative activity per Tehran hour (0–23) of people using the studio. */
const PEOPLE_HOURS = [
  0.45, 0.25, 0.14, 0.09, 0.07, 0.08, 0.14, 0.28, 0.52, 0.78, 0.96, 1, 0.92, 0.78, 0.74, 0.78, 0.82, 0.84,
  0.88, 0.95, 1.02, 1.05, 0.92, 0.7,
];

/** Resellers' servers serve their own customers around the clock, with the same shape, flatter. */
const API_HOURS = PEOPLE_HOURS.map((w) => 0.15 + 0.85 * w);

/** Relative activity per weekday, Saturday first (see tehranWeekday). */
const WEEKDAYS = [1, 1.02, 1, 0.98, 0.95, 0.72, 0.5];

/** Monthly growth of the business. */
export const MONTHLY_GROWTH = 1.05;

/** The occasions that move FlatRender's year; their templates sell in the weeks before. */
export type Occasion = 'nowruz' | 'yalda';

/**
 * The occasion whose run-up an instant falls in: late February to 19 March for Nowruz (the
 * Persian new year, 20/21 March), 5–21 December for Yalda (the longest night, 21 December).
 */
export function occasionAt(ms: number): Occasion | null {
  const { month, day } = tehranMonthDay(ms);
  if ((month === 2 && day >= 25) || (month === 3 && day <= 19)) return 'nowruz';
  if (month === 12 && day >= 5 && day <= 21) return 'yalda';
  return null;
}

/** The seasonal factor of a day: a ramp into each occasion, a lull over the Nowruz holidays. */
export function seasonFactor(ms: number): number {
  const { month, day } = tehranMonthDay(ms);
  if (month === 3 && day <= 19) return 1 + 0.8 * (day / 19);
  if (month === 2 && day >= 25) return 1.1;
  if ((month === 3 && day >= 20) || (month === 4 && day <= 2)) return 0.55;
  if (month === 12 && day >= 5 && day <= 21) return 1 + 0.6 * ((day - 4) / 17);
  return 1;
}

/** The relative rate of activity at an instant, growth measured from `reference`. */
export function intensity(ms: number, reference: number, kind: ActivityKind = 'people'): number {
  const hour = tehranHour(ms);
  const hours = kind === 'api' ? API_HOURS : PEOPLE_HOURS;
  const h = Math.floor(hour);
  const daily = hours[h]! + (hours[(h + 1) % 24]! - hours[h]!) * (hour - h);
  const growth = MONTHLY_GROWTH ** ((ms - reference) / (30 * DAY));
  return daily * WEEKDAYS[tehranWeekday(ms)]! * seasonFactor(ms) * growth;
}

/**
 * The cumulative intensity of a window in hourly steps, and its inverse. A pure function of
 * (from, to, kind): every worker that builds the same clock places rows at the same times.
 */
export class ActivityClock {
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(
    readonly from: number,
    readonly to: number,
    readonly kind: ActivityKind = 'people',
  ) {
    const steps = Math.max(1, Math.ceil((to - from) / HOUR));
    this.cumulative = new Float64Array(steps + 1);
    let sum = 0;
    for (let i = 0; i < steps; i++) {
      const start = from + i * HOUR;
      const width = Math.min(HOUR, to - start) / HOUR;
      sum += intensity(start + (width * HOUR) / 2, to, kind) * Math.max(0, width);
      this.cumulative[i + 1] = sum;
    }
    this.total = sum;
  }

  /** The time by which a share `x` (0 ≤ x < 1) of the window's activity has happened. */
  at(x: number): number {
    const target = Math.min(Math.max(x, 0), 1) * this.total;
    const c = this.cumulative;
    let lo = 0;
    let hi = c.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (c[mid]! <= target) lo = mid;
      else hi = mid;
    }
    const span = c[hi]! - c[lo]!;
    const within = span > 0 ? (target - c[lo]!) / span : 0;
    return Math.min(this.to, this.from + (lo + within) * HOUR);
  }

  /** The share of the window's activity that happened before `ms` (the inverse of at). */
  fraction(ms: number): number {
    if (ms <= this.from) return 0;
    if (ms >= this.to) return 1;
    const position = (ms - this.from) / HOUR;
    const i = Math.floor(position);
    const c = this.cumulative;
    const value = c[i]! + (c[Math.min(i + 1, c.length - 1)]! - c[i]!) * (position - i);
    return this.total > 0 ? value / this.total : 0;
  }

  /** The i-th (0-based) of n events spread over [a, b] by activity, `jitter` in [0, 1). */
  nth(i: number, n: number, jitter: number, a = this.from, b = this.to): number {
    const fa = this.fraction(a);
    const fb = this.fraction(b);
    return Math.floor(this.at(fa + ((i + jitter) / Math.max(1, n)) * (fb - fa)));
  }

  /** How many of n events placed by nth over [a, b] lie before `at` (the inverse of nth). */
  countBefore(n: number, at: number, a = this.from, b = this.to): number {
    if (at <= a) return 0;
    if (at >= b) return n;
    const fa = this.fraction(a);
    const fb = this.fraction(b);
    return fb > fa ? Math.floor((n * (this.fraction(at) - fa)) / (fb - fa)) : 0;
  }

  /** One time drawn from the activity over [a, b] (clamped to the clock's window). */
  between(rng: Random, a: number, b: number): number {
    const lo = Math.max(a, this.from);
    const hi = Math.min(b, this.to);
    if (hi <= lo) return Math.floor(lo);
    const fa = this.fraction(lo);
    const fb = this.fraction(hi);
    return Math.floor(Math.min(hi, Math.max(lo, this.at(fa + rng.next() * (fb - fa)))));
  }
}
