import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sources } from '../../support/source-files.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const table = readFileSync(path.join(ROOT, 'docs/configuration.md'), 'utf8');

/**
 * The variables read in src/ (`env.X`, `env?.X`, `env['X']`). Since src/config is the only code that
 * reads the environment (test/unit/config/environment-reads.test.ts), these are all its reads; the
 * scan still covers all of src/, so a read that slipped past that rule is documented too.
 */
function variablesRead(): Set<string> {
  const read = new Set<string>();
  for (const file of sources(path.join(ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\benv(?:\?)?\.([A-Z][A-Z0-9_]+)|\benv\[['"]([A-Z][A-Z0-9_]+)['"]\]/g)) {
      read.add((m[1] ?? m[2])!);
    }
  }
  return read;
}

/** The first column of the table under "## Environment variables". */
function variablesDocumented(): string[] {
  const section = table.split(/^## /m).find((s) => s.startsWith('Environment variables'));
  expect(section, 'docs/configuration.md has an "Environment variables" section').toBeDefined();
  return [...section!.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \|/gm)].map((m) => m[1]!);
}

describe('docs/configuration.md', () => {
  it('documents every environment variable the toolkit reads, in its table', () => {
    const read = variablesRead();
    expect(read.size).toBeGreaterThan(5);
    const documented = new Set(variablesDocumented());
    expect([...read].filter((name) => !documented.has(name)).sort()).toEqual([]);
  });

  it('documents no variable the toolkit does not read, and each once', () => {
    const documented = variablesDocumented();
    expect(documented.filter((name, i) => documented.indexOf(name) !== i)).toEqual([]);
    const read = variablesRead();
    expect(documented.filter((name) => !read.has(name))).toEqual([]);
  });
});
