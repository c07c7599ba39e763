import { rm } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { migrate as runPostgresMigrations } from 'postgres-migrations';
import { messageOf, SeedError } from '../errors.js';
import { userTables } from '../sql/catalog.js';
import { connect } from '../sql/connect.js';
import { databaseOf, redact } from '../sql/database-url.js';
import { writeMarker } from './marker.js';
import { defaultMigrationsDir, type MigrationFile, readMigrationFiles } from './migration-files.js';
import { type MigrationStatus, migrationStatus } from './migration-status.js';
import { stage } from './staging.js';

export interface MigrateOptions {
  /** A folder of `NN_name.sql` files; defaults to the FlatRender migrations shipped with the toolkit. */
  readonly migrationsDir?: string;
  /** Receives one `applying NN_name.sql` line per file applied. */
  readonly log?: (line: string) => void;
  /**
   * Receives postgres-migrations' own log (a dozen lines per file). Default: nothing, unless
   * `verbose`, then `log`, else stderr.
   */
  readonly runnerLog?: (line: string) => void;
  /** Show the runner's own log (see runnerLog): config.verbose (`seed --verbose`, FLATRENDER_SEED_VERBOSE=1). */
  readonly verbose?: boolean;
}

export interface MigrateResult {
  readonly database: string;
  /** File names applied by this call, in order. */
  readonly applied: readonly string[];
  /** How many files were already applied before this call. */
  readonly alreadyApplied: number;
  /** Migrations recorded in the database that the folder lacks (a newer toolkit applied them). */
  readonly unknown: readonly string[];
}

/**
 * Applies a migrations folder to one database with postgres-migrations: each file once, in its
 * own transaction, in numeric order, under postgres-migrations' advisory lock (so concurrent
 * callers queue instead of racing). Refuses, naming the file, when an applied file was edited
 * or the folder's order changed.
 *
 * @param target a connection URL (a dedicated connection is opened and closed), or a connected
 *   `pg.Client` used by nothing else meanwhile (a shared Pool can leave the advisory lock held).
 * @example
 * await migrate('postgresql://postgres@127.0.0.1:5432/flatrender');
 */
