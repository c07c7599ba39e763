import pg from 'pg';
import { midnightUtc, parseNow, parseScale, parseSeed, parseWorkers } from '../config/parse-inputs.js';
import { resolveConfig, type SeedConfig } from '../config/resolve-config.js';
import { lockDatabase } from '../database/database-lock.js';
import { databaseOf, redact } from '../database/database-url.js';
import { assertMaySeed } from '../database/safety.js';
import {
  openKeeper,
  reapAbandonedDatabases,
  type ServedPurpose,
  servedDatabaseName,
} from '../database/served-databases.js';
import { createTestDatabase, type TestDatabase } from '../database/test-database.js';
import { SeedError } from '../errors.js';
import { recoverInterruptedLoad, repairedNote } from '../load/interrupted-load.js';
import { BYTES_PER_LOADED_ROW, LARGE_LOAD_ROWS } from '../load/scale-limit.js';
import { assertMigrated, schemaState } from '../migrations/assert-migrated.js';
import { migrate } from '../migrations/migrate.js';
import type { CredentialSource } from '../scenarios/credential-secret.js';
import { findScenario, runScenario, type SeedSummary } from '../scenarios/run-scenario.js';
import { type ReadyServer, startReadyServer } from '../server/ready-server.js';
import type { SeedArgs } from './commands/seed.js';
import { createOutput, type Output } from './output.js';
import { serveUntilSignal } from './serve-until-signal.js';
import { shownUrl } from './shown-url.js';
import { withClient } from './with-client.js';

/** The bulk data set: not a factory scenario (see src/load). */
export const LOAD_SCENARIO = 'load';

/** `seed --scenario <name>`: the laptop path (a server, serve until Ctrl-C) and the existing-database path. */
export async function seedScenario(args: SeedArgs): Promise<void> {
  const out = createOutput(args);
  if (!args.scenario) {
    throw new SeedError('E_NO_SCENARIO', 'Name a scenario to seed, or a command.', {
      fix: 'Run seed --scenario reseller (seed list shows the scenarios; seed --help the commands).',
    });
  }
  // The flag names a database to seed into; FLATRENDER_SEED_DATABASE_URL names a server to serve from.
  const config = resolveConfig(
    {
      provider: args.provider,
      migrations: args.migrations,
      secret: args.secret,
      showPassword: args['show-password'],
    },
    process.env,
  );
  if (args.scenario === LOAD_SCENARIO) return seedLoad(args, config, out);
  findScenario(args.scenario);
  const credentials: CredentialSource = config.secret
    ? { kind: 'secret', secret: config.secret }
    : { kind: 'seed' };
  const options = {
    seed: parseSeed(args.seed),
    now: parseNow(args.now, midnightUtc(new Date())),
    credentials,
    progress: (step: string) => out.progress(`  ${step}`),
  };

  if (args['database-url']) {
    const url = args['database-url'];
    const database = databaseOf(url);
    out.note(`Seeding database "${database}" at ${redact(url)} (from --database-url).`);
    await prepareDatabase(url, database, config, args, 'seed');
    const summary = await withClient(url, async (client) => {
      const lock = await lockDatabase(client, database, { action: 'seed', onWait: out.note });
      try {
        const recovered = await recoverInterruptedLoad(client);
        if (recovered) out.note(repairedNote(recovered));
        await client.query('BEGIN');
        try {
          await assertMaySeed(client, database);
          out.progress(`Seeding scenario "${args.scenario}" into ${redact(url)}…`);
          const result = await runScenario(client, args.scenario!, options);
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {});
          throw error;
        }
      } finally {
        await lock.release();
      }
    });
    reportSummary(out, summary, { url, userPassword: true, showPassword: config.showPassword });
    return;
  }

  await serveNew(
    config,
    out,
    'demo',
    `seed --scenario ${args.scenario}`,
    async (database) => {
      const pool = new pg.Pool({ connectionString: database.url, max: 2 });
      out.progress(`Seeding scenario "${args.scenario}"…`);
      try {
        return await runScenario(pool, args.scenario!, options);
      } finally {
        await pool.end().catch(() => {});
      }
    },
    (database, server, summary) =>
      reportSummary(out, summary, {
        url: database.url,
        userPassword: server.provider === 'url',
        showPassword: config.showPassword,
      }),
  );
}

