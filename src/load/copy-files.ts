import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { referenceTime } from '../domain/tenancy.js';
import { openFileSink } from '../sql/file-sink.js';
import { partitionStatement } from '../sql/partitions.js';
import { pump } from '../sql/row-sink.js';
import { advanceSequenceStatement } from '../sql/sequences.js';
import { nodeRows, nodesTable } from './gen-nodes.js';
import { LOADED_TABLES } from './load-order.js';
import { planLoad } from './load-plan.js';
import { buildPools } from './pools.js';
import { loadShards } from './shard-loader.js';

export interface CopyFiles {
  /** A psql script: the partitions, one `\copy` per table file (in load order), the identity sequences. */
  readonly script: string;
  readonly rows: number;
  readonly counts: Record<string, number>;
}

/**
 * Writes the rows runLoad would load (same seed, scale and reference time) as COPY text files, one
 * per table, plus `load.sql`, which loads them with `psql -f` (`\copy`) into a migrated database
 * and leaves it as runLoad would (same partitions and sequence positions). In-process, one
 * generator: the benchmark's baseline is the time psql takes, not this.
 */
export async function writeCopyFiles(
  dir: string,
  options: { seed?: number; scale: number; now?: Date | string },
): Promise<CopyFiles> {
  const seed = options.seed ?? 1;
  const nowMs = referenceTime(options.now).getTime();
  const plan = planLoad({ seed, scale: options.scale, nowMs });
  await mkdir(dir, { recursive: true });
  const file = (table: string) => path.join(dir, `${table}.copy`);
  const opened = new Set<string>();

  const nodes = openFileSink(file(nodesTable.name), nodesTable);
  await pump(nodeRows(plan), nodes, nodesTable.columns.length, nodesTable.name);
  const counts: Record<string, number> = { [nodesTable.name]: await nodes.close() };
  opened.add(nodesTable.name);
  const shardCounts = await loadShards(plan, buildPools(seed), plan.shards, {
    open: async (table) => {
      const append = opened.has(table.name);
      opened.add(table.name);
      return openFileSink(file(table.name), table, { append });
    },
  });
  Object.assign(counts, shardCounts);

  const lines: string[] = [];
  for (const month of plan.months.requestLogs) {
    lines.push(`${partitionStatement('identity.tenant_api_request_logs', month)};`);
  }
  for (const month of plan.months.healthLogs) {
    lines.push(`${partitionStatement('render.node_health_logs', month)};`);
  }
  for (const table of LOADED_TABLES) {
    lines.push(`\\copy ${table.sql} ${table.columnList} FROM '${file(table.name).replace(/'/g, "''")}'`);
  }
  for (const table of [
    'render.render_job_events',
    'identity.tenant_api_request_logs',
    'render.node_health_logs',
  ]) {
    lines.push(`${advanceSequenceStatement(table)};`);
  }
  const script = `${lines.join('\n')}\n`;
  await writeFile(path.join(dir, 'load.sql'), script);
  return { script, rows: Object.values(counts).reduce((a, b) => a + b, 0), counts };
}
