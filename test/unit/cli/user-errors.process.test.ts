import { describe, expect, test } from 'vitest';
import { runSeed } from '../../support/spawn.js';
import { userError } from '../../support/user-error.js';

// The DB-free part of test/integration/cli/user-errors.test.ts: inputs refused before any connection.
/** A URL nothing listens on: an input refused before any connection never reaches it. */
const NOWHERE = 'postgresql://postgres@127.0.0.1:1/x';

describe('bad input is refused with exit 1, quoting it', () => {
  test('--seed, --now, --scale and --workers', async () => {
    const cases: [string[], string][] = [
      [
        ['--scenario', 'minimal', '--database-url', NOWHERE, '--seed', 'abc'],
        '--seed is "abc"; the seed must be a whole number',
      ],
      [
        ['--scenario', 'minimal', '--database-url', NOWHERE, '--now', 'yesterday'],
        '--now is "yesterday": the reference time must be an ISO-8601 date',
      ],
      [
        ['--scenario', 'load', '--database-url', NOWHERE, '--scale', '1e308'],
        '--scale is "1e308"; the load accepts at most 1000',
      ],
      [
        ['--scenario', 'load', '--database-url', NOWHERE, '--scale', '100000'],
        '--scale is "100000"; the load accepts at most 1000',
      ],
      [
        ['--scenario', 'load', '--database-url', NOWHERE, '--scale', '0'],
        '--scale is "0"; it must be a positive number',
      ],
      [
        ['--scenario', 'load', '--database-url', NOWHERE, '--scale', '1', '--workers', '0'],
        '--workers is "0"; it must be a whole number from 1 to 64',
      ],
      [
        ['refresh', '--database-url', NOWHERE, '--scenario', 'minimal', '--seed', '1.5', '--yes'],
        '--seed is "1.5"',
      ],
    ];
    const results = await Promise.all(cases.map(([args]) => runSeed(args)));
    for (const [i, result] of results.entries()) userError(result, cases[i]![1]);
  });

  test('a large load says how many rows and how much disk it plans before it starts', async () => {
    const result = await runSeed(['--scenario', 'load', '--database-url', NOWHERE, '--scale', '1000']);
    expect(result.stderr).toMatch(/Scale 1000 plans about [\d,]+ rows, about [\d.]+ GB on disk/);
    userError(result, 'Cannot connect to');
  });
});
