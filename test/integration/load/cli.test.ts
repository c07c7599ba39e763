import { describe, expect } from 'vitest';
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
    };
    expect(json.scenario).toBe('load');
    expect(json.rows).toBeGreaterThan(1000);
    expect(json.counts['render.render_jobs']).toBeGreaterThan(0);
    expect((await runSeed(['verify', '--database-url', db.url])).code).toBe(0);
  });

  test('without --scale exits 1 and says how to give it', async () => {
    const result = await runSeed([
      '--scenario',
      'load',
      '--database-url',
      'postgresql://postgres@127.0.0.1:1/x',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--scale');
  });
});
