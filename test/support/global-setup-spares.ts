// Runs the vitest global setup as a vitest run would, waits until the template has
// <expected spares> spare clones (argv[2], default 0: then just gives a stocker, if any, half a
// second to show itself), prints {"provided", "spares"}, then tears down.
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { listSpares } from '../../src/database/spare-clones.js';
import setup from '../../src/vitest/global-setup.js';
import type { SeedConnectionInfo } from '../../src/vitest/provided-context.js';

const expected = Number(process.argv[2] ?? 0);
let provided: SeedConnectionInfo | undefined;
const teardown = await setup({
  provide: (_key: string, value: unknown) => {
    provided = value as SeedConnectionInfo;
  },
} as never);
const info = provided!;
const client = new pg.Client(info.adminUrl);
await client.connect();
let spares = await listSpares(client, info.template);
if (expected === 0) {
  await sleep(500);
  spares = await listSpares(client, info.template);
}
const deadline = Date.now() + 30_000;
while (spares.length < expected && Date.now() < deadline) {
  await sleep(20);
  spares = await listSpares(client, info.template);
}
await client.end();
process.stdout.write(`${JSON.stringify({ provided: info, spares })}\n`);
await teardown();
