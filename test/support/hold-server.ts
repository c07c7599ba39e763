// Starts an embedded server, prints {"runDir", "postmasterPid"} and holds it until killed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startEmbedded } from '../../src/server/embedded/embedded-provider.js';
import { configuredEmbedded } from './configured.js';

const server = await startEmbedded(configuredEmbedded());
const postmasterPid = Number(
  readFileSync(path.join(server.runDir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0],
);
process.stdout.write(
  `${JSON.stringify({ runDir: server.runDir, postmasterPid, adminUrl: server.adminUrl })}\n`,
);
setInterval(() => {}, 1 << 30);
