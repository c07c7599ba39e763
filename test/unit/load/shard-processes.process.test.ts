import { describe, expect, test } from 'vitest';
import { runSeed } from '../../support/spawn.js';

// The DB-free part of test/integration/load/shard-processes.test.ts: flags refused before any connection.
describe('seed --scenario load --shard i/n', () => {
  test('without --database-url, or with a bad i/n, it exits 1 naming the value and the fix', async () => {
    const noUrl = await runSeed(['--scenario', 'load', '--scale', '0.05', '--shard', '1/2']);
    expect(noUrl.code).toBe(1);
    expect(noUrl.stderr).toContain('--shard 1/2 loads one slice');
    expect(noUrl.stderr).toContain('Fix: Give every shard the same database');
    const bad = await runSeed([
      '--scenario',
      'load',
      '--scale',
      '0.05',
      '--shard',
      '4/3',
      '--database-url',
      'postgresql://postgres@127.0.0.1:1/x',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--shard is "4/3"; it must be i/n');
  });
});
