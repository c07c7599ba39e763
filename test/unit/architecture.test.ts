import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';

// ARCHITECTURE.md's layer table is the rule .dependency-cruiser.cjs enforces, written out: this test
// keeps the two equal, and keeps every folder of src/ on some floor.
interface Layer {
  readonly name: string;
  readonly paths?: readonly string[];
}
const require = createRequire(import.meta.url);
const { LAYERS } = require('../../.dependency-cruiser.cjs') as { LAYERS: readonly (readonly Layer[])[] };

const root = new URL('../../', import.meta.url);
const folderOf = (layer: Layer) => (layer.paths ?? [`src/${layer.name}/`]).map((p) => `\`${p}\``).join(', ');

function tableRows(): Map<string, { folder: string; mayImport: string[] }> {
  const text = readFileSync(new URL('ARCHITECTURE.md', root), 'utf8');
  const start = text.indexOf('| layer | folder | may import |');
  expect(start, 'ARCHITECTURE.md has a "| layer | folder | may import |" table').toBeGreaterThan(-1);
  const rows = new Map<string, { folder: string; mayImport: string[] }>();
  for (const line of text.slice(start).split('\n').slice(2)) {
    if (!line.startsWith('|')) break;
    const [name = '', folder = '', mayImport = ''] = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    rows.set(name, {
      folder,
      mayImport: mayImport === '—' ? [] : mayImport.split(',').map((item) => item.trim().replaceAll('`', '')),
    });
  }
  return rows;
}

describe('the layers', () => {
  test("ARCHITECTURE.md's table says what .dependency-cruiser.cjs enforces, floor by floor", () => {
    const rows = tableRows();
    const expected = new Map<string, { folder: string; mayImport: string[] }>();
    LAYERS.forEach((floor, level) => {
      const below = LAYERS.slice(0, level)
        .reverse()
        .flat()
        .map((layer) => layer.name);
      for (const layer of floor) expected.set(layer.name, { folder: folderOf(layer), mayImport: below });
    });
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(expected));
  });

  test('every folder and root file of src/ is on a floor', () => {
    const placed = new Set(LAYERS.flat().flatMap((layer) => layer.paths ?? [`src/${layer.name}`]));
    const entries = readdirSync(new URL('src/', root), { withFileTypes: true }).map(
      (entry) => `src/${entry.name}`,
    );
    expect(entries.filter((entry) => !placed.has(entry))).toEqual([]);
  });
});
