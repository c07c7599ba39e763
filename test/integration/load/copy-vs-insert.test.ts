import { describe, expect } from 'vitest';
import { runLoad } from '../../../src/load/run-load.js';
import { createSeedTest } from '../../../src/vitest/index.js';
import {
  anotherDatabase,
  catalogDefinitions,
  contentDigest,
  withClient,
} from '../../support/load-databases.js';

const test = createSeedTest({ isolation: 'test' });

describe('runLoad: COPY path', () => {
  test('COPY-loaded rows equal INSERT-loaded rows for the same seed', async ({ db }) => {
    await using inserted = await anotherDatabase('ft_load_insert');
    const copy = await runLoad({ databaseUrl: db.url }, { scale: 0.03, workers: 2, seed: 11, mode: 'copy' });
    const insert = await runLoad(
      { databaseUrl: inserted.url },
      { scale: 0.03, workers: 3, seed: 11, mode: 'insert' },
    );

    expect(copy.counts).toEqual(insert.counts);
    // Each worker says where its row phase went; on Linux also its thread's own CPU, which cannot
    // exceed the phase's wall time (busy + waiting) by more than the 10 ms clock tick.
    expect(copy.workers).toHaveLength(2);
    for (const timing of copy.workers) {
      expect(timing.busySeconds).toBeGreaterThan(0);
      if (process.platform === 'linux') {
        expect(timing.cpuSeconds).toBeGreaterThan(0);
        expect(timing.cpuSeconds!).toBeLessThanOrEqual(timing.busySeconds + timing.waitSeconds + 0.02);
      }
    }
    const viaCopy = await contentDigest(db);
    const viaInsert = await withClient(inserted.url, (client) => contentDigest(client));
    expect(viaCopy).toEqual(viaInsert);
    // Deferred indexes and foreign keys came back exactly as the INSERT path left them.
    expect(await catalogDefinitions(db)).toEqual(
      await withClient(inserted.url, (client) => catalogDefinitions(client)),
    );
  });
});
