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
  readonly code: string;
  readonly fix: string | undefined;

  constructor(code: string, problem: string, options: { fix?: string; cause?: unknown } = {}) {
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
