/**
 * Every code a {@link SeedError} carries: one list, so that `switch (error.code)` is checked by the compiler and a
 * new code cannot be thrown without being listed here.
 *
 * @example
 * if (isSeedError(error) && error.code === 'E_NO_CREATEDB') console.log(error.fix);
 */
export const SEED_ERROR_CODES = [
  'E_ALREADY_LOADED',
  'E_AUTH',
  'E_BAD_CONFIG',
  'E_BAD_MODE',
  'E_BAD_NOW',
  'E_BAD_PG_BIN',
  'E_BAD_PROVIDER',
  'E_BAD_SCALE',
  'E_BAD_SEED',
  'E_BAD_SHARD',
  'E_BAD_SPARE_CLONES',
  'E_BAD_URL',
  'E_BAD_WORKERS',
  'E_BINARIES_ACCESS',
  'E_BINARIES_BROKEN',
  'E_CLONE',
  'E_CODEGEN_DRIFT',
  'E_CODEGEN_OUT',
  'E_CONSTRAINT',
  'E_COPY',
  'E_DATABASE_BUSY',
  'E_DATA_DIR',
  'E_DATA_DIR_ACCESS',
  'E_DATA_ROOT_OWNER',
  'E_DOCKER_START',
  'E_ENUM_VALUE',
  'E_GENERATED_COLUMN',
  'E_INITDB',
  'E_INTERRUPTED',
  'E_JOB_NOT_CURRENT',
  'E_JOB_NOT_RENDERED',
  'E_LOAD',
  'E_LOAD_TOO_LARGE',
  'E_MARK_UNCONFIRMED',
  'E_MIGRATIONS_DIFFER',
  'E_MIGRATIONS_DIR',
  'E_MIGRATIONS_EMPTY',
  'E_MIGRATION_CHANGED',
  'E_MIGRATION_DUPLICATE',
  'E_MIGRATION_FAILED',
  'E_MIGRATION_NAME',
  'E_MIGRATION_ORDER',
  'E_MIGRATION_TRANSACTION',
  'E_NEEDS_YES',
  'E_NOT_CONFIRMED',
  'E_NOT_FLATRENDER',
  'E_NOT_MARKED',
  'E_NOT_MIGRATED',
  'E_NO_BINARIES',
  'E_NO_CREATEDB',
  'E_NO_DATABASE',
  'E_NO_ENGINE',
  'E_NO_FACTORY',
  'E_NO_GLOBAL_SETUP',
  'E_NO_MORE_STEPS',
  'E_NO_RUN_USER',
  'E_NO_SCALE',
  'E_NO_SCENARIO',
  'E_NO_SPACE',
  'E_NO_SUCH_CHUNK',
  'E_NO_SUCH_SCENE',
  'E_NO_TEMPLATE',
  'E_NO_TENANT',
  'E_NO_TESTCONTAINERS',
  'E_NO_URL',
  'E_NO_WORLD',
  'E_OLD_BINARIES',
  'E_OUT_OF_MEMORY',
  'E_PG_USER_SHARED',
  'E_PORT_TAKEN',
  'E_RATE_TABLE_FULL',
  'E_RESTORE_INDEXES',
  'E_ROLE_CHECK',
  'E_SCALE_TOO_LARGE',
  'E_SCENARIO_FILE',
  'E_SCENARIO_GRAPH',
  'E_SCENARIO_MODULE',
  'E_SCENARIO_REFUSED',
  'E_SERIES_ENDED',
  'E_SERVER_DIED',
  'E_SERVER_GONE',
  'E_SHARD_DIED',
  'E_SHARD_MISMATCH',
  'E_SHARD_NEEDS_URL',
  'E_SHARD_TWICE',
  'E_SPARES',
  'E_START',
  'E_START_TIMEOUT',
  'E_TOO_MANY_CONNECTIONS',
  'E_TOO_MANY_REPAIRS',
  'E_UNDECLARED_PARENT',
  'E_UNKNOWN_COLUMN',
  'E_UNKNOWN_ROLE',
  'E_UNKNOWN_ROW',
  'E_UNKNOWN_SCENARIO',
  'E_UNKNOWN_TRAIT',
  'E_UNMANAGED_DATABASE',
  'E_UNREACHABLE',
  'E_UNTRUSTED_CACHE',
  'E_UNTRUSTED_PATH',
  'E_WEAK_SECRET',
  'E_WORLD_FAILED',
] as const;

/** A code from {@link SEED_ERROR_CODES}. */
export type SeedErrorCode = (typeof SEED_ERROR_CODES)[number];

/**
 * An error the user can act on: it names what failed and which object, states the rule,
 * and ends with the fix. The CLI prints `message` without a stack and exits 1.
 *
 * @example
 * throw new SeedError('E_NO_CREATEDB', `Role "app" cannot create databases on ${url}.`, {
 *   fix: 'Run ALTER ROLE app CREATEDB, or use --provider embedded.',
 * });
 */
export class SeedError extends Error {
  override readonly name = 'SeedError';
  readonly code: SeedErrorCode;
  readonly fix: string | undefined;

  constructor(code: SeedErrorCode, problem: string, options: { fix?: string; cause?: unknown } = {}) {
    super(options.fix ? `${problem}\nFix: ${options.fix}` : problem, { cause: options.cause });
    this.code = code;
    this.fix = options.fix;
  }
}

export function isSeedError(error: unknown): error is SeedError {
  return error instanceof SeedError;
}

/** The message of anything thrown, for wrapping in a SeedError. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
