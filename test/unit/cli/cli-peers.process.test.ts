import { describe, expect, test } from 'vitest';
import { runSeed } from '../../support/spawn.js';

// The DB-free part of test/integration/cli/cli-peers.test.ts (its other DB-free tests run the built
// bin/seed.js, so they stay there, after the build).
describe('did you mean', () => {
  test('a mistyped command, flag or scenario gets the closest name, exit 1', async () => {
    const [command, flag, commandFlag, scenario] = await Promise.all([
      runSeed(['lst']),
      runSeed(['--scenaro', 'minimal']),
      runSeed(['verify', '--database-ur', 'postgresql://x@127.0.0.1:1/x']),
      runSeed(['--scenario', 'resseler', '--database-url', 'postgresql://x@127.0.0.1:1/x']),
    ]);
    expect(command.code).toBe(1);
    expect(command.stderr).toContain('did you mean seed list?');
    expect(flag.code).toBe(1);
    expect(flag.stderr).toContain('did you mean --scenario?');
    expect(commandFlag.code).toBe(1);
    expect(commandFlag.stderr).toContain('did you mean --database-url?');
    expect(scenario.code).toBe(1);
    expect(scenario.stderr).toContain('Did you mean "reseller"?');
  });
});
