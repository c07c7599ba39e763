import { describe, expect, it } from 'vitest';
import { CACHE_KEEP, type CacheEntry, surplusEntries } from '../../../src/server/embedded/cache-entries.js';

const day = 86_400_000;
const entry = (name: string, kind: CacheEntry['kind'], ageDays: number, abandoned = false): CacheEntry => ({
  path: `/root/cache/${name}`,
  kind,
  lastUsed: new Date(Date.UTC(2026, 5, 30) - ageDays * day),
  abandoned,
});

describe('surplusEntries: the cache is bounded', () => {
  it(`keeps the current entry and the newest other (${CACHE_KEEP} in all), whatever their age`, () => {
    const entries = [
      entry('b', 'cache entry', 1),
      entry('current', 'cache entry', 2),
      entry('a', 'cache entry', 3),
      entry('old', 'cache entry', 30),
    ];
    expect(surplusEntries(entries, 'current').map((e) => e.path)).toEqual([
      '/root/cache/a',
      '/root/cache/old',
    ]);
  });

  it('keeps the two newest binary copies and removes cold builds whose process is gone', () => {
    const entries = [
      entry('bin-1', 'binaries copy', 0),
      entry('bin-2', 'binaries copy', 5),
      entry('bin-3', 'binaries copy', 9),
      entry('k.cold.1.x', 'cold build', 0, true),
      entry('k.cold.2.x', 'cold build', 0, false),
    ];
    expect(surplusEntries(entries, 'current').map((e) => e.path)).toEqual([
      '/root/cache/k.cold.1.x',
      '/root/cache/bin-3',
    ]);
  });
});
