import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { runSeed } from '../../support/spawn.js';

// Flags every command has (docs/cli.md: "Global flags: …"), documented once below the table.
const GLOBAL = ['--json', '--quiet', '--verbose', '--show-password', '--help', '--version'];

const readme = readFileSync(new URL('../../../docs/cli.md', import.meta.url), 'utf8');
const cliSection = readme.slice(readme.indexOf('\n## Commands\n'), readme.indexOf('\n## Exit codes'));
/** The CLI table's rows: [command as typed ('' for seed --scenario), the flags its first cell shows]. */
const rows = [...cliSection.matchAll(/^\| `seed([^`]*)` \|/gm)].map((match) => {
  const usage = match[1]!.trim();
  const command = usage.startsWith('-') || usage === '' ? '' : usage.split(' ')[0]!;
  return [command, [...new Set(usage.match(/--[a-z][a-z-]*/g) ?? [])].sort()] as const;
});

function flagsOfHelp(help: string): string[] {
  const flags = [...help.matchAll(/^\s+(?:-\w, )?(--[a-z][a-z-]*)/gm)].map((m) => m[1]!);
  return [...new Set(flags)].filter((f) => !GLOBAL.includes(f)).sort();
}

describe("README's CLI table", () => {
  test('has a row per command', () => {
    expect(rows.map(([command]) => command)).toEqual([
      '',
      'list',
      'completion',
      'up',
      'migrate',
      'verify',
      'reset',
      'refresh',
      'mark',
      'clean',
      'codegen',
    ]);
  });

  test("lists exactly the flags of each command's --help", async () => {
    const helps = await Promise.all(
      rows.map(([command]) => runSeed(command === '' ? ['--help'] : [command, '--help'])),
    );
    for (const [i, [command, documented]] of rows.entries()) {
      const help = helps[i]!;
      expect(help.code, help.stderr).toBe(0);
      if (command === 'completion') continue;
      expect(documented, `seed ${command} in the README`).toEqual(flagsOfHelp(help.stdout));
    }
  });

  test('names the global flags', async () => {
    const help = await runSeed(['--help']);
    for (const flag of GLOBAL) expect(help.stdout).toContain(flag);
    const note = cliSection.slice(cliSection.indexOf('Global flags'));
    for (const flag of GLOBAL.filter((f) => f !== '--help' && f !== '--version'))
      expect(note).toContain(flag);
  });
});
