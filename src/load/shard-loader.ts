import { pump, type SinkFactory } from '../sql/row-sink.js';
import { SHARD_TABLES } from './load-order.js';
import type { LoadPlan, ShardPlan } from './load-plan.js';
import type { Pools } from './pools.js';
import { NodeContext, TenantContext } from './tenant-context.js';

/**
 * Rows per batch of tenants (by the plan's estimate). A batch's tenants keep their job cores
 * between the table passes (a job is computed once, not once per child table); the batch bounds
 * that memory (~2 KB per job) whatever the scale.
 */
export const BATCH_ROWS = 250_000;

/** Splits shards into batches of about `budget` estimated rows, keeping their order. */
export function batchShards(shards: readonly ShardPlan[], budget = BATCH_ROWS): ShardPlan[][] {
  const batches: ShardPlan[][] = [];
  let current: ShardPlan[] = [];
  let load = 0;
  for (const shard of shards) {
    if (current.length > 0 && load + shard.estimate > budget) {
      batches.push(current);
      current = [];
      load = 0;
    }
    current.push(shard);
    load += shard.estimate;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * Generates the rows of some shards into sinks: batch by batch, and inside a batch table by table
 * in load order (one open sink at a time, parents before children). What a worker runs; the
 * benchmark runs it in-process with file sinks. Returns the rows written per table.
 */
export async function loadShards(
  plan: LoadPlan,
  pools: Pools,
  shards: readonly ShardPlan[],
  sinks: SinkFactory,
  batchRows = BATCH_ROWS,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const batch of batchShards(shards, batchRows)) {
    const tenants = batch
      .filter((s) => s.kind === 'tenant')
      .map((s) => new TenantContext(plan, plan.tenants[s.ordinal]!, pools));
    const nodes = batch
      .filter((s) => s.kind === 'node')
      .map((s) => new NodeContext(plan, plan.nodes[s.ordinal]!));
    for (const spec of SHARD_TABLES) {
      const width = spec.table.columns.length;
      const name = spec.table.name;
      let written: number;
      if (spec.scope === 'tenant') {
        if (tenants.length === 0) continue;
        const sink = await sinks.open(spec.table);
        for (const ctx of tenants) await pump(spec.rows(ctx), sink, width, name);
        written = await sink.close();
      } else {
        if (nodes.length === 0) continue;
        const sink = await sinks.open(spec.table);
        for (const ctx of nodes) await pump(spec.rows(ctx), sink, width, name);
        written = await sink.close();
      }
      counts[name] = (counts[name] ?? 0) + written;
    }
  }
  return counts;
}
