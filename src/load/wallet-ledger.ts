import { afterEntry, EMPTY_BALANCES, fundingOf, type WalletTxType } from '../domain/billing.js';
import { SECOND } from '../domain/calendar.js';
import { topUpFor } from '../domain/money.js';
import { uuid } from './fast-format.js';
import type { JobCore } from './job-core.js';
import type { TenantScope } from './tenant-scope.js';

/** One wallet_transactions row of a load user, with the balances it leaves. */
export interface LedgerEntry {
  readonly id: string;
  readonly userIndex: number;
  readonly type: Extract<WalletTxType, 'TopUp' | 'RenderCharge' | 'RenderRefund'>;
  readonly amountMinor: number;
  readonly at: number;
  readonly job: JobCore;
  /** The ZarinPal payment of a TopUp. */
  readonly payment: TopUpPayment | null;
  balanceAfter: number;
}

/** A succeeded ZarinPal WalletTopUp payment behind a TopUp entry. */
export interface TopUpPayment {
  readonly id: string;
  readonly createdAt: number;
  readonly paidAt: number;
  readonly amountMinor: number;
}

export interface Ledger {
  /** Every entry of the tenant, in ledger order ((created_at, id) per user, as PostgreSQL sorts them). */
  readonly entries: readonly LedgerEntry[];
  /** Each user's balance after their latest entry (0 without entries). */
  readonly balances: Float64Array;
}

/** PostgreSQL orders uuids by their bytes: the same order as their lowercase hex text. */
function byTimeThenId(a: LedgerEntry, b: LedgerEntry): number {
  return a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The wallet ledger of a tenant's users (domain/billing.ts): every Web render is funded by its
 * user's wallet, a RenderCharge of −cost when queued and a RenderRefund of +refund when it ended;
 * a user tops up through ZarinPal a minute or two before a charge the balance cannot pay. Each
 * entry's balance follows from the previous one, in (created_at, id) order per user.
 */
export function walletLedger(ctx: TenantScope, jobs: readonly JobCore[]): Ledger {
  const users = ctx.tenant.users;
  const events: LedgerEntry[] = [];
  for (const job of jobs) {
    if (fundingOf(job.source, false) !== 'wallet') continue;
    const rng = ctx.stream('identity.wallet_transactions', job.key);
    const charge = uuid(rng);
    const refund = uuid(rng);
    events.push({
      id: charge,
      userIndex: job.userIndex,
      type: 'RenderCharge',
      amountMinor: -job.costMinor,
      at: job.queuedAt,
      job,
      payment: null,
      balanceAfter: 0,
    });
    if (job.refundMinor > 0 && job.endedAt !== null) {
      events.push({
        id: refund,
        userIndex: job.userIndex,
        type: 'RenderRefund',
        amountMinor: job.refundMinor,
        at: job.endedAt,
        job,
        payment: null,
        balanceAfter: 0,
      });
    }
  }
  events.sort(byTimeThenId);

  // First pass: where a charge finds too little, a top-up comes just before it.
  const balance = new Float64Array(users);
  const topUps: LedgerEntry[] = [];
  for (const e of events) {
    const before = balance[e.userIndex]!;
    if (e.type === 'RenderCharge' && before + e.amountMinor < 0) {
      const rng = ctx.stream('identity.payments', e.job.key);
      const amount = topUpFor(-e.amountMinor - before);
      const paidAt = e.at - rng.int(60, 150) * SECOND;
      const createdAt = paidAt - rng.int(25, 90) * SECOND;
      const payment: TopUpPayment = { id: uuid(rng), createdAt, paidAt, amountMinor: amount };
      topUps.push({
        id: uuid(rng),
        userIndex: e.userIndex,
        type: 'TopUp',
        amountMinor: amount,
        at: paidAt,
        job: e.job,
        payment,
        balanceAfter: 0,
      });
      balance[e.userIndex] = before + amount;
    }
    balance[e.userIndex]! += e.amountMinor;
  }

  // Second pass, in the final order: each entry's balance from the previous one.
  const entries = [...events, ...topUps].sort(byTimeThenId);
  const balances = new Float64Array(users);
  const running = Array.from({ length: users }, () => EMPTY_BALANCES);
  for (const e of entries) {
    running[e.userIndex] = afterEntry(running[e.userIndex]!, e.amountMinor, 0);
    e.balanceAfter = running[e.userIndex]!.minor;
    balances[e.userIndex] = e.balanceAfter;
  }
  return { entries, balances };
}
