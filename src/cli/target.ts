import type { TargetDatabase } from '../config/resolve-config.js';
import { databaseOf, redact } from '../sql/database-url.js';
import type { Output } from './output.js';

/** A database a command works on, as the command talks about it. */
export interface Target extends TargetDatabase {
  /** Its name. */
  readonly database: string;
  /** `postgresql://app:***@db:5432/demo (from DATABASE_URL)`: never with the user's password. */
  readonly where: string;
}

/** Names the database a command is about to use and where its URL came from (stderr). */
export function announceTarget(out: Output, target: TargetDatabase, doing: string): Target {
  const named: Target = {
    ...target,
    database: databaseOf(target.url),
    where: `${redact(target.url)} (from ${target.from})`,
  };
  out.note(`${doing} database "${named.database}" at ${named.where}.`);
  return named;
}
