import { faker as fakerFa } from '@faker-js/faker/locale/fa';
import { streamFor } from '../domain/random.js';

/**
 * Free Persian text (words, sentences) drawn once from faker, seeded from the load's seed, then
 * picked from by the seeded PRNG: calling faker per field costs ~15 µs, a pick ~20 ns. Names,
 * places, companies and everything with a rule come from src/domain instead. Built in the main
 * thread and handed to the workers as plain data, so every worker picks from the same pools (and
 * none pays for loading faker).
 */
export interface Pools {
  /** Persian words for titles (saved project titles, job texts). */
  readonly faWords: readonly string[];
  /** Short Persian sentences (descriptions). */
  readonly faSentences: readonly string[];
}

const SIZES = {
  faWords: 400,
  faSentences: 150,
};

/** Draws `count` values, skipping repeats (bounded: a small locale list ends the pool early). */
function draw(count: number, make: () => string): string[] {
  const seen = new Set<string>();
  for (let attempt = 0; seen.size < count && attempt < count * 5; attempt++) {
    const value = make().trim();
    if (value) seen.add(value);
  }
  return [...seen];
}

/** Builds the pools for a seed: the same seed gives the same pools (faker is pinned in package.json). */
export function buildPools(seed: number): Pools {
  const rng = streamFor(seed, 'load|pools');
  fakerFa.seed(rng.uint32());
  return {
    faWords: draw(SIZES.faWords, () => fakerFa.word.noun()),
    faSentences: draw(SIZES.faSentences, () => fakerFa.lorem.sentence({ min: 4, max: 10 })),
  };
}
