// Runs the vitest global setup as a vitest run would, prints what it provides, then tears down.
import setup from '../../src/vitest/global-setup.js';

let provided: unknown;
const teardown = await setup({
  provide: (_key: string, value: unknown) => {
    provided = value;
  },
} as never);
process.stdout.write(`${JSON.stringify(provided)}\n`);
await teardown();
