import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { JSDOM } from 'jsdom';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableInfo } from '../../../src/schema/generated/tables.js';
import { SERVICE_SCHEMAS } from '../../../src/schema/schema-info.js';
import { softReferences } from '../../../src/schema/soft-references.js';

// The committed pages (`seed codegen --check` in npm test keeps them equal to the migrations).
const docs = fileURLToPath(new URL('../../../docs/schema/', import.meta.url));
const page = (schema: string) => readFileSync(`${docs}${schema}.md`, 'utf8');
const diagramOf = (schema: string) => (page(schema).split('```mermaid\n')[1] ?? '').split('```')[0] ?? '';

/** Entities a diagram declares with their columns (`render__nodes {`). */
const entitiesOf = (diagram: string) =>
  [...diagram.matchAll(/^ {2}(\w+) \{$/gm)].map((m) => m[1]!.replace('__', '.'));

let mermaid: { parse(text: string): Promise<unknown> };
beforeAll(async () => {
  // Mermaid's parser wants a DOM (for sanitising labels); a bare one is enough to parse.
  const { window } = new JSDOM('<!doctype html><html><body></body></html>');
  Object.assign(globalThis, { window, document: window.document, DOMParser: window.DOMParser });
  mermaid = (await import('mermaid')).default;
});

describe('docs/schema: one page per service schema with an ER diagram', () => {
  it('has a page per schema and an index that links them', () => {
    expect(readdirSync(docs).sort()).toEqual(['README.md', ...SERVICE_SCHEMAS.map((s) => `${s}.md`)].sort());
    const index = readFileSync(`${docs}README.md`, 'utf8');
    for (const schema of SERVICE_SCHEMAS) expect(index).toContain(`(${schema}.md)`);
  });

  it('draws every one of the 79 tables in its schema diagram, and each diagram parses as Mermaid', async () => {
    const drawn: string[] = [];
    for (const schema of SERVICE_SCHEMAS) {
      const diagram = diagramOf(schema);
      await expect(mermaid.parse(diagram), `${schema}.md`).resolves.toBeTruthy();
      drawn.push(...entitiesOf(diagram).filter((t) => t.startsWith(`${schema}.`)));
    }
    expect(drawn.sort()).toEqual(Object.keys(tableInfo).sort());
    expect(drawn).toHaveLength(79);
  });

  it('draws soft references dashed and marks the one hard cross-schema foreign key', () => {
    const identity = diagramOf('identity');
    expect(identity).toMatch(
      /identity__earned_gifts \}o--o\| notification__notifications : "notification_id \(hard cross-schema FK\)"/,
    );
    for (const ref of softReferences) {
      const from = ref.table.replace('.', '__');
      const to = ref.target.replace('.', '__');
      expect(diagramOf(ref.table.split('.')[0]!), `${ref.table}.${ref.column}`).toMatch(
        new RegExp(`${from} \\}o\\.\\.(o\\||\\|\\|) ${to} : "${ref.column} \\(soft`),
      );
    }
  });

  it('lists every column of every table', () => {
    for (const [table, info] of Object.entries(tableInfo)) {
      const text = page(table.split('.')[0]!);
      const section = (text.split(`### ${table}`)[1] ?? '').split('\n### ')[0] ?? '';
      for (const column of info.columns) expect(section, table).toContain(`| \`${column.name}\` |`);
    }
  });
});
