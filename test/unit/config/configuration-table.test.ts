import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const table = README.slice(README.indexOf('\n## Configuration\n'), README.indexOf('\n## Security\n'));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(path.join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [path.join(dir, e.name)]
        : [],
  );
}

describe("README's configuration table", () => {
  it('documents every environment variable the toolkit reads', () => {
    const read = new Set<string>();
    for (const file of sources(path.join(ROOT, 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\benv(?:\?)?\.([A-Z][A-Z0-9_]+)|\benv\[['"]([A-Z][A-Z0-9_]+)['"]\]/g)) {
        read.add((m[1] ?? m[2])!);
      }
    }
    expect(read.size).toBeGreaterThan(5);
    expect([...read].filter((name) => !table.includes(`\`${name}`)).sort()).toEqual([]);
  });
});
