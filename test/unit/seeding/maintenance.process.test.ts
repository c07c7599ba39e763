import { createServer } from 'node:net';
import { describe, expect, test } from 'vitest';
import { runSeed } from '../../support/spawn.js';

// The DB-free part of test/integration/seeding/maintenance.test.ts: a port that never answers.
describe('seed verify', () => {
  test('an unreachable server is a clear error, given up on by the connect timeout', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const result = await runSeed([
        'verify',
        '--database-url',
        `postgresql://postgres@127.0.0.1:${port}/demo`,
      ]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`Cannot connect to postgresql://postgres@127.0.0.1:${port}/demo`);
      // It gave up on its own connect timeout (a silent port never answers), not on the test's.
      expect(result.stderr).toMatch(/timeout/i);
    } finally {
      silent.close();
    }
  });
});
