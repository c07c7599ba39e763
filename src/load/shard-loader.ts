import { pump, type RowSink, type SinkFactory } from '../sql/row-sink.js';
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
  // With overlapClose, a sink's close (the server finishing its COPY) runs while the next table's
  // rows are made; at most one close is pending. Measured at scale 10: ~1 s of a worker's 6.4 s went
  // to waiting for the ends of its ~150 COPYs.
  let closing: Promise<void> | undefined;
  const finish = async (sink: RowSink, name: string) => {
    // The previous table's close, which ran while this table's rows were made: in table order.
    await closing;
    const close = sink.close().then((written) => {
      counts[name] = (counts[name] ?? 0) + written;
    });
    if (!sinks.overlapClose) return close;
    // Awaited at the next table or at the end; until then a rejection must not count as unhandled.
    close.catch(() => {});
    closing = close;
  };
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
      if (spec.scope === 'tenant') {
        if (tenants.length === 0) continue;
        const sink = await sinks.open(spec.table);
        for (const ctx of tenants) await pump(spec.rows(ctx), sink, width, name);
        await finish(sink, name);
      } else {
        if (nodes.length === 0) continue;
        const sink = await sinks.open(spec.table);
        for (const ctx of nodes) await pump(spec.rows(ctx), sink, width, name);
        await finish(sink, name);
      }
    }
  }
  await closing;
  return counts;
}
