import type { Rng } from '../domain/random.js';

/** Small sampling helpers on top of the seeded `Rng` (no other source of randomness). */

/** A standard normal draw (Box–Muller). */
export function gaussian(rng: Rng): number {
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A log-normal draw around `median` (sizes, durations: long right tails). */
export function logNormal(rng: Rng, median: number, sigma: number): number {
  return median * Math.exp(sigma * gaussian(rng));
}

/** An index below `limit`, skewed towards 0 (`power` > 1: a few items get most picks). */
export function skewedIndex(rng: Rng, limit: number, power = 2): number {
  return Math.min(limit - 1, Math.floor(limit * rng.next() ** power));
}

/** An index below `limit`, skewed towards the end (recent items). */
export function recentIndex(rng: Rng, limit: number, power = 2): number {
  return limit - 1 - skewedIndex(rng, limit, power);
}

export function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}
