import { readFileSync } from 'node:fs';
import { describe, expect } from 'vitest';
import { createFactories } from '../../../src/factories/index.js';
import { createSeedTest } from '../../../src/vitest/index.js';

const test = createSeedTest({ isolation: 'test' });
const worldTest = createSeedTest({ scenario: 'reseller', now: '2026-06-01T00:00:00Z', isolation: 'test' });

/** The README's code blocks marked ```ts test, so that its examples cannot rot. */
const blocks = [
  ...readFileSync(new URL('../../../README.md', import.meta.url), 'utf8').matchAll(
    /```ts test\n([\s\S]*?)```/g,
  ),
].map((match) => match[1]!);

/** Blocks marked ```ts test-world run inside createSeedTest({ scenario: 'reseller' }), with db, world and f. */
const worldBlocks = [
  ...readFileSync(new URL('../../../README.md', import.meta.url), 'utf8').matchAll(
    /```ts test-world\n([\s\S]*?)```/g,
  ),
].map((match) => match[1]!);

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => (...values: unknown[]) => Promise<void>;

describe('README examples', () => {
  test('there are some', () => {
    expect(blocks.length).toBeGreaterThan(0);
  });
  blocks.forEach((code, index) => {
    test(`block ${index + 1} runs`, async ({ db }) => {
      const run = new AsyncFunction('db', 'expect', 'createFactories', code);
      await run(db, expect, createFactories);
    });
  });
  worldBlocks.forEach((code, index) => {
    worldTest(`world block ${index + 1} runs`, async ({ db, world, f }) => {
      const run = new AsyncFunction('db', 'world', 'f', 'expect', code);
      await run(db, world, f, expect);
    });
  });
});
