import { describe, expect, it } from 'vitest';
import { streamFor } from '../../../src/domain/random.js';
import { fixed, jsonNumber, jsonString } from '../../../src/load/literals.js';

/**
 * The loader writes numeric literals and jsonb documents by hand for speed; a value must not
 * depend on which path made it, so each helper is compared with the built-in it replaces.
 */
describe("the loader's literals are the built-ins' text", () => {
  it('fixed(v, d) is v.toFixed(d): random values, values next to a tie, and edge cases', () => {
    const rng = streamFor(14, 'literals');
    const differing: string[] = [];
    const check = (value: number, digits: number) => {
      if (fixed(value, digits) !== value.toFixed(digits)) differing.push(`${value} ${digits}`);
    };
    for (let i = 0; i < 100_000; i++) {
      const digits = 1 + (i % 6);
      check(rng.next() * 10 ** (i % 10), digits);
      // Decimal literals that sit exactly on, or one binary step from, half a unit in the last place.
      const tie = Math.round(rng.next() * 1e6) / 10 ** (i % 7) + 5 * 10 ** -(digits + 1);
      check(tie, digits);
      check(tie + Number.EPSILON * tie, digits);
      check(tie - Number.EPSILON * tie, digits);
    }
    const edges = [0, -0, 0.5, 1.0005, 2.675, 1.005, 0.1 + 0.2, 99.995, 5e-7, 1e8 + 0.0005, 1e10, 1e20, 1e21];
    for (const value of [...edges, ...edges.map((v) => -v), Number.NaN, Number.POSITIVE_INFINITY]) {
      for (let digits = 1; digits <= 6; digits++) check(value, digits);
    }
    expect(differing).toEqual([]);
  });

  it('jsonString and jsonNumber are JSON.stringify', () => {
    const texts = [
      '',
      'plain',
      'a"b',
      'back\\slash',
      'line\nbreak',
      '\u0001\u001f',
      'سلام دنیا',
      '\ud800',
      'x\udc00',
      '😀',
      '\u2028',
    ];
    for (const text of texts) expect(jsonString(text)).toBe(JSON.stringify(text));
    for (const value of [0, -0, 1.5, 29.97, 1e21, 1e-7, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(jsonNumber(value)).toBe(JSON.stringify(value));
    }
  });
});
