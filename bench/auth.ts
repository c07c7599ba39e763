/**
 * What closing the embedded server costs, measured in one run against a baseline of the same run:
 *
 * - per connection: a new connection + `SELECT 1` + close, over TCP with scram-sha-256 (what every
 *   client of the toolkit's URLs pays) against the same over the server's Unix socket with trust
 *   (the toolkit's own way in, and what the old trust-on-127.0.0.1 server cost);
 * - per start: computing the SCRAM verifiers of postgres and the six service roles (done while
 *   the data is copied and the postmaster starts), and the bootstrap connection that sets them
 *   (on the critical path), against a warm start.
 *
 *   node --import tsx bench/auth.ts [--runs <n>] [--json]
 *
 * Not a test: it asserts nothing. Progress goes to stderr.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { resolveConfig } from '../src/config/resolve-config.js';
import { startEmbedded } from '../src/server/embedded/embedded-provider.js';
import { socketUrl } from '../src/server/embedded/postgres-process.js';
import {
  passwordFor,
  SCRAM_ITERATIONS,
  setRolePasswords,
  verifiersFor,
} from '../src/server/server-passwords.js';
import { embeddedOptions } from '../src/server/start-server.js';

/** The embedded provider's options as the environment configures them (FLATRENDER_SEED_DATA_DIR, PG_BIN…). */
const configured = embeddedOptions(resolveConfig({}, process.env));

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '200' }, json: { type: 'boolean' } },
});
const runs = Number(values.runs);
const log = (line: string) => process.stderr.write(`${line}\n`);
const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;

async function time(label: string, n: number, once: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await once();
    samples.push(performance.now() - started);
  }
  log(`  ${label}: median ${median(samples).toFixed(2)} ms over ${n}`);
  return samples;
}

async function connectOnce(config: pg.ClientConfig | string): Promise<void> {
  const client = new pg.Client(config);
  await client.connect();
  await client.query('SELECT 1');
  await client.end();
}

log('Starting an embedded server…');
const server = await startEmbedded(configured);
const port = Number(new URL(server.adminUrl).port);
const socket = socketUrl(server.socketDir, port, 'postgres');
const roles = ['postgres', ...Object.keys(server.serviceRoles)];

// Interleaved rounds, so a busy moment of the machine hits both alike.
const trust: number[] = [];
const scram: number[] = [];
for (let round = 0; round < 10; round++) {
  trust.push(...(await time('socket, trust (baseline)', runs / 10, () => connectOnce(socket))));
  scram.push(...(await time('TCP, scram-sha-256', runs / 10, () => connectOnce(server.adminUrl))));
}
const secret = Buffer.alloc(32, 7);
const passwords = Object.fromEntries(roles.map((role) => [role, passwordFor(secret, role)]));
const verify = await time(`${roles.length} SCRAM verifiers (in parallel)`, 20, () => verifiersFor(passwords));
const verifiers = await verifiersFor(passwords);
const bootstrap = await time('bootstrap: socket connect + set 7 passwords', 20, async () => {
  const client = new pg.Client(socket);
  await client.connect();
  await setRolePasswords(client, verifiers);
  await client.end();
});
await server.stop();
const starts = await time('warm start (startEmbedded, spare copy ready)', 7, async () => {
  const s = await startEmbedded(configured);
  await s.stop();
});

const result = {
  iterations: SCRAM_ITERATIONS,
  perConnection: {
    trustSocketMs: median(trust),
    scramTcpMs: median(scram),
    extraMs: median(scram) - median(trust),
    ratio: median(scram) / median(trust),
  },
  perStart: {
    verifiersMs: median(verify),
    bootstrapMs: median(bootstrap),
    warmStartMs: median(starts),
    bootstrapShareOfStart: median(bootstrap) / median(starts),
  },
};
if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
else {
  console.log(
    `Per connection (median of ${runs}): trust over the socket ${result.perConnection.trustSocketMs.toFixed(2)} ms (baseline), scram-sha-256 (${SCRAM_ITERATIONS} iterations) over TCP ${result.perConnection.scramTcpMs.toFixed(2)} ms: ${result.perConnection.ratio.toFixed(2)}× (+${result.perConnection.extraMs.toFixed(2)} ms).`,
  );
  console.log(
    `Per start (median): verifiers ${result.perStart.verifiersMs.toFixed(1)} ms (overlapping the copy and start), bootstrap connection + password update ${result.perStart.bootstrapMs.toFixed(1)} ms on the critical path = ${(result.perStart.bootstrapShareOfStart * 100).toFixed(0)}% of a ${result.perStart.warmStartMs.toFixed(0)} ms warm start.`,
  );
}
