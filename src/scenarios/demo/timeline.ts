import { ActivityClock, type ActivityKind, type Occasion, occasionAt } from '../../domain/activity.js';
import { DAY, tehranDay, tehranDayStart } from '../../domain/calendar.js';
import { HISTORY_DAYS } from '../../domain/partitions.js';
import { type Random, streamFor } from '../../domain/random.js';

/** How far back the demo's business history reaches: a whole year, so Nowruz and Yalda both show. */
export const HISTORY_WINDOW_DAYS = 365;

/** An occasion's run-up (activity.ts: occasionAt) as a window of instants. */
export interface RunUp {
  readonly occasion: Occasion;
  readonly from: number;
  readonly to: number;
}

/**
 * The demo's clock and randomness: the reference time, the year of history before it, the
 * activity clocks of the time model (the factories' own window, so both place events alike),
 * and one random stream per named thing, all derived from the seed.
 */
export class Timeline {
  readonly now: number;
  /** The start of the year of history. */
  readonly from: number;
  private readonly clocks = new Map<ActivityKind, ActivityClock>();

  constructor(
    readonly seed: number | string,
    now: Date,
  ) {
    this.now = now.getTime();
    this.from = this.now - HISTORY_WINDOW_DAYS * DAY;
  }

  /** The time model's clock over the factories' history window (growth measured from now). */
  clock(kind: ActivityKind = 'people'): ActivityClock {
    let clock = this.clocks.get(kind);
    if (!clock) {
      clock = new ActivityClock(this.now - HISTORY_DAYS * DAY, this.now, kind);
      this.clocks.set(kind, clock);
    }
    return clock;
  }

  /** The i-th of n events spread by activity over [a, b] (quiet nights, light Fridays, busy run-ups). */
  nth(i: number, n: number, jitter: number, a: number, b: number, kind: ActivityKind = 'people'): number {
    return this.clock(kind).nth(i, n, jitter, a, b);
  }

  /** One time drawn from the activity over [a, b]. */
  between(rng: Random, a: number, b: number, kind: ActivityKind = 'people'): number {
    return this.clock(kind).between(rng, a, b);
  }

  /** The random stream of one named thing of the demo (`rng('user|fr|12')`). */
  rng(key: string): Random {
    return streamFor(this.seed, `demo|${key}`);
  }

  /** The occasion run-ups that begin in the year of history, oldest first. */
  runUps(): RunUp[] {
    const out: RunUp[] = [];
    let open: { occasion: Occasion; from: number } | null = null;
    for (let day = tehranDay(this.from); day <= tehranDay(this.now); day++) {
      const start = tehranDayStart(day);
      const occasion = occasionAt(start + DAY / 2);
      if (open && occasion !== open.occasion) {
        out.push({ occasion: open.occasion, from: open.from, to: Math.min(start, this.now) });
        open = null;
      }
      if (!open && occasion) open = { occasion, from: Math.max(start, this.from) };
    }
    if (open) out.push({ occasion: open.occasion, from: open.from, to: this.now });
    return out;
  }

  /** The run-up an instant falls in, if any. */
  runUpAt(ms: number): Occasion | null {
    return occasionAt(ms);
  }
}

/** The later of two instants. */
export const later = (a: number, b: number): number => (a > b ? a : b);
/** The earlier of two instants. */
export const sooner = (a: number, b: number): number => (a < b ? a : b);
