import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { messageOf, SeedError } from '../errors.js';
import { newServerSecret, passwordFor } from './server-passwords.js';
import type { StartedServer } from './started-server.js';

/** The one place the container image is pinned. */
export const POSTGRES_IMAGE = 'postgres:15.18-alpine';

/** How long an engine gets to answer `GET /_ping` before the toolkit gives up on it. */
const PING_TIMEOUT_MS = 1500;

/**
 * A PostgreSQL container through testcontainers. The engine is pinged first, with a short
 * timeout: testcontainers itself waits forever on a DOCKER_HOST that never answers.
 *
 * @param options.dockerHost the engine to ping (config.dockerHost: DOCKER_HOST); default the local
 *   socket. testcontainers reads DOCKER_HOST (and ~/.testcontainers.properties) on its own.
 * @example
 * await using server = await startDocker({ dockerHost: 'unix:///var/run/docker.sock' });
 */
export async function startDocker(
  options: { readonly dockerHost?: string | undefined } = {},
): Promise<StartedServer> {
  const engine = await pingEngine(options.dockerHost);
  if (!engine.ok) {
    throw new SeedError('E_NO_ENGINE', `No container engine answered at ${engine.where}: ${engine.reason}.`, {
      fix: 'Start Docker (or set DOCKER_HOST), or use --provider embedded (the default: no Docker needed) or --provider url with --database-url.',
    });
  }
  let PostgreSqlContainer: typeof import('@testcontainers/postgresql').PostgreSqlContainer;
  try {
    ({ PostgreSqlContainer } = await import('@testcontainers/postgresql'));
  } catch (cause) {
    throw new SeedError(
      'E_NO_TESTCONTAINERS',
      'The docker provider needs the testcontainers packages, which are not installed.',
      {
        fix: 'npm install --save-dev testcontainers@11 @testcontainers/postgresql@11 (11.x runs on Node 20).',
        cause,
      },
    );
  }
  const starting = new PostgreSqlContainer(POSTGRES_IMAGE)
    .withUsername('postgres')
    // Random per container: its port is published, and a fixed password would open it to anyone.
    .withPassword(passwordFor(newServerSecret(), 'postgres'))
    .withDatabase('postgres')
    .withCommand([
      'postgres',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
    ])
    .withTmpFs({ '/var/lib/postgresql/data': 'rw' })
    .start();
  // An engine that answers can still fail to start it (most often: an image it cannot pull, ours or
  // testcontainers' Ryuk). That is the user's to act on, not a bug of ours.
  const container = await starting.catch((cause: unknown) => {
    throw new SeedError(
      'E_DOCKER_START',
      `The ${POSTGRES_IMAGE} container did not start: ${messageOf(cause).trim()}`,
      {
        fix: `The engine must have or pull ${POSTGRES_IMAGE} (with no registry: build or load it first, and set TESTCONTAINERS_RYUK_DISABLED=true, Ryuk being a second image) and publish its port; or use --provider embedded.`,
        cause,
      },
    );
  });
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= container.stop().then(() => {});
    return stopped;
  };
  // Service roles get their passwords once the template's migrations created them (startReadyServer).
  return {
    provider: 'docker',
    adminUrl: container.getConnectionUri(),
    serviceRoles: {},
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

/** The engine's address when DOCKER_HOST is not set. */
export const DEFAULT_DOCKER_HOST = 'unix:///var/run/docker.sock';

/**
 * Asks the engine at `dockerHost` (config.dockerHost: DOCKER_HOST; default the local socket) for
 * `/_ping`, within PING_TIMEOUT_MS.
 */
export async function pingEngine(
  dockerHost: string = DEFAULT_DOCKER_HOST,
): Promise<{ ok: true; where: string } | { ok: false; where: string; reason: string }> {
  const host = dockerHost;
  let target: { socketPath: string } | { host: string; port: number };
  if (host.startsWith('unix://')) {
    const socketPath = host.slice('unix://'.length);
    if (!existsSync(socketPath)) return { ok: false, where: host, reason: `${socketPath} does not exist` };
    target = { socketPath };
  } else if (host.startsWith('tcp://')) {
    const url = new URL(host.replace(/^tcp:/, 'http:'));
    target = { host: url.hostname, port: Number(url.port || 2375) };
  } else {
    return { ok: false, where: host, reason: 'DOCKER_HOST is neither unix:// nor tcp://' };
  }
  return new Promise((resolve) => {
    const req = request({ ...target, path: '/_ping', method: 'GET', timeout: PING_TIMEOUT_MS }, (res) => {
      res.resume();
      resolve(
        res.statusCode === 200
          ? { ok: true, where: host }
          : { ok: false, where: host, reason: `HTTP ${res.statusCode}` },
      );
    });
    req.on('timeout', () => {
      req.destroy();
      resolve({ ok: false, where: host, reason: `no answer within ${PING_TIMEOUT_MS} ms` });
    });
    req.on('error', (error) => resolve({ ok: false, where: host, reason: error.message }));
    req.end();
  });
}
