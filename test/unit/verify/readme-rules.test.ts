import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { worldRules } from '../../../src/verify/verify-database.js';

const README = readFileSync(path.resolve(import.meta.dirname, '../../../docs/data-rules.md'), 'utf8');

describe("README's 'Data that adds up'", () => {
  it('names every rule seed verify checks, and no rule it does not', () => {
    const section = README.slice(
      README.indexOf('\n## The rules\n'),
      README.indexOf('\n## Where the rules live\n'),
    );
    const documented = new Set([...section.matchAll(/`([a-z]+(?:-[a-z]+)+)`/g)].map((m) => m[1] ?? ''));
    const checked = new Set([
      ...worldRules.map((r) => r.rule),
      'soft-reference',
      'tenant-coherence',
      'updated-after-created',
      'missing-key',
      'missing-index',
      'missing-foreign-key',
    ]);
    expect([...checked].filter((r) => !documented.has(r))).toEqual([]);
    expect([...documented].filter((r) => !checked.has(r))).toEqual([]);
  });
});
