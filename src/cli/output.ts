import { isSeedError } from '../errors.js';

/** How a command talks: one JSON object on stdout with --json; otherwise text, and progress on a terminal only. */
export interface Output {
  readonly json: boolean;
  /** A progress line (stderr, terminal only, never with --json). */
  progress(line: string): void;
  /** A line of the human-readable result (stdout). */
  say(line: string): void;
  /** The machine-readable result: printed once, with --json. */
  result(value: unknown): void;
}

export function createOutput(options: { json?: boolean; quiet?: boolean }): Output {
  const json = options.json === true;
  const progress = !json && !options.quiet && process.stderr.isTTY === true;
  return {
    json,
    progress: (line) => {
      if (progress) process.stderr.write(`${line}\n`);
    },
    say: (line) => {
      if (!json) process.stdout.write(`${line}\n`);
    },
    result: (value) => {
      if (json) process.stdout.write(`${JSON.stringify(value)}\n`);
    },
  };
}

/** Exit codes: 0 success, 1 a user error (bad input, unreachable server…), 2 a bug in the toolkit. */
export function reportFailure(error: unknown, json: boolean): number {
  if (isSeedError(error)) {
    if (json)
      process.stdout.write(`${JSON.stringify({ error: { code: error.code, message: error.message } })}\n`);
    process.stderr.write(`error: ${error.message}\n`);
    return 1;
  }
  process.stderr.write(
    `Unexpected error (a bug in @flatrender/seed, please report it):\n${(error as Error)?.stack ?? error}\n`,
  );
  return 2;
}
