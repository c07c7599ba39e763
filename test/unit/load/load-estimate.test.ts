import { describe, expect, it } from 'vitest';
import { MAX_SHARDS, parseShard } from '../../../src/config/parse-inputs.js';
import { BYTES_PER_LOADED_ROW } from '../../../src/domain/load-scale.js';
import { assertLoadFits, estimateLoad, formatSeconds } from '../../../src/load/load-estimate.js';
import { planLoad, sliceShards } from '../../../src/load/load-plan.js';

const nowMs = Date.parse('2026-06-01T00:00:00Z');
const GB = 1024 ** 3;

describe('estimateLoad', () => {
  it('gives rows, bytes and seconds from the plan alone', () => {
    const estimate = estimateLoad(planLoad({ seed: 1, scale: 10, nowMs }));
    expect(estimate.rows).toBeGreaterThan(1_200_000);
    expect(estimate.rows).toBeLessThan(1_500_000);
    expect(estimate.bytes).toBe(estimate.rows * BYTES_PER_LOADED_ROW);
    expect(estimate.seconds).toBeGreaterThan(0);
  });
});

describe('assertLoadFits', () => {
  const estimate = { rows: 120_000_000, bytes: 42 * GB, seconds: 1200 };

  it('refuses a load larger than the free space, naming the scale, the sizes, the folder and a scale that fits', () => {
    const refuse = () =>
      assertLoadFits(1000, estimate, { known: true, bytes: 20 * GB, path: '/dev/shm/x' }, 'big');
    expect(refuse).toThrow(expect.objectContaining({ code: 'E_LOAD_TOO_LARGE' }));
    expect(refuse).toThrow(
      'Scale 1000 plans about 120,000,000 rows, about 42 GB on disk with indexes, but the disk that holds database "big" (/dev/shm/x) has 20 GB free.',
    );
    expect(refuse).toThrow(/Fix: Pass --scale 428\.57 or less/);
  });

  it('lets a load that fits, or whose free space is unknown, go ahead', () => {
    expect(() =>
      assertLoadFits(1000, estimate, { known: true, bytes: 50 * GB, path: '/data' }, 'big'),
    ).not.toThrow();
    expect(() => assertLoadFits(1000, estimate, { known: false, reason: 'remote' }, 'big')).not.toThrow();
  });
});

describe('formatSeconds', () => {
  it('reads as a person would say it', () => {
    expect(formatSeconds(0.2)).toBe('1 s');
    expect(formatSeconds(75)).toBe('1 min 15 s');
    expect(formatSeconds(3 * 3600 + 120)).toBe('3 h 2 min');
  });
});

describe('parseShard', () => {
  it('reads i/n', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(parseShard(' 1/1 ')).toEqual({ index: 1, count: 1 });
  });

  it('refuses anything else, quoting it', () => {
    for (const raw of ['0/3', '4/3', '2', 'a/b', '1/0', `1/${MAX_SHARDS + 1}`, '1.5/3']) {
      expect(() => parseShard(raw)).toThrow(`--shard is "${raw}"; it must be i/n`);
    }
    expect(() => parseShard('4/3')).toThrow(expect.objectContaining({ code: 'E_BAD_SHARD' }));
  });
});

describe('sliceShards', () => {
  it('splits the plan into disjoint slices of whole tenants and nodes that cover it', () => {
    const plan = planLoad({ seed: 3, scale: 2, nowMs });
    for (const count of [1, 2, 3, 7, plan.shards.length + 2]) {
      const slices = Array.from({ length: count }, (_, i) => sliceShards(plan, i + 1, count));
      const keys = slices.flat().map((s) => `${s.kind}${s.ordinal}`);
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys.sort()).toEqual(plan.shards.map((s) => `${s.kind}${s.ordinal}`).sort());
    }
    expect(() => sliceShards(plan, 4, 3)).toThrow('shard 4/3');
  });
});