/**
 * Before seeding into an existing database: a new, empty one is migrated (the help promises that
 * the target may be new); one behind is migrated with --migrate; anything else that is not
 * FlatRender's, or is behind without --migrate, is refused with the command that fixes it.
 */
async function prepareDatabase(
  url: string,
  database: string,
  config: SeedConfig,
  args: SeedArgs,
  action: string,
): Promise<void> {
  const state = await withClient(url, (client) => schemaState(client, database, config.migrationsDir));
  if (state.kind === 'foreign') throw state.error;
  if (state.kind === 'new' || (state.kind === 'behind' && args.migrate)) {
    await migrate(url, { migrationsDir: config.migrationsDir });
    return;
  }
  if (state.kind === 'behind') {
    await withClient(url, (client) =>
      assertMigrated(client, database, {
        action,
        migrationsDir: config.migrationsDir,
        migrateHint: `add --migrate (seed --scenario ${args.scenario} --database-url <its URL> --migrate), or run seed migrate --database-url <its URL>`,
      }),
    );
  }
}

/**
 * The serving path: starts a server (embedded unless FLATRENDER_SEED_DATABASE_URL or --provider
 * say otherwise, and says which), makes a database on it, fills it with `fill`, prints the summary
 * and serves until Ctrl-C, or fails when the server dies.
 */
async function serveNew<T>(
  config: SeedConfig,
  out: Output,
  purpose: ServedPurpose,
  command: string,
  fill: (database: TestDatabase) => Promise<T>,
  report: (database: TestDatabase, server: ReadyServer, result: T) => void,
): Promise<void> {
  announceServer(out, config);
  out.progress('Starting PostgreSQL…');
  const server = await startReadyServer(config, { log: out.progress });
  try {
    const onUserServer = server.provider === 'url';
    const name = onUserServer ? servedDatabaseName(purpose) : 'flatrender';
    if (onUserServer) {
      const reaped = await withClient(server.adminUrl, (admin) =>
        reapAbandonedDatabases(admin, server.adminUrl),
      );
      if (reaped.length > 0)
        out.note(`Dropped ${reaped.length} database(s) abandoned by killed runs: ${reaped.join(', ')}.`);
    }
    const keeper = onUserServer ? await openKeeper(server.adminUrl, name) : undefined;
    try {
      const database = await createTestDatabase({
        adminUrl: server.adminUrl,
        template: server.template,
        name,
      });
      let result: T;
      try {
        result = await fill(database);
      } catch (error) {
        // On a server of the user's, a half-seeded database must not be left behind.
        await database.drop().catch(() => {});
        throw error;
      }
      report(database, server, result);
      out.progress('Serving. Press Ctrl-C to stop the server and delete its data.');
      try {
        await serveUntilSignal({ adminUrl: server.adminUrl, database: name, command });
      } finally {
        out.progress('Stopping…');
        await database.drop().catch(() => {});
      }
    } finally {
      await keeper?.end().catch(() => {});
    }
  } finally {
    await server.stop();
  }
}

/** Says which server the toolkit uses, and that a bare DATABASE_URL is not it. */
export function announceServer(out: Output, config: SeedConfig): void {
  if (config.databaseUrl && config.provider !== 'embedded' && config.provider !== 'docker') {
    out.note(
      `Using the PostgreSQL server at ${redact(config.databaseUrl)} (from ${config.databaseUrlFrom}).`,
    );
    return;
  }
  const which =
    config.provider === 'docker' ? 'a PostgreSQL container (docker)' : 'its own embedded PostgreSQL server';
  out.note(
    config.ignoredDatabaseUrl
      ? `Using ${which}. DATABASE_URL is set but does not choose the server: set FLATRENDER_SEED_DATABASE_URL (or pass --database-url) to use that one.`
      : `Using ${which}.`,
  );
}

