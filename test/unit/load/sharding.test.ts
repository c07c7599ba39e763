import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SHARD_TABLES } from '../../../src/load/load-order.js';
import { assignShards, planLoad } from '../../../src/load/load-plan.js';
import { buildPools } from '../../../src/load/pools.js';
import { loadShards } from '../../../src/load/shard-loader.js';
import { copyTextLine } from '../../../src/sql/copy-text.js';

const plan = planLoad({ seed: 4, scale: 0.05, nowMs: Date.parse('2026-06-01T00:00:00Z') });
const pools = buildPools(4);

/** Every table's generated rows (as COPY text), sorted, hashed: what the shards make, not how they are split. */
async function generate(groups: readonly (readonly (typeof plan.shards)[number][])[], batchRows: number) {
  const lines = new Map<string, string[]>();
  for (const shards of groups) {
    await loadShards(
      plan,
      pools,
      shards,
      {
        open: async (table) => {
          const out = lines.get(table.name) ?? [];
          lines.set(table.name, out);
          let n = 0;
          return {
            push(row) {
              out.push(copyTextLine(row, table.kinds));
              n++;
              return false;
            },
            async flush() {},
            async close() {
              return n;
            },
          };
        },
      },
      batchRows,
    );
  }
  return Object.fromEntries(
    [...lines].map(([table, rows]) => [
      table,
      `${rows.length} ${createHash('md5').update(rows.sort().join('')).digest('hex')}`,
    ]),
  );
}

describe('shards', () => {
  it('make the same rows however they are split over workers and batches', async () => {
    const whole = await generate([plan.shards], Number.POSITIVE_INFINITY);
    // Four workers, each shard in a batch of its own (job caches, aggregates and streams restart).
    const split = await generate(assignShards(plan, 4), 1);
    expect(split).toEqual(whole);
    // Every shard table gets rows, even at this small scale.
    expect(Object.keys(whole).sort()).toEqual(SHARD_TABLES.map((t) => t.table.name).sort());
  });

  it('are whole tenants and nodes, spread by size over the workers', () => {
    const groups = assignShards(plan, 3);
    expect(
      groups
        .flat()
        .map((s) => `${s.kind}${s.ordinal}`)
        .sort(),
    ).toEqual(plan.shards.map((s) => `${s.kind}${s.ordinal}`).sort());
    const loads = groups.map((g) => g.reduce((sum, s) => sum + s.estimate, 0));
    const biggest = Math.max(...plan.shards.map((s) => s.estimate));
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(biggest);
  });
});
