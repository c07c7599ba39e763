/**
 * createList benchmark: the same rows through the factories, once with one INSERT per row (the
 * baseline, `copyThreshold: Infinity`) and once through the COPY path, into fresh clones of one
 * embedded server, in the same run. Prints rows/s of both and the ratio.
 *
 *   node --import tsx bench/create-list.ts [--rows 5000] [--runs 3] [--json]
 *
 * Not a test: it asserts nothing. Generation (faker, hooks) is timed on both paths.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { resolveConfig } from '../src/config/resolve-config.js';
import { closeAdminConnections, createTestDatabase } from '../src/database/test-database.js';
import { createFactories, type Factories } from '../src/factories/index.js';
import { startEmbedded } from '../src/server/embedded/embedded-provider.js';
import { embeddedOptions } from '../src/server/start-server.js';

/** The embedded provider's options as the environment configures them (FLATRENDER_SEED_DATA_DIR, PG_BIN…). */
const configured = embeddedOptions(resolveConfig({}, process.env));

const log = (line: string) => process.stderr.write(`${line}\n`);
const NOW = '2026-06-01T00:00:00Z';

/** Tables of different shapes: a wide row with enums and jsonb; an identity-keyed, partitioned log; a file row. */
const CASES = {
  'notification.notifications': (f: Factories, n: number) => f.notification.createList(n),
  'identity.tenant_api_request_logs': (f: Factories, n: number) => f.tenantApiRequestLog.createList(n),
  'file_mgr.files': (f: Factories, n: number) => f.file.createList(n),
} as const;

interface Result {
  readonly table: string;
  readonly rows: number;
  readonly insertRowsPerSecond: number;
  readonly copyRowsPerSecond: number;
  readonly ratio: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '5000' },
      runs: { type: 'string', default: '3' },
      json: { type: 'boolean', default: false },
    },
  });
  const rows = Number(values.rows);
  const runs = Number(values.runs);
  if (!(Number.isInteger(rows) && rows > 0) || !(Number.isInteger(runs) && runs > 0)) {
    throw new Error(`--rows and --runs want positive integers, got ${values.rows} and ${values.runs}`);
  }
  const server = await startEmbedded({ ...configured, spare: false });
  const results: Result[] = [];
  try {
    for (const [table, make] of Object.entries(CASES)) {
      const insert: number[] = [];
      const copy: number[] = [];
      for (let run = 1; run <= runs; run++) {
        // Alternate the order so neither path always runs on a warmer server.
        for (const path of run % 2 ? (['insert', 'copy'] as const) : (['copy', 'insert'] as const)) {
          const seconds = await timeOnce(
            server,
            make,
            rows,
            path === 'insert' ? Number.POSITIVE_INFINITY : 1,
          );
          (path === 'insert' ? insert : copy).push(rows / seconds);
          log(`  ${table} ${path} ${run}/${runs}: ${Math.round(rows / seconds)} rows/s`);
        }
      }
      const i = median(insert);
      const c = median(copy);
      results.push({ table, rows, insertRowsPerSecond: i, copyRowsPerSecond: c, ratio: c / i });
    }
  } finally {
    await closeAdminConnections();
    await server.stop();
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    return;
  }
  console.log(`# createList(${rows}): one INSERT per row (baseline) vs COPY, median of ${runs} runs\n`);
  console.log('| table | INSERT rows/s | COPY rows/s | COPY / INSERT |');
  console.log('|---|---:|---:|---:|');
  for (const r of results) {
    console.log(
      `| ${r.table} | ${Math.round(r.insertRowsPerSecond)} | ${Math.round(r.copyRowsPerSecond)} | ${r.ratio.toFixed(2)}× |`,
    );
  }
}

async function timeOnce(
  server: { adminUrl: string; template: string },
  make: (f: Factories, n: number) => Promise<unknown>,
  rows: number,
  copyThreshold: number,
): Promise<number> {
  await using database = await createTestDatabase({ ...server, prefix: 'bench_list' });
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  try {
    const f = createFactories(pool, { seed: 1, now: NOW, copyThreshold });
    await make(f, 1); // parents (tenant, user, api key…) outside the timing
    const started = performance.now();
    await make(f, rows);
    return (performance.now() - started) / 1000;
  } finally {
    await pool.end();
  }
}

function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

await main();
