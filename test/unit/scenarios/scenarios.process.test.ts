import { describe, expect, test } from 'vitest';
import { scenarios } from '../../../src/scenarios/registry.js';
import { runSeed } from '../../support/spawn.js';

// The DB-free part of test/integration/scenarios/scenarios.test.ts.
describe('seed --scenario <name> --database-url <fresh database> --json', () => {
  test('an unknown scenario exits 1 and lists the scenarios', async () => {
    const result = await runSeed([
      '--scenario',
      'bogus',
      '--database-url',
      'postgresql://postgres@127.0.0.1:1/x',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `There is no scenario "bogus". The scenarios are: ${[...Object.keys(scenarios), 'load'].join(', ')}.`,
    );
  });

  test('seed list shows every scenario with its description', async () => {
    const result = await runSeed(['list']);
    expect(result.code).toBe(0);
    for (const s of Object.values(scenarios)) expect(result.stdout).toContain(s.description);
  });
});
