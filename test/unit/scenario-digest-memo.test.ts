import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scenarios } from '../../src/scenarios/registry.js';
import { scenarioDigest } from '../../src/seeding/scenario-digest.js';

const roots: string[] = [];
const newRoot = () => {
  const root = mkdtempSync(path.join(tmpdir(), 'fr-digest-'));
  roots.push(root);
  return root;
};
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

describe('scenarioDigest memo', () => {
  it('is kept in the data root it is given, not before one is given', async () => {
    const root = newRoot();
    const unrooted = await scenarioDigest(scenarios.reseller);
    expect(readdirSync(root)).toEqual([]);
    const rooted = await scenarioDigest(scenarios.reseller, { dataRoot: root });
    expect(rooted).toBe(unrooted);
    // A graph already known in memory is not walked again, so ask for one that is not.
    await scenarioDigest(scenarios.minimal, { dataRoot: root });
    expect(existsSync(path.join(root, 'scenario-digests.json'))).toBe(true);
  }, 30_000);
});
