import {
  midnightUtc,
  parseNow,
  parseScale,
  parseSeed,
  parseShard,
  parseWorkers,
} from '../config/parse-inputs.js';
import { resolveConfig, type SeedConfig } from '../config/resolve-config.js';
import { LARGE_LOAD_ROWS } from '../domain/load-scale.js';
import { SeedError } from '../errors.js';
import type { CredentialSource } from '../scenarios/credential-secret.js';
import type { SeedSummary } from '../scenarios/run-scenario.js';
import { prepareDatabase } from '../seeding/prepare-database.js';
import { assertUsable, resolveScenario } from '../seeding/scenario-catalog.js';
import { seedDatabase } from '../seeding/seed-database.js';
import { type ServedDatabase, startServing } from '../seeding/serve-database.js';
import { databaseOf, redact } from '../sql/database-url.js';
import type { GlobalArgs } from './options.js';
import { createOutput, type Output } from './output.js';
import { shownUrl } from './shown-url.js';
import { alignColumns } from './text-width.js';

/** The arguments of `seed --scenario …` (the default command). */
export interface SeedArgs extends GlobalArgs {
  scenario?: string;
  'database-url'?: string;
  seed?: string;
  now?: string;
  provider?: string;
  scale?: string;
  workers?: string;
  shard?: string;
  secret?: string;
  migrate?: boolean;
  migrations?: string;
}

/** The bulk data set: a scenario of the `load` kind (see src/scenarios/registry.ts). */
export { LOAD_SCENARIO } from '../scenarios/registry.js';

/**
 * `seed --scenario <name|file>`: the laptop path (a server, serve until Ctrl-C) and the
 * existing-database path, each one call into src/seeding.
 */
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
      verbose: args.verbose,
    },
    process.env,
  );
  const entry = await resolveScenario(args.scenario);
  assertUsable(entry, 'seed', 'seed');
  if (entry.kind === 'load') return seedLoad(args, config, out);
  const scenario = entry.scenario!;
  const credentials: CredentialSource = config.secret
    ? { kind: 'secret', secret: config.secret }
    : { kind: 'seed' };
  const seed = parseSeed(args.seed);
  const now = parseNow(args.now, midnightUtc(new Date()));
  const progress = (step: string) => out.progress(`  ${step}`);

  if (args['database-url']) {
    const url = args['database-url'];
    out.note(`Seeding database "${databaseOf(url)}" at ${redact(url)} (from --database-url).`);
    out.progress(`Seeding scenario "${scenario.name}" into ${redact(url)}…`);
    const summary = await seedDatabase(url, scenario, {
      seed,
      now,
      credentials,
      progress,
      migrate: args.migrate,
      migrationsDir: config.migrationsDir,
      verbose: config.verbose,
      log: out.note,
    });
    reportSummary(out, summary, { url, userPassword: true, showPassword: config.showPassword });
    return;
  }

  announceServer(out, config);
  out.progress('Starting PostgreSQL…');
  // Keys from a secret are not the ones a seeded template holds (those derive from the seed).
  const served = await startServing({
    config,
    purpose: 'demo',
    log: out.progress,
    note: out.note,
    ...(credentials.kind === 'seed'
      ? { world: { scenario, seed, now, progress } }
      : {
          fill: async (database) => {
            const { runScenario } = await import('../scenarios/run-scenario.js');
            const pg = (await import('pg')).default;
            const pool = new pg.Pool({ connectionString: database.url, max: 2 });
            try {
              return await runScenario(pool, scenario, { seed, now, credentials, progress });
            } finally {
              await pool.end().catch(() => {});
            }
          },
        }),
  });
  try {
    reportSummary(out, (served.world ?? served.filled)!, servedWhere(served, config));
  } catch (error) {
    await served.stop();
    throw error;
  }
  out.progress('Serving. Press Ctrl-C to stop the server and delete its data.');
  await served.serveUntilSignal(`seed --scenario ${scenario.name}`);
}

