// Runs the CLI from source (tests must not depend on a stale dist/): node --import tsx test/support/seed-cli.ts …
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