/** The --json object of seed and refresh (handles stay in the library: they are not plain data). */
export function summaryJson(url: string, summary: SeedSummary) {
  const { scenario, seed, now, counts, credentials, credentialSource } = summary;
  return { databaseUrl: url, scenario, seed, now, counts, credentials, credentialSource };
}

const SOURCE_NOTE: Record<SeedSummary['credentialSource'], string> = {
  seed: 'derived from the seed: anyone with the seed can compute them, fine for tests and laptops',
  secret: 'derived from FLATRENDER_SEED_SECRET / --secret: the same on every run with that secret',
  random:
    'random: printed only now, and different on every refresh (set FLATRENDER_SEED_SECRET to keep them)',
};

/** Prints what a scenario made: counts, logins, API keys (and where they came from), the URL. */
export function reportSummary(
  out: Output,
  summary: SeedSummary,
  where: { url: string; userPassword: boolean; showPassword: boolean },
): void {
  const url = shownUrl(where.url, where);
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
    out.say(
      `API keys (shown once: only their SHA-256 hashes are stored; ${SOURCE_NOTE[summary.credentialSource]}):`,
    );
    for (const key of summary.credentials.apiKeys)
      out.say(`  ${key.tenant.padEnd(14)} ${key.name.padEnd(16)} ${key.key}`);
  }
  out.say(`DATABASE_URL=${url}`);
}

/** `seed --scenario load --scale <n>`: bulk seeding by COPY (src/load), outside the factory scenarios. */
async function seedLoad(args: SeedArgs, config: SeedConfig, out: Output): Promise<void> {
  if (args.scale === undefined) {
    throw new SeedError('E_NO_SCALE', 'The load scenario needs --scale (1 ≈ 170k rows, 10 ≈ 1.3M).', {
      fix: 'Run seed --scenario load --scale 1',
    });
  }
  const scale = parseScale(args.scale);
  const seed = parseSeed(args.seed);
  const now = parseNow(args.now, midnightUtc(new Date()));
  const { runLoad, terminalProgress, defaultWorkers, planLoad } = await import('../load/index.js');
  const workers = parseWorkers(args.workers, defaultWorkers());
  const estimate = planLoad({ seed, scale, nowMs: Date.parse(now) }).estimatedTotal;
  if (estimate >= LARGE_LOAD_ROWS) {
    out.note(
      `Scale ${scale} plans about ${estimate.toLocaleString('en-US')} rows, about ${formatBytes(estimate * BYTES_PER_LOADED_ROW)} on disk with indexes.`,
    );
  }
  const options = {
    scale,
    workers,
    seed,
    now,
    migrationsDir: config.migrationsDir,
    log: out.note,
    ...(out.json || args.quiet || !process.stderr.isTTY ? {} : { progress: terminalProgress() }),
  };
  const reportLoad = (
    url: string,
    userPassword: boolean,
    result: { rows: number; seconds: number; counts: Record<string, number> },
  ) => {
    const shown = shownUrl(url, { userPassword, showPassword: config.showPassword });
    out.result({ databaseUrl: shown, scenario: LOAD_SCENARIO, seed, now, scale, workers, ...result });
    out.say(
      `Loaded ${result.rows} rows in ${result.seconds.toFixed(1)} s (scale ${scale}, ${workers} worker(s)).`,
    );
    for (const [name, n] of Object.entries(result.counts))
      if (n > 0) out.say(`  ${name.padEnd(40)} ${String(n).padStart(8)}`);
    out.say(`DATABASE_URL=${shown}`);
  };
  if (args['database-url']) {
    const url = args['database-url'];
    out.note(`Loading into database "${databaseOf(url)}" at ${redact(url)} (from --database-url).`);
    await prepareDatabase(url, databaseOf(url), config, args, 'load into');
    reportLoad(url, true, await runLoad({ databaseUrl: url }, options));
    return;
  }
  await serveNew(
    config,
    out,
    'load',
    'seed --scenario load',
    (database) => runLoad({ databaseUrl: database.url }, options),
    (database, server, result) => reportLoad(database.url, server.provider === 'url', result),
  );
}

function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
