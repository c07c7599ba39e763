import { describe, expect, test } from 'vitest';
import { MAX_SCALE } from '../../../src/domain/load-scale.js';
import { runSeed } from '../../support/spawn.js';

// The DB-free part of test/integration/load/cli.test.ts: flags refused before any connection.
describe('seed --scenario load', () => {
  test('a scale beyond the documented maximum is refused with exit 1, naming it and the maximum', async () => {
    const result = await runSeed([
      '--scenario',
      'load',
      '--scale',
      String(MAX_SCALE + 1),
      '--database-url',
      'postgresql://postgres@127.0.0.1:1/x',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`--scale is "${MAX_SCALE + 1}"; the load accepts at most ${MAX_SCALE}`);
    expect(result.stderr).toContain(`Fix: Pass --scale ${MAX_SCALE} or less.`);
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
