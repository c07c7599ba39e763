/**
 * Worker-thread entry of the loader: makes the rows of its shards (whole tenants, whole render
 * nodes) and streams them on its own connection. It recomputes the plan from (seed, scale, now),
 * so the coordinator sends only the shard list and the pools. It starts while the coordinator
 * prepares the schema, reports `ready` once connected, and loads on `go`.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { connect } from '../sql/connect.js';
import { openCopySink } from '../sql/copy-writer.js';
import { openInsertSink } from '../sql/insert-sink.js';
import { planLoad } from './load-plan.js';
import { loadShards } from './shard-loader.js';
import { toWorkerError, type WorkerInput, type WorkerMessage } from './worker-protocol.js';

const input = workerData as WorkerInput;
const post = (message: WorkerMessage) => parentPort!.postMessage(message);

async function main(): Promise<void> {
  const plan = planLoad({
    seed: input.seed,
    scale: input.scale,
    nowMs: input.nowMs,
    idOffsets: input.idOffsets,
  });
  // COPY mode: two connections, alternating tables, so that one finishes a COPY while the other
  // takes the next table's rows (loadShards' overlapClose). INSERT mode keeps one, in order.
  const clients = await Promise.all(
    Array.from({ length: input.mode === 'copy' ? 2 : 1 }, () =>
      connect(input.databaseUrl, { application: `flatrender-seed load worker ${input.worker ?? 1}` }),
    ),
  );
  const go = new Promise<void>((resolve) => parentPort!.once('message', () => resolve()));
  post({ type: 'ready' });
  await go;
  // Progress at most every 100 ms: a message per chunk cost more than 4% of a worker's time.
  let unreported = 0;
  let reportedAt = 0;
  const report = (rows: number) => {
    unreported += rows;
    const now = performance.now();
    if (now - reportedAt < 100) return;
    reportedAt = now;
    post({ type: 'rows', rows: unreported });
    unreported = 0;
  };
  const typeCache = new Map<string, number>();
  let opened = 0;
  try {
    // Busy and waiting as the thread's event loop saw them: running JavaScript, or idle until the
    // server takes more (a full socket, the end of a COPY).
    const start = performance.eventLoopUtilization();
    const cpuStart = threadCpuSeconds();
    const counts = await loadShards(plan, input.pools, input.shards, {
      overlapClose: clients.length > 1,
      open: async (table) => {
        const client = clients[opened++ % clients.length]!;
        return input.mode === 'copy'
          ? openCopySink(client, table, { onRows: report, typeCache })
          : openInsertSink(client, table, report);
      },
    });
    if (unreported > 0) post({ type: 'rows', rows: unreported });
    const { active, idle } = performance.eventLoopUtilization(start);
    const cpuEnd = threadCpuSeconds();
    post({
      type: 'done',
      counts,
      timing: {
        busySeconds: active / 1000,
        waitSeconds: idle / 1000,
        ...(cpuStart !== undefined && cpuEnd !== undefined ? { cpuSeconds: cpuEnd - cpuStart } : {}),
      },
    });
  } finally {
    await Promise.all(clients.map((client) => client.end().catch(() => {})));
  }
}

/**
 * This thread's CPU time (user + system) in seconds, from /proc/thread-self/stat (fields 14 and 15,
 * in clock ticks of 1/100 s, Linux's USER_HZ); undefined where there is no such file.
 */
function threadCpuSeconds(): number | undefined {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

main().catch((error: unknown) => post({ type: 'error', error: toWorkerError(error) }));
