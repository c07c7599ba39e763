import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { finished, seedIn } from '../../support/spawn.js';

// The DB-free part of test/integration/seeding/seeded-template.test.ts: the CLI reads a service
// repository's scenarios, and refuses a refresh of the load, before any connection.
const repo = fileURLToPath(new URL('../../..', import.meta.url));
const fixture = path.join(repo, 'test/fixtures/worlds');

describe("a service repository's scenarios through the CLI", () => {
  test('seed list shows those of flatrender-seed.config.ts beside the built-in ones', async () => {
    const result = await finished(seedIn(fixture, ['list', '--json']));
    expect(result.code, result.stderr).toBe(0);
    const { scenarios } = JSON.parse(result.stdout) as {
      scenarios: { name: string; kind: string; origin: string }[];
    };
    expect(scenarios.map((s) => s.name)).toEqual([
      'minimal',
      'reseller',
      'demo',
      'render-farm',
      'load',
      'busy-reseller',
    ]);
    expect(scenarios.at(-1)).toMatchObject({ kind: 'factories', origin: 'worlds/busy-reseller.ts' });
    expect(scenarios.find((s) => s.name === 'load')?.kind).toBe('load');
  });

  test('seed refresh refuses the load, saying why and what to do instead', async () => {
    const result = await finished(
      seedIn(repo, [
        'refresh',
        '--scenario',
        'load',
        '--database-url',
        'postgresql://postgres@127.0.0.1:1/x',
        '--yes',
      ]),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('seed refresh cannot use scenario "load"');
    expect(result.stderr).toContain('seed reset');
  });
});