export async function migrate(
  target: string | pg.Client,
  options: MigrateOptions = {},
): Promise<MigrateResult> {
  const files = await readMigrationFiles(options.migrationsDir ?? defaultMigrationsDir);
  const client = typeof target === 'string' ? await connect(target) : target;
  const database = typeof target === 'string' ? databaseOf(target) : (client.database ?? 'unknown');
  try {
    const before = await migrationStatus(client, files);
    refuseUnsafe(before, database, options.migrationsDir ?? defaultMigrationsDir);
    const wasEmpty = before.applied.length === 0 && (await userTables(client)).length === 0;
    const staging = await stage(files);
    // postgres-migrations keeps only the message of a failed statement; its position gives the line.
    let failedQuery: FailedQuery | undefined;
    const watched = {
      query: (...args: Parameters<pg.Client['query']>) =>
        (client.query as (...a: unknown[]) => Promise<unknown>)(...args).catch((error: unknown) => {
          failedQuery ??= { sql: typeof args[0] === 'string' ? args[0] : undefined, error };
          throw error;
        }),
    };
    const runnerLog = options.runnerLog ?? (options.verbose ? verboseRunnerLog(options.log) : undefined);
    const logger = (line: string) => {
      runnerLog?.(line);
      // postgres-migrations names a migration by its staged name without the `<position>_` it parsed as its id.
      const started = /^Starting migration: \d+ (.+)$/.exec(line)?.[1];
      if (started) options.log?.(`applying ${started}.sql`);
    };
    try {
      const done = await runPostgresMigrations({ client: watched as unknown as pg.Client }, staging, {
        logger,
      });
      const applied = done.filter((m) => m.id > 0).map((m) => `${m.name}.sql`);
      // Only the call that applied the first file, on a database with no tables, brought it from empty.
      if (wasEmpty && done.some((m) => m.id === 1)) await writeMarker(client, 'migrated-from-empty');
      return {
        database,
        applied,
        alreadyApplied: files.length - applied.length,
        unknown: before.unknown.map((u) => u.name),
      };
    } catch (error) {
      throw explainFailure(
        error,
        database,
        typeof target === 'string' ? target : undefined,
        files,
        failedQuery,
      );
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  } finally {
    if (typeof target === 'string') await client.end().catch(() => {});
  }
}

function refuseUnsafe(status: MigrationStatus, database: string, dir: string): void {
  if (status.unmanaged) {
    throw new SeedError(
      'E_UNMANAGED_DATABASE',
      `Database "${database}" already has the FlatRender schemas but no record of applied migrations (table public.migrations): it was set up outside this toolkit, e.g. with psql -f.`,
      {
        fix: 'Migrate a new, empty database instead (createdb flatrender_new && seed migrate --database-url …/flatrender_new).',
      },
    );
  }
  const [changed] = status.changed;
  if (changed) {
    const others = status.changed.slice(1).map((f) => f.fileName);
    throw new SeedError(
      'E_MIGRATION_CHANGED',
      `Migration ${changed.fileName} was edited after it was applied to database "${database}"${
        others.length ? ` (so were ${others.join(', ')})` : ''
      }. An applied migration is immutable: the database was built from its old text. Nothing was applied.`,
      {
        fix: `Restore the file (git checkout -- ${path.join(dir, changed.fileName)}) and put the change in a new migration numbered above the last one.`,
      },
    );
  }
  const [moved] = status.reordered;
  if (moved) {
    throw new SeedError(
      'E_MIGRATION_ORDER',
      `The migrations folder's order changed: database "${database}" applied ${moved.appliedName} as migration #${moved.file.position}, where the folder now has ${moved.file.fileName}. Migrations are append-only. Nothing was applied.`,
      {
        fix: `Number new files above the highest applied one; rename ${moved.file.fileName} accordingly.`,
      },
    );
  }
}

interface FailedQuery {
  readonly sql: string | undefined;
  readonly error: unknown;
}

function verboseRunnerLog(log: ((line: string) => void) | undefined): (line: string) => void {
  return log ?? ((line) => process.stderr.write(`postgres-migrations: ${line}\n`));
}

/** 1-based line and column of a 1-based character offset (PostgreSQL's error `position`). */
export function lineAndColumn(sql: string, position: number): { line: number; column: number } {
  const before = [...sql].slice(0, Math.max(0, position - 1)).join('');
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

function explainFailure(
  error: unknown,
  database: string,
  url: string | undefined,
  files: readonly MigrationFile[],
  failedQuery: FailedQuery | undefined,
): SeedError {
  const message = messageOf(error).replace(/^Migration failed\. Reason: /, '');
  const staged = /An error occurred running '([^']+)'/.exec(message)?.[1];
  const file = staged ? files.find((f) => f.fileName === `${staged}.sql`) : undefined;
  const reason = message.replace(/^.*Reason: /s, '');
  const pgError = failedQuery?.error as { position?: string } | undefined;
  const position = Number(pgError?.position);
  const at =
    file && failedQuery?.sql === file.sql && position > 0 ? lineAndColumn(file.sql, position) : undefined;
  const where = file ? `${file.path}${at ? `:${at.line}:${at.column}` : ''}` : undefined;
  return new SeedError(
    'E_MIGRATION_FAILED',
    staged
      ? `Migration ${file?.fileName ?? `${staged}.sql`} failed on database "${database}"${url ? ` (${redact(url)})` : ''} and was rolled back; later migrations were not run. PostgreSQL said: ${reason}${
          where
            ? `\nAt ${where}${at ? ` (line ${at.line}, column ${at.column}): ${file?.sql.split('\n')[at.line - 1]?.trim()}` : ''}`
            : ''
        }`
      : `Migrating database "${database}" failed: ${message}`,
    {
      fix: `Correct the SQL of ${file ? file.fileName : 'that file'}${at ? ` at line ${at.line}` : ''} (it was never applied, so editing it is safe) and run the command again.`,
      cause: error,
    },
  );
}
