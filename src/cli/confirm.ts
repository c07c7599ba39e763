import { createInterface } from 'node:readline/promises';
import { SeedError } from '../errors.js';

export interface DestructiveAction {
  /** The command as typed, e.g. `seed reset`. */
  readonly command: string;
  /** What it will do, completing "seed reset will …", e.g. `empty every FlatRender table of`. */
  readonly effect: string;
  /** The database name. */
  readonly database: string;
  /** Where it is: the URL with its password redacted, and which setting gave it. */
  readonly where: string;
  /** What it holds now (describeDatabase). */
  readonly holds: string;
  /** --yes was given. */
  readonly yes: boolean;
  /** The same command with --yes, for the fix. */
  readonly again: string;
}

/**
 * Says what a destructive command is about to destroy (always, on stderr), then asks on a terminal
 * or, off one, requires --yes: a DATABASE_URL left in a shell, a script or a cron job must not empty
 * a database nobody meant to touch. Throws (exit 1, nothing changed) unless confirmed.
 */
export async function confirmDestructive(action: DestructiveAction): Promise<void> {
  process.stderr.write(
    `${action.command} will ${action.effect} database "${action.database}"\n  at ${action.where}\n  which holds ${action.holds}.\n`,
  );
  if (action.yes) return;
  if (!(process.stdin.isTTY && process.stderr.isTTY)) {
    throw new SeedError(
      'E_NEEDS_YES',
      `${action.command} asks before it destroys data, and there is no terminal to ask on. Nothing was changed.`,
      {
        fix: `If that is the database you mean, confirm with --yes (scripts and cron jobs pass it): ${action.again}`,
      },
    );
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  let answer: string;
  try {
    answer = (
      await prompt.question(`Go ahead with ${action.command} on "${action.database}"? [y/N] `)
    ).trim();
  } finally {
    prompt.close();
  }
  if (/^y(es)?$/i.test(answer)) return;
  throw new SeedError(
    'E_NOT_CONFIRMED',
    `${action.command} was not confirmed (answer ${JSON.stringify(answer)}). Nothing was changed.`,
    { fix: `Answer y to go ahead, or pass --yes: ${action.again}` },
  );
}

/**
 * Asks `question` on a terminal and returns the answer; off a terminal, returns `yes` (a listing
 * command such as `seed clean` then only lists). Never throws for a "no".
 */
export async function confirmRemoval(question: string, yes: boolean): Promise<boolean> {
  if (yes) return true;
  if (!(process.stdin.isTTY && process.stderr.isTTY)) return false;
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(`${question} [y/N] `)).trim());
  } finally {
    prompt.close();
  }
}
