import { faker as fakerEn } from '@faker-js/faker/locale/en';
import { faker as fakerFa } from '@faker-js/faker/locale/fa';
import { streamFor } from '../domain/random.js';

/**
 * Realistic values drawn once from faker (Persian and English locales, seeded from the load's
 * seed) and then picked from by the seeded PRNG: calling faker per field costs ~15 µs, a pick
 * ~20 ns. Built in the main thread and handed to the workers as plain data, so every worker
 * picks from the same pools (and none pays for loading faker).
 */
export interface Pools {
  readonly faFirstNames: readonly string[];
  readonly faLastNames: readonly string[];
  /** Lowercase ASCII, for e-mail local parts. */
  readonly enFirstNames: readonly string[];
  readonly enLastNames: readonly string[];
  readonly faCompanies: readonly string[];
  /** Brand names in English (tenant slugs and domains are made from them). */
  readonly enBrands: readonly string[];
  /** Persian words for titles (template names, saved project titles, file names). */
  readonly faWords: readonly string[];
  readonly faCities: readonly string[];
  /** Browser user agents (dashboard users). */
  readonly browserAgents: readonly string[];
  /** Short Persian sentences (descriptions). */
  readonly faSentences: readonly string[];
}

const SIZES = {
  faFirstNames: 400,
  faLastNames: 400,
  enFirstNames: 300,
  enLastNames: 300,
  faCompanies: 200,
  enBrands: 300,
  faWords: 400,
  faCities: 120,
  browserAgents: 80,
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

const ascii = (text: string) =>
  text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');

/** Builds the pools for a seed: the same seed gives the same pools (faker is pinned in package.json). */
export function buildPools(seed: number): Pools {
  const rng = streamFor(seed, 'load|pools');
  fakerFa.seed(rng.uint32());
  fakerEn.seed(rng.uint32());
  return {
    faFirstNames: draw(SIZES.faFirstNames, () => fakerFa.person.firstName()),
    faLastNames: draw(SIZES.faLastNames, () => fakerFa.person.lastName()),
    enFirstNames: draw(SIZES.enFirstNames, () => ascii(fakerEn.person.firstName())).filter(Boolean),
    enLastNames: draw(SIZES.enLastNames, () => ascii(fakerEn.person.lastName())).filter(Boolean),
    faCompanies: draw(SIZES.faCompanies, () => fakerFa.company.name()),
    enBrands: draw(SIZES.enBrands, () => `${fakerEn.company.buzzNoun()} ${fakerEn.word.noun()}`),
    faWords: draw(SIZES.faWords, () => fakerFa.word.noun()),
    faCities: draw(SIZES.faCities, () => fakerFa.location.city()),
    browserAgents: draw(SIZES.browserAgents, () => fakerEn.internet.userAgent()),
    faSentences: draw(SIZES.faSentences, () => fakerFa.lorem.sentence({ min: 4, max: 10 })),
  };
}
