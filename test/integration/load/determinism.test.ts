import { describe, expect } from 'vitest';
import type { LoadProgress } from '../../../src/load/progress.js';
import { runLoad } from '../../../src/load/run-load.js';
import { createSeedTest } from '../../../src/vitest/index.js';
import { anotherDatabase, contentDigest, withClient } from '../../support/load-databases.js';

const test = createSeedTest({ isolation: 'test' });
const SCALE = 0.03;

describe('runLoad: parallel shards', () => {
  test('1 and 4 workers load identical table contents for the same seed', async ({ db }) => {
    await using other = await anotherDatabase('ft_load_4_workers');
    const progress: LoadProgress[] = [];
    const one = await runLoad({ databaseUrl: db.url }, { scale: SCALE, workers: 1, seed: 7 });
    const four = await runLoad(
      { databaseUrl: other.url },
      { scale: SCALE, workers: 4, seed: 7, progress: (p) => progress.push(p) },
    );

    expect(one.rows).toBeGreaterThan(2_000);
    expect(four.counts).toEqual(one.counts);
    const expected = await contentDigest(db);
    const actual = await withClient(other.url, (client) => contentDigest(client));
    expect(actual).toEqual(expected);

    expect(progress.at(-1)).toMatchObject({
      phase: 'done',
      rows: four.rows,
      total: four.rows,
      etaSeconds: 0,
    });
    expect(progress.map((p) => p.rows)).toEqual([...progress.map((p) => p.rows)].sort((a, b) => a - b));
  });

  test('another seed gives other data', async ({ db }) => {
    await using other = await anotherDatabase('ft_load_seed_2');
    await runLoad({ databaseUrl: db.url }, { scale: SCALE, workers: 2, seed: 1 });
    await runLoad({ databaseUrl: other.url }, { scale: SCALE, workers: 2, seed: 2 });
    const a = await contentDigest(db);
    const b = await withClient(other.url, (client) => contentDigest(client));
    expect(b['render.render_jobs']).not.toEqual(a['render.render_jobs']);
    expect(b['identity.users']).not.toEqual(a['identity.users']);
  });

  test('loading the same seed twice into one database is refused before anything is written', async ({
    db,
  }) => {
    await runLoad({ databaseUrl: db.url }, { scale: SCALE, workers: 2, seed: 3 });
    const before = await contentDigest(db);
    await expect(runLoad({ databaseUrl: db.url }, { scale: SCALE, workers: 2, seed: 3 })).rejects.toThrow(
      /already holds the load data set of seed 3/,
    );
    expect(await contentDigest(db)).toEqual(before);
  });
});
