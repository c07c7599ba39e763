import { describe, expect, it } from 'vitest';
import { streamFor } from '../../../src/domain/random.js';
import { hex, uuid } from '../../../src/load/fast-format.js';
import { keyedStreams } from '../../../src/load/keyed-streams.js';
import { iso, isoDate } from '../../../src/sql/copy-text.js';

const WEIGHTS = [
  ['a', 1],
  ['b', 2.5],
  ['c', 0.3],
] as const;

/** Draws every kind of value, in a fixed order, from any stream with Random's interface. */
function draws(rng: ReturnType<typeof streamFor> | ReturnType<ReturnType<typeof keyedStreams>>): unknown[] {
  return [
    rng.next(),
    rng.int(-5, 1000),
    rng.bool(0.3),
    rng.pick([1, 2, 3, 4, 5]),
    rng.weighted(WEIGHTS),
    rng.hex(13),
    rng.uuid(),
    rng.uint32(),
    rng.int(0, 1),
    rng.next(),
  ];
}

describe('the loader streams are the toolkit streams', () => {
  it('keyedStreams(seed, prefix)(key) draws exactly what streamFor(seed, prefix + key) draws', () => {
    for (let seed = 0; seed < 50; seed++) {
      const streams = keyedStreams(seed, `t${seed % 7}|render.render_jobs|`);
      const keys = [
        0,
        1,
        9,
        10,
        17,
        99,
        100,
        'j3',
        'r12',
        'u9+',
        '',
        12_345,
        1_000_007,
        2 ** 40 + 3,
        -4,
        2.5,
      ];
      for (const key of keys) {
        expect(draws(streams(key))).toEqual(draws(streamFor(seed, `t${seed % 7}|render.render_jobs|${key}`)));
      }
    }
  });

  it('fast uuid and hex give Random.uuid() and Random.hex() from the same draws', () => {
    for (let i = 0; i < 2_000; i++) {
      const slow = streamFor(i, 'ids');
      const fast = keyedStreams(i, 'ids')('');
      expect(uuid(fast)).toBe(slow.uuid());
      expect(hex(fast, (i % 70) + 1)).toBe(slow.hex((i % 70) + 1));
    }
  });

  it('fast ISO timestamps and dates are toISOString()', () => {
    for (let i = 0; i < 20_000; i++) {
      const ms = 946_684_800_000 + i * 1_234_567.891;
      expect(iso(ms)).toBe(new Date(ms).toISOString());
    }
    for (let day = -800; day < 40_000; day += 13) {
      expect(isoDate(day)).toBe(new Date(day * 86_400_000).toISOString().slice(0, 10));
    }
  });
});
