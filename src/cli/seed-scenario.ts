import pg from 'pg';
import { resolveConfig } from '../config/resolve-config.js';
import { databaseOf, redact } from '../database/database-url.js';
import { assertMaySeed } from '../database/safety.js';
import { createTestDatabase } from '../database/test-database.js';
import { SeedError } from '../errors.js';
import { findScenario, runScenario, type SeedSummary } from '../scenarios/run-scenario.js';
import { startReadyServer } from '../server/ready-server.js';
import { defaultNow, type SeedArgs } from './commands/seed.js';
import { createOutput, type Output } from './output.js';
import { withClient } from './with-client.js';

/** The bulk data set: not a factory scenario (see src/load). */
export const LOAD_SCENARIO = 'load';

/** `seed --scenario <name>`: the laptop path (embedded server, serve until Ctrl-C) and the existing-database path. */
export async function seedScenario(args: SeedArgs): Promise<void> {
  const out = createOutput(args);
  if (!args.scenario) {
    throw new SeedError('E_NO_SCENARIO', 'Name a scenario to seed, or a command.', {
      fix: 'Run seed --scenario reseller (seed list shows the scenarios; seed --help the commands).',
    });
  }
  if (args.scenario === LOAD_SCENARIO) return seedLoad(args, out);
  findScenario(args.scenario);
  const options = {
    seed: args.seed,
    now: args.now ?? defaultNow(),
    progress: (step: string) => out.progress(`  ${step}`),
  };

  if (args['database-url']) {
    const url = args['database-url'];
    const summary = await withClient(url, async (client) => {
      await client.query('BEGIN');
      try {
        await assertMaySeed(client, databaseOf(url));
        out.progress(`Seeding scenario "${args.scenario}" into ${redact(url)}…`);
        const result = await runScenario(client, args.scenario!, options);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      }
    });
    report(out, url, summary);
    return;
  }

  const config = resolveConfig({ provider: args.provider }, process.env);
  out.progress('Starting PostgreSQL…');
  const server = await startReadyServer(config, { log: out.progress });
  try {
    const database = await createTestDatabase({
      adminUrl: server.adminUrl,
      template: server.template,
      ...(server.provider === 'url' ? { prefix: 'flatrender_demo' } : { name: 'flatrender' }),
    });
    const pool = new pg.Pool({ connectionString: database.url, max: 2 });
    out.progress(`Seeding scenario "${args.scenario}"…`);
    const summary = await runScenario(pool, args.scenario, options)
      .catch(async (error: unknown) => {
        // On a server of the user's (url provider), a half-seeded database must not be left behind.
        await pool.end();
        await database.drop().catch(() => {});
        throw error;
      })
      .finally(() => pool.end().catch(() => {}));
    report(out, database.url, summary);
    out.progress('Serving. Press Ctrl-C to stop the server and delete its data.');
    await untilSignal();
    out.progress('Stopping…');
    await database.drop().catch(() => {});
  } finally {
    await server.stop();
  }
}

/** The --json object of seed and refresh (handles stay in the library: they are not plain data). */
export function summaryJson(url: string, summary: SeedSummary) {
  const { scenario, seed, now, counts, credentials } = summary;
  return { databaseUrl: url, scenario, seed, now, counts, credentials };
}

function report(out: Output, url: string, summary: SeedSummary): void {
  out.result(summaryJson(url, summary));
  const filled = Object.entries(summary.counts).filter(([, n]) => n > 0);
  const total = filled.reduce((sum, [, n]) => sum + n, 0);
  out.say(
    `Seeded scenario "${summary.scenario}" (seed ${summary.seed}, now ${summary.now}): ${total} rows in ${filled.length} tables.`,
  );
  const width = Math.max(...filled.map(([name]) => name.length));
  for (const [name, n] of filled) out.say(`  ${name.padEnd(width)}  ${String(n).padStart(6)}`);
  if (summary.credentials.logins.length > 0) {
    out.say('Logins (users of the seeded tenants; the app signs them in by OTP to this phone or email):');
    for (const login of summary.credentials.logins) {
      out.say(
        `  ${login.tenant.padEnd(14)} ${login.role.padEnd(10)} ${login.phone ?? login.email ?? ''}${login.note ? `  (${login.note})` : ''}`,
      );
    }
  }
  if (summary.credentials.apiKeys.length > 0) {
    out.say('API keys (shown once: only their SHA-256 hashes are stored):');
    for (const key of summary.credentials.apiKeys)
      out.say(`  ${key.tenant.padEnd(14)} ${key.name.padEnd(16)} ${key.key}`);
  }
  out.say(`DATABASE_URL=${url}`);
}

/** `seed --scenario load --scale <n>`: bulk seeding by COPY (src/load), outside the factory scenarios. */
async function seedLoad(args: SeedArgs, out: Output): Promise<void> {
  if (!args.scale) {
    throw new SeedError('E_NO_SCALE', 'The load scenario needs --scale (1 ≈ 170k rows, 10 ≈ 1.3M).', {
      fix: 'Run seed --scenario load --scale 1',
    });
  }
  const { runLoad, terminalProgress, defaultWorkers } = await import('../load/index.js');
  const workers = args.workers ?? defaultWorkers();
  const options = {
    scale: args.scale,
    workers,
    seed: args.seed,
    now: args.now ?? defaultNow(),
    ...(out.json || args.quiet || !process.stderr.isTTY ? {} : { progress: terminalProgress() }),
  };
  const reportLoad = (
    url: string,
    result: { rows: number; seconds: number; counts: Record<string, number> },
  ) => {
    out.result({
      databaseUrl: url,
      scenario: LOAD_SCENARIO,
      seed: args.seed,
      now: options.now,
      scale: args.scale,
      workers,
      ...result,
    });
    out.say(
      `Loaded ${result.rows} rows in ${result.seconds.toFixed(1)} s (scale ${args.scale}, ${workers} worker(s)).`,
    );
    for (const [name, n] of Object.entries(result.counts))
      if (n > 0) out.say(`  ${name.padEnd(40)} ${String(n).padStart(8)}`);
    out.say(`DATABASE_URL=${url}`);
  };
  if (args['database-url']) {
    reportLoad(args['database-url'], await runLoad({ databaseUrl: args['database-url'] }, options));
    return;
  }
  const server = await startReadyServer(resolveConfig({ provider: args.provider }, process.env), {
    log: out.progress,
  });
  try {
    const database = await createTestDatabase({
      adminUrl: server.adminUrl,
      template: server.template,
      ...(server.provider === 'url' ? { prefix: 'flatrender_load' } : { name: 'flatrender' }),
    });
    const result = await runLoad({ adminUrl: server.adminUrl, databaseUrl: database.url }, options).catch(
      async (error: unknown) => {
        await database.drop().catch(() => {});
        throw error;
      },
    );
    reportLoad(database.url, result);
    out.progress('Serving. Press Ctrl-C to stop the server and delete its data.');
    await untilSignal();
    await database.drop().catch(() => {});
  } finally {
    await server.stop();
  }
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    // Signal listeners alone do not keep Node's event loop alive.
    const keepAlive = setInterval(() => {}, 1 << 30);
    const stop = () => {
      clearInterval(keepAlive);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
