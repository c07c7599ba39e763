import { describe, expect } from 'vitest';
import { MAX_SCALE } from '../../../src/domain/load-scale.js';
import { estimateLoad, freeSpaceOf } from '../../../src/load/load-estimate.js';
import { planLoad } from '../../../src/load/load-plan.js';
import { createSeedTest } from '../../../src/vitest/index.js';
import { runSeed } from '../../support/spawn.js';

const test = createSeedTest({ isolation: 'test' });

describe('seed --scenario load', () => {
  test('loads a small scale into a fresh database, prints JSON counts, and verify passes', async ({ db }) => {
    const result = await runSeed([
      '--scenario',
      'load',
      '--scale',
      '0.05',
      '--database-url',
      db.url,
      '--now',
      '2026-06-01T00:00:00Z',
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as {
      scenario: string;
      rows: number;
      counts: Record<string, number>;
      estimate: { rows: number; bytes: number; seconds: number };
    };
    expect(json.scenario).toBe('load');
    // The estimate printed before a large load is in the JSON too, and close to what was loaded.
    expect(json.estimate.rows / json.rows).toBeGreaterThan(0.8);
    expect(json.estimate.rows / json.rows).toBeLessThan(1.25);
    expect(json.estimate.bytes).toBeGreaterThan(json.estimate.rows * 100);
    expect(json.rows).toBeGreaterThan(1000);
    expect(json.counts['render.render_jobs']).toBeGreaterThan(0);
    expect((await runSeed(['verify', '--database-url', db.url])).code).toBe(0);
  });

  test('a scale larger than the free space where the data goes is refused with exit 1, naming it, before anything is written', async ({
    db,
    skip,
  }) => {
    const free = await freeSpaceOf(db.pool, db.url);
    expect(free.known, JSON.stringify(free)).toBe(true);
    if (!free.known) return;
    // A scale whose estimate exceeds the free space by a fifth (rows grow a little slower than the scale).
    const bytesAt = (scale: number) =>
      estimateLoad(planLoad({ seed: 1, scale, nowMs: Date.parse('2026-06-01') })).bytes;
    let scale = Math.ceil(free.bytes / bytesAt(1));
    while (bytesAt(scale) < free.bytes * 1.2 && scale <= MAX_SCALE) scale = Math.ceil(scale * 1.25);
    if (scale > MAX_SCALE) skip(`the data folder's disk holds more than scale ${MAX_SCALE}`);
    const result = await runSeed([
      '--scenario',
      'load',
      '--scale',
      String(scale),
      '--database-url',
      db.url,
      '--now',
      '2026-06-01',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Scale ${scale} plans about`);
    expect(result.stderr).toContain(`(${free.path}) has`);
    expect(result.stderr).toMatch(/Fix: Pass --scale [\d.]+ or less/);
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM render.render_jobs');
    expect(rows[0]!.n).toBe(0);
  });
});
