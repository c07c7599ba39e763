import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { describe, expect, test, vi } from 'vitest';
import type { SeedError } from '../../../src/errors.js';
import { pingEngine, startDocker } from '../../../src/server/docker-provider.js';
import { runSeed } from '../../support/spawn.js';

// The DB-free part of test/integration/server/lifecycle.test.ts: engines that are absent, silent or
// broken, stood in for by local sockets (the real-container test stays there).
describe('docker provider', () => {
  test('with no engine, fails naming the other providers', async () => {
    const result = await runSeed(['up', '--provider', 'docker'], {
      DOCKER_HOST: 'unix:///nonexistent/docker.sock',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No container engine answered at unix:///nonexistent/docker.sock');
    expect(result.stderr).toContain('--provider embedded');
    expect(result.stderr).toContain('--provider url');
  });

  test('gives up on an engine that accepts connections but never answers', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const answer = await pingEngine(`tcp://127.0.0.1:${port}`);
      expect(answer).toEqual({
        ok: false,
        where: `tcp://127.0.0.1:${port}`,
        reason: 'no answer within 1500 ms',
      });
      const error = await startDocker({ dockerHost: `tcp://127.0.0.1:${port}` }).catch((e: unknown) => e);
      expect((error as SeedError).code).toBe('E_NO_ENGINE');
    } finally {
      silent.close();
    }
  });

  test('an engine that answers but cannot start the container: E_DOCKER_START, not an internal error', async () => {
    // A real HTTP engine endpoint that answers the ping and fails everything else, as an engine
    // with no registry fails a pull: testcontainers itself runs and fails against it.
    const engine = createHttpServer((req, res) => {
      if (req.url?.endsWith('/_ping')) return res.end('OK');
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'Get "https://registry-1.docker.io/v2/": dial tcp: no such host' }));
    });
    await new Promise<void>((resolve) => engine.listen(0, '127.0.0.1', resolve));
    const dockerHost = `tcp://127.0.0.1:${(engine.address() as { port: number }).port}`;
    vi.stubEnv('DOCKER_HOST', dockerHost);
    vi.stubEnv('TESTCONTAINERS_RYUK_DISABLED', 'true');
    try {
      const error = await startDocker({ dockerHost }).catch((e: unknown) => e);
      expect((error as SeedError).code).toBe('E_DOCKER_START');
      expect((error as SeedError).fix).toContain('--provider embedded');
    } finally {
      vi.unstubAllEnvs();
      engine.close();
    }
  });
});
