import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as advanced from '../../src/advanced.js';
import * as root from '../../src/index.js';
import * as load from '../../src/load/index.js';

const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  exports: Record<string, { types: string; default: string } | string>;
};

describe('the public surface', () => {
  it('the root exports what a user calls, and nothing else', () => {
    expect(Object.keys(root).sort()).toEqual(
      [
        'SeedError',
        'createFactories',
        'createTestDatabase',
        'defineScenario',
        'enumValues',
        'hashApiKey',
        'isSeedError',
        'migrate',
        'openWorld',
        'refreshDatabase',
        'resetDatabase',
        'scenarios',
        'seedDatabase',
        'startReadyServer',
        'startServer',
        'verifyDatabase',
      ].sort(),
    );
  });

  it('the bulk load is its own subpath', () => {
    expect(Object.keys(load).sort()).toEqual(
      [
        'MAX_SCALE',
        'defaultWorkers',
        'estimateLoad',
        'missingDefinitions',
        'planLoad',
        'recoverInterruptedLoad',
        'runLoad',
        'terminalProgress',
      ].sort(),
    );
  });

  it('advanced repeats nothing of the root or the load, and has no defineFactory', () => {
    const elsewhere = new Set([...Object.keys(root), ...Object.keys(load)]);
    expect(Object.keys(advanced).filter((name) => elsewhere.has(name))).toEqual([]);
    expect(Object.keys(advanced)).not.toContain('defineFactory');
    expect(Object.keys(advanced)).toEqual(
      expect.arrayContaining(['resolveConfig', 'ensureTemplate', 'claimSpare']),
    );
  });

  it('package.json maps each subpath to the build of its entry', () => {
    expect(manifest.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
    expect(manifest.exports['./advanced']).toEqual({
      types: './dist/advanced.d.ts',
      default: './dist/advanced.js',
    });
    expect(manifest.exports['./load']).toEqual({
      types: './dist/load/index.d.ts',
      default: './dist/load/index.js',
    });
  });
});
