/**
 * Worker-thread entry of the loader: makes the rows of its shards (whole tenants, whole render
 * nodes) and streams them on its own connection. It recomputes the plan from (seed, scale, now),
 * so the coordinator sends only the shard list and the pools. It starts while the coordinator
 * prepares the schema, reports `ready` once connected, and loads on `go`.
 */
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
  const client = await connect(input.databaseUrl, { application: 'flatrender-seed load worker' });
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
  let waitMs = 0;
  const timed = async <T>(work: Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work;
    } finally {
      waitMs += performance.now() - started;
    }
  };
  try {
    const started = performance.now();
    const counts = await loadShards(plan, input.pools, input.shards, {
      open: async (table) => {
        const sink = await timed(
          input.mode === 'copy'
            ? openCopySink(client, table, { onRows: report, typeCache })
            : Promise.resolve(openInsertSink(client, table, report)),
        );
        return {
          push: (row) => sink.push(row),
          flush: () => timed(sink.flush()),
          close: () => timed(sink.close()),
        };
      },
    });
    if (unreported > 0) post({ type: 'rows', rows: unreported });
    const totalMs = performance.now() - started;
    post({
      type: 'done',
      counts,
      timing: { busySeconds: (totalMs - waitMs) / 1000, waitSeconds: waitMs / 1000 },
    });
  } finally {
    await client.end().catch(() => {});
  }
}

main().catch((error: unknown) => post({ type: 'error', error: toWorkerError(error) }));