/** How the CLI shows a served database: with the template it came from and the server's admin URL. */
export function servedWhere(
  served: ServedDatabase<unknown>,
  config: SeedConfig,
): { url: string; userPassword: boolean; showPassword: boolean; template: string; adminUrl: string } {
  return {
    url: served.url,
    userPassword: served.server.provider === 'url',
    showPassword: config.showPassword,
    template: served.template,
    adminUrl: served.server.adminUrl,
  };
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
export function summaryJson(
  url: string,
  summary: SeedSummary,
  served?: { template: string; adminUrl: string },
) {
  const { scenario, seed, now, counts, credentials, credentialSource } = summary;
  return {
    databaseUrl: url,
    scenario,
    seed,
    now,
    counts,
    credentials,
    credentialSource,
    // A served database: the template it was cloned from, and the server to clone more on.
    ...(served ? { template: served.template, adminUrl: served.adminUrl } : {}),
  };
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
  where: { url: string; userPassword: boolean; showPassword: boolean; template?: string; adminUrl?: string },
): void {
  const url = shownUrl(where.url, where);
  out.result(
    summaryJson(
      url,
      summary,
      where.template && where.adminUrl
        ? { template: where.template, adminUrl: shownUrl(where.adminUrl, where) }
        : undefined,
    ),
  );
  const filled = Object.entries(summary.counts).filter(([, n]) => n > 0);
  const total = filled.reduce((sum, [, n]) => sum + n, 0);
  out.say(
    `Seeded scenario "${summary.scenario}" (seed ${summary.seed}, now ${summary.now}): ${total} rows in ${filled.length} tables.`,
  );
  const countWidth = Math.max(6, ...filled.map(([, n]) => String(n).length));
  for (const line of alignColumns(filled.map(([name, n]) => [name, String(n).padStart(countWidth)])))
    out.say(line);
  if (summary.credentials.logins.length > 0) {
    out.say('Logins (users of the seeded tenants; the app signs them in by OTP to this phone or email):');
    const rows = summary.credentials.logins.map((login) => [
      login.tenant,
      login.role,
      login.phone ?? login.email ?? '',
      login.note ? `(${login.note})` : '',
    ]);
    for (const line of alignColumns(rows)) out.say(line);
  }
  if (summary.credentials.apiKeys.length > 0) {
    out.say(
      `API keys (shown once: only their SHA-256 hashes are stored; ${SOURCE_NOTE[summary.credentialSource]}):`,
    );
    for (const line of alignColumns(
      summary.credentials.apiKeys.map((key) => [key.tenant, key.name, key.key]),
    ))
      out.say(line);
  }
  out.say(`DATABASE_URL=${url}`);
}

/** `seed --scenario load --scale <n>`: the load kind, by COPY from worker threads (src/load). */
async function seedLoad(args: SeedArgs, config: SeedConfig, out: Output): Promise<void> {
  if (args.scale === undefined) {
    throw new SeedError('E_NO_SCALE', 'The load scenario needs --scale (1 ≈ 170k rows, 10 ≈ 1.3M).', {
      fix: `Run seed --scenario load --scale 1${args['database-url'] ? ' --database-url <its URL>' : ''}`,
    });
  }
  const scale = parseScale(args.scale);
  const seed = parseSeed(args.seed);
  const now = parseNow(args.now, midnightUtc(new Date()));
  const shard = args.shard === undefined ? undefined : parseShard(args.shard);
  if (shard && !args['database-url']) {
    throw new SeedError(
      'E_SHARD_NEEDS_URL',
      `--shard ${shard.index}/${shard.count} loads one slice into a database other processes fill too, but no --database-url names it (each process would start a server of its own).`,
      {
        fix: `Give every shard the same database: seed --scenario load --scale ${scale} --shard ${shard.index}/${shard.count} --database-url postgresql://…`,
      },
    );
  }
  const { runLoad, terminalProgress, defaultWorkers } = await import('../load/index.js');
  const { planLoad } = await import('../load/load-plan.js');
  const { estimateLoad, formatBytes, formatSeconds } = await import('../load/load-estimate.js');
  const workers = parseWorkers(args.workers, defaultWorkers());
  const estimate = estimateLoad(planLoad({ seed, scale, nowMs: Date.parse(now) }));
  if (estimate.rows >= LARGE_LOAD_ROWS) {
    out.note(
      `Scale ${scale} plans about ${estimate.rows.toLocaleString('en-US')} rows, about ${formatBytes(estimate.bytes)} on disk with indexes, and takes about ${formatSeconds(estimate.seconds)} on 2 CPUs${shard ? ` (all ${shard.count} shards together; this one loads about 1/${shard.count} of the rows)` : ''}.`,
    );
  }
  const options = {
    scale,
    workers,
    seed,
    now,
    migrationsDir: config.migrationsDir,
    log: out.note,
    ...(shard ? { shard } : {}),
    ...(out.json || args.quiet || !process.stderr.isTTY ? {} : { progress: terminalProgress() }),
  };
  const reportLoad = (
    url: string,
    userPassword: boolean,
    result: {
      rows: number;
      seconds: number;
      counts: Record<string, number>;
      shard?: { rebuiltKeys: boolean };
    },
  ) => {
    const shown = shownUrl(url, { userPassword, showPassword: config.showPassword });
    out.result({ databaseUrl: shown, scenario: 'load', seed, now, scale, workers, estimate, ...result });
    out.say(
      `Loaded ${result.rows} rows in ${result.seconds.toFixed(1)} s (scale ${scale}, ${workers} worker(s)${shard ? `, shard ${shard.index}/${shard.count}${result.shard?.rebuiltKeys ? ': the last to finish, it rebuilt the keys and indexes' : ''}` : ''}).`,
    );
    const loaded = Object.entries(result.counts).filter(([, n]) => n > 0);
    const countWidth = Math.max(8, ...loaded.map(([, n]) => String(n).length));
    for (const line of alignColumns(loaded.map(([name, n]) => [name, String(n).padStart(countWidth)])))
      out.say(line);
    out.say(`DATABASE_URL=${shown}`);
  };
  if (args['database-url']) {
    const url = args['database-url'];
    out.note(`Loading into database "${databaseOf(url)}" at ${redact(url)} (from --database-url).`);
    await prepareDatabase(url, {
      migrationsDir: config.migrationsDir,
      migrate: args.migrate,
      verbose: config.verbose,
      action: 'load into',
      migrateHint: `add --migrate (seed --scenario load --database-url <its URL> --migrate), or run seed migrate --database-url <its URL>`,
    });
    reportLoad(url, true, await runLoad({ databaseUrl: url }, options));
    return;
  }
  announceServer(out, config);
  out.progress('Starting PostgreSQL…');
  const served = await startServing({
    config,
    purpose: 'load',
    log: out.progress,
    note: out.note,
    fill: (database) => runLoad({ databaseUrl: database.url }, options),
  });
  reportLoad(served.url, served.server.provider === 'url', served.filled!);
  out.progress('Serving. Press Ctrl-C to stop the server and delete its data.');
  await served.serveUntilSignal('seed --scenario load');
}
