import { serviceIdentitySequences } from './catalog.js';
import { quoteIdent, quoteLiteral, quoteTable } from './identifiers.js';
import type { Queryable } from './queryable.js';

/**
 * The statement that moves `table`'s identity sequence past the largest value its column holds
 * (nothing when the table is empty): after rows were written with their ids given, so later
 * INSERTs do not collide.
 */
export function advanceSequenceStatement(table: string, column = 'id'): string {
  const value = quoteIdent(column);
  return `SELECT setval(pg_get_serial_sequence(${quoteLiteral(table)}, ${quoteLiteral(column)}), max(${value})) FROM ${quoteTable(table)} HAVING max(${value}) IS NOT NULL`;
}

/** Moves the identity sequence of each table past the ids it holds. */
export async function advanceSequences(
  db: Queryable,
  tables: readonly string[],
  column = 'id',
): Promise<void> {
  for (const table of tables) await db.query(advanceSequenceStatement(table, column));
}

/** Restarts every identity sequence of the service schemas (after their rows were deleted). */
export async function restartServiceSequences(db: Queryable): Promise<void> {
  for (const sequence of await serviceIdentitySequences(db))
    await db.query(`ALTER SEQUENCE ${sequence} RESTART`);
}
