import { afterEntry, type Balances, EMPTY_BALANCES } from '../../domain/billing.js';
import { topUpFor } from '../../domain/money.js';
import type { Queryable } from '../../sql/queryable.js';

/**
 * The wallet ledger kept in time order while rows arrive in any order (billing.ts has the rule).
 * A factory may write an entry dated months back after entries dated later: the new entry's
 * balances follow the entry before it in (created_at, id) order, every later entry shifts by its
 * amount, and the user's balances follow the latest entry. This is seeding mechanics: in the real
 * service entries are only ever appended.
 */

interface EntryKey {
  readonly user_id: string;
  readonly id: string;
  readonly created_at: Date;
}

/** The balances the entries before `entry` leave. */
export async function balancesBefore(db: Queryable, entry: EntryKey): Promise<Balances> {
  const { rows } = await db.query<{ minor: string; seconds: string }>(
    `SELECT balance_after_minor AS minor, seconds_balance_after AS seconds FROM identity.wallet_transactions
      WHERE user_id = $1 AND (created_at, id) < ($2, $3) ORDER BY created_at DESC, id DESC LIMIT 1`,
    [entry.user_id, entry.created_at, entry.id],
  );
  const row = rows[0];
  return row ? { minor: Number(row.minor), seconds: Number(row.seconds) } : EMPTY_BALANCES;
}

/** The balances an entry of these amounts leaves, given those before it. */
export const balancesAfter = afterEntry;

/**
 * After inserting an entry: shifts the entries after it and sets the user's balances to the
 * latest entry's. `at` is when the change happened (the user row's updated_at, if later).
 */
export async function settleEntry(
  db: Queryable,
  entry: EntryKey & { readonly amount_minor: number; readonly seconds_delta: number },
): Promise<void> {
  await db.query(
    `UPDATE identity.wallet_transactions
        SET balance_after_minor = balance_after_minor + $4, seconds_balance_after = seconds_balance_after + $5
      WHERE user_id = $1 AND (created_at, id) > ($2, $3)`,
    [entry.user_id, entry.created_at, entry.id, entry.amount_minor, entry.seconds_delta],
  );
  await db.query(
    `UPDATE identity.users u
        SET balance_minor = w.balance_after_minor, render_seconds_balance = w.seconds_balance_after,
            updated_at = greatest(u.updated_at + interval '1 microsecond', w.created_at)
       FROM (SELECT balance_after_minor, seconds_balance_after, created_at FROM identity.wallet_transactions
              WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1) w
      WHERE u.id = $1`,
    [entry.user_id],
  );
}

/**
 * How much more the wallet needs at `at` for a debit of `amount` rial to leave no balance below
 * zero, then or later (0 when it can pay). Later entries matter: a charge slipped in before them
 * lowers every balance after it.
 */
export async function shortfall(db: Queryable, userId: string, at: Date, amount: number): Promise<number> {
  const { rows } = await db.query<{ before: string | null; lowest: string | null }>(
    `SELECT (SELECT balance_after_minor FROM identity.wallet_transactions
              WHERE user_id = $1 AND created_at <= $2 ORDER BY created_at DESC, id DESC LIMIT 1) AS before,
            (SELECT min(balance_after_minor) FROM identity.wallet_transactions
              WHERE user_id = $1 AND created_at > $2) AS lowest`,
    [userId, at],
  );
  const before = Number(rows[0]?.before ?? 0);
  const lowest =
    rows[0]?.lowest === null || rows[0]?.lowest === undefined
      ? Number.POSITIVE_INFINITY
      : Number(rows[0].lowest);
  const need = Math.max(amount - before, amount - lowest, 0);
  return need > 0 ? topUpFor(need) : 0;
}
