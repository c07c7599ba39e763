import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { builtInEntries, findScenario, loadEntry } from '../../../src/scenarios/registry.js';
import { defineScenario } from '../../../src/scenarios/scenario.js';
import { isScenarioPath } from '../../../src/seeding/scenario-catalog.js';
import { readWorld, writeWorld } from '../../../src/seeding/world-record.js';

describe('defineScenario', () => {
  test('finds the file it is called from, so the seeded template follows edits of that file', () => {
    const scenario = defineScenario({
      name: 'here',
      run: async () => ({ handles: {}, credentials: { logins: [], apiKeys: [] } }),
    });
    expect(scenario.module).toBe(fileURLToPath(import.meta.url));
    expect(scenario.fills).toEqual([]);
  });

  test('keeps a module it is given', () => {
    const scenario = defineScenario({
      name: 'given',
      module: '/somewhere/else.ts',
      run: async () => ({ handles: {}, credentials: { logins: [], apiKeys: [] } }),
    });
    expect(scenario.module).toBe('/somewhere/else.ts');
  });
});

describe('scenario kinds', () => {
  test('the catalogue lists the factory scenarios and the load', () => {
    expect(builtInEntries().map((e) => [e.name, e.kind])).toEqual([
      ['minimal', 'factories'],
      ['reseller', 'factories'],
      ['demo', 'factories'],
      ['render-farm', 'factories'],
      ['load', 'load'],
    ]);
  });

  test('the load refuses refresh and seeded templates, with what to do instead, and accepts seeding', () => {
    expect(loadEntry.refuses('seed')).toBeUndefined();
    expect(loadEntry.refuses('refresh')).toMatch(/seed reset .* then seed --scenario load/);
    expect(loadEntry.refuses('template')).toMatch(/seed --scenario load --scale/);
    expect(() => findScenario('load')).toThrow(expect.objectContaining({ code: 'E_SCENARIO_REFUSED' }));
  });

  test('an unknown name lists every scenario', () => {
    expect(() => findScenario('bogus')).toThrow(
      /The scenarios are: minimal, reseller, demo, render-farm, load\./,
    );
  });

  test('--scenario names a file when it has a slash or a script extension', () => {
    expect(['./w.ts', 'worlds/x', 'x.mjs', 'C:\\w\\x'].map(isScenarioPath)).toEqual([true, true, true, true]);
    expect(['reseller', 'busy-reseller', 'render-farm'].map(isScenarioPath)).toEqual([false, false, false]);
  });
});

describe('the world record', () => {
  test('gives back Dates and Buffers as they went in', async () => {
    let stored = '';
    const db = {
      query: async (text: string, values?: unknown[]) => {
        if (text.includes('INSERT')) stored = String(values?.[3]);
        if (text.includes('to_regclass')) return { rows: [{ exists: true }] };
        if (text.includes('SELECT summary')) return { rows: [{ summary: stored }] };
        return { rows: [] };
      },
    };
    const when = new Date('2026-05-01T10:00:00Z');
    const summary = {
      scenario: 'x',
      seed: 1,
      now: '2026-06-01T00:00:00.000Z',
      counts: {},
      credentials: { logins: [], apiKeys: [] },
      credentialSource: 'seed' as const,
      handles: { row: { created_at: when, secret: Buffer.from('abc'), tags: ['a'], meta: { $date: 1 } } },
    };
    await writeWorld(db as never, summary);
    const back = await readWorld(db as never);
    expect(back).toEqual(summary);
    expect((back?.handles as typeof summary.handles).row.created_at).toBeInstanceOf(Date);
  });
});
