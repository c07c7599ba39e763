import { describe, expect, it } from 'vitest';
import { CATEGORY_BY_KEY, drawCatalogue, TEMPLATES, templatesFor } from '../../../src/domain/catalogue.js';
import { streamFor } from '../../../src/domain/random.js';

describe('catalogue', () => {
  it('puts every Nowruz and Yalda template in Occasions, and only them', () => {
    for (const t of TEMPLATES) {
      expect(CATEGORY_BY_KEY.get(t.category)).toBeDefined();
      expect(t.occasion !== null).toBe(t.category === 'occasions');
    }
    expect(templatesFor('nowruz').length).toBeGreaterThan(1);
    expect(templatesFor('yalda').length).toBeGreaterThan(1);
  });

  it('draws catalogues that always sell a Nowruz and a Yalda template, not featured first', () => {
    for (let seed = 0; seed < 50; seed++) {
      for (const count of [2, 5, 12, 40]) {
        const picks = drawCatalogue(streamFor(seed, 'catalogue'), count).map((i) => TEMPLATES[i]!);
        expect(picks).toHaveLength(count);
        expect(picks.some((t) => t.occasion === 'nowruz')).toBe(true);
        expect(picks.some((t) => t.occasion === 'yalda')).toBe(true);
        if (count >= 5) expect(picks.slice(0, 3).every((t) => t.occasion === null)).toBe(true);
        if (count <= TEMPLATES.length) expect(new Set(picks).size).toBe(count);
      }
    }
  });
});
