import { explainEnvironmentFailure } from '../database/environment-failure.js';
import { isSeedError } from '../errors.js';

/** How a command talks: one JSON object on stdout with --json; otherwise text, and progress on a terminal only. */
export interface Output {
  readonly json: boolean;
  /** A progress line (stderr, on a terminal or with --verbose, never with --json). */
  progress(line: string): void;
  /**
   * A line the user should see even in a script or with --json (stderr, silenced only by --quiet):
   * which server or database is used, what an interruption did.
   */
  note(line: string): void;
  /** A line of the human-readable result (stdout). */
  say(line: string): void;
  /** The machine-readable result: printed once, with --json. */
  result(value: unknown): void;
}

export function createOutput(options: { json?: boolean; quiet?: boolean; verbose?: boolean }): Output {
  const json = options.json === true;
  const progress = !json && !options.quiet && (process.stderr.isTTY === true || options.verbose === true);
  return {
    json,
    progress: (line) => {
      if (progress) process.stderr.write(`${line}\n`);
    },
    note: (line) => {
      if (!options.quiet) process.stderr.write(`${line}\n`);
    },
    say: (line) => {
      if (!json) process.stdout.write(`${line}\n`);
    },
    result: (value) => {
      if (json) process.stdout.write(`${JSON.stringify(value)}\n`);
    },
  };
}

/**
 * Exit codes: 0 success, 1 a user error (bad input, unreachable server, full disk…), 2 a bug in the
 * toolkit, 128 + n when a signal stopped a load (130 for Ctrl-C) after it put the database back.
 */
export function reportFailure(thrown: unknown, json: boolean): number {
  // A full disk or a server that went away is the user's to act on, wherever it surfaced.
  const error = explainEnvironmentFailure(thrown) ?? thrown;
  if (isSeedError(error)) {
    if (json)
      process.stdout.write(`${JSON.stringify({ error: { code: error.code, message: error.message } })}\n`);
    process.stderr.write(`error: ${error.message}\n`);
    // Stopped by a signal (E_INTERRUPTED): the shell's convention, 128 + the signal's number.
    const exitCode = (error as { exitCode?: unknown }).exitCode;
    return typeof exitCode === 'number' ? exitCode : 1;
  }
  process.stderr.write(
    `Unexpected error (a bug in @flatrender/seed, please report it):\n${(error as Error)?.stack ?? error}\n`,
  );
  return 2;
}
