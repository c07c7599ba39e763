import { WALLET_DESCRIPTIONS, type WalletTxType } from '../../domain/billing.js';
import { toman } from '../../domain/money.js';
import { defineFactory } from '../core/factory.js';
import { DAY, latest, MINUTE, num, plusMs, tenantAdminId, toDate, vatOf } from './billing-support.js';
import { balancesBefore, settleEntry, shortfall } from './wallet-ledger.js';

/** Marks the payment a top-up entry makes for itself (that payment must not credit the wallet again). */
export const TOPPING_UP = 'wallet:topping-up';

/** Debits the user must be able to pay: a user tops up before them (billing.ts). */
const COVERED: ReadonlySet<string> = new Set(['RenderCharge', 'PlanPurchase']);

/**
 * identity.wallet_transactions: an entry of the current user's wallet ledger, a ZarinPal top-up
 * by default (with the succeeded WalletTopUp payment it records). Entries may be written in any
 * order: each one's balances follow the entry before it in time, later ones shift, and the user's
 * `balance_minor` / `render_seconds_balance` follow the latest (billing.ts). A charge the balance
 * cannot pay is preceded by the top-up that pays it. `renderCharge()` / `renderRefund()` make a
 * wallet-paid render job and record its charge or refund.
 */
export const walletTransactionFactory = defineFactory('identity.wallet_transactions', {
  parents: ['identity.users', 'identity.plans'],
  defaults: ({ parent, overrides, rng, now, when }) => {
    const user = parent('identity.users');
    const type: WalletTxType = (overrides.tx_type as WalletTxType | undefined) ?? 'TopUp';
    let amount = 0;
    let seconds = 0;
    if (type === 'TopUp') amount = toman(rng.pick([100_000, 200_000, 500_000, 1_000_000]));
    else if (type === 'PlanPurchase') {
      const plan = parent('identity.plans');
      const price = num(plan.price_minor) > 0 ? num(plan.price_minor) : toman(290_000);
      amount = -(price + vatOf(price));
    } else if (type === 'AdminAdjust') amount = toman(rng.int(1, 20) * 10_000);
    else if (type === 'GiftCredit') {
      if (rng.bool(0.5)) seconds = rng.pick([300, 600]);
      else amount = toman(50_000);
    } else if (type === 'ReferralReward') amount = toman(100_000);
    const userCreated = toDate(user.created_at) ?? plusMs(now, -60 * DAY);
    return {
      user_id: user.id,
      tx_type: type,
      amount_minor: amount,
      seconds_delta: seconds,
      created_at: when(latest(userCreated, plusMs(now, -120 * DAY)), plusMs(now, -5 * MINUTE)),
    };
  },
  // build() knows no ledger: an entry alone. create() chains it (beforeCreate).
  finalize: (row) => ({
    balance_after_minor: num(row.amount_minor),
    seconds_balance_after: num(row.seconds_delta),
    description: WALLET_DESCRIPTIONS[(row.tx_type ?? 'TopUp') as WalletTxType],
  }),
  beforeCreate: async (row, { db, create, rng, tenantId, run }) => {
    const extra: Record<string, unknown> = {};
    let at = toDate(row.created_at)!;
    const made = () => ({ created_at: plusMs(at, -rng.int(60, 300) * 1000), paid_at: at });
    if (
      row.render_job_id === undefined &&
      (row.tx_type === 'RenderCharge' || row.tx_type === 'RenderRefund')
    ) {
      // A wallet-paid render whose charge (or refund) this entry is: the job writes the other entries.
      const key = `wallet:caller-posts:${row.tx_type}`;
      run.busy.add(key);
      try {
        const job = await create('render.render_jobs', { user_id: row.user_id!, source: 'Web' }, [
          row.tx_type === 'RenderCharge' ? 'completed' : 'failed',
        ]);
        const charge = row.tx_type === 'RenderCharge';
        at = toDate(charge ? job.charged_at : job.refunded_at)!;
        Object.assign(extra, {
          render_job_id: job.id,
          amount_minor: charge ? -num(job.cost_minor) : num(job.refund_amount_minor),
          seconds_delta: 0,
          created_at: at,
        });
      } finally {
        run.busy.delete(key);
      }
    }
    const amount = num((extra.amount_minor ?? row.amount_minor) as number | string);
    if (row.payment_id === undefined && row.tx_type === 'TopUp' && amount > 0) {
      run.busy.add(TOPPING_UP);
      try {
        const payment = await create(
          'identity.payments',
          { user_id: row.user_id!, purpose: 'WalletTopUp', amount_minor: amount, tax_minor: 0, ...made() },
          ['succeeded'],
        );
        extra.payment_id = payment.id;
      } finally {
        run.busy.delete(TOPPING_UP);
      }
    }
    if (row.payment_id === undefined && row.tx_type === 'PlanPurchase' && amount < 0) {
      // The wallet pays the plan's price plus VAT: split the debit back into amount and tax.
      const price = Math.round(-amount / 1.1);
      const payment = await create(
        'identity.payments',
        {
          user_id: row.user_id!,
          purpose: 'PlanPurchase',
          gateway: 'Wallet',
          amount_minor: price,
          tax_minor: -amount - price,
          ...made(),
        },
        ['succeeded'],
      );
      extra.payment_id = payment.id;
    }
    if (row.created_by === undefined && row.tx_type === 'AdminAdjust') {
      extra.created_by = await tenantAdminId(db, tenantId);
    }
    if (amount < 0 && COVERED.has(String(row.tx_type))) {
      const topUp = await shortfall(db, row.user_id!, at, -amount);
      if (topUp > 0) {
        await create('identity.wallet_transactions', {
          user_id: row.user_id!,
          tx_type: 'TopUp',
          amount_minor: topUp,
          created_at: plusMs(at, -rng.int(60, 600) * 1000),
        });
      }
    }
    const before = await balancesBefore(db, { user_id: row.user_id!, id: row.id!, created_at: at });
    return {
      ...extra,
      balance_after_minor: before.minor + amount,
      seconds_balance_after:
        before.seconds + num((extra.seconds_delta ?? row.seconds_delta) as number | string),
    };
  },
  afterCreate: async (row, { db }) => {
    await settleEntry(db, {
      user_id: row.user_id,
      id: row.id,
      created_at: row.created_at,
      amount_minor: num(row.amount_minor),
      seconds_delta: num(row.seconds_delta),
    });
  },
  traits: {
    topUp: (_t) => ({ tx_type: 'TopUp' }),
    planPurchase: (_t) => ({ tx_type: 'PlanPurchase' }),
    /** The charge of a new wallet-paid render (the render job is made first). */
    renderCharge: (_t) => ({ tx_type: 'RenderCharge' }),
    /** The refund of a new wallet-paid render that failed. */
    renderRefund: (_t) => ({ tx_type: 'RenderRefund' }),
    adminAdjust: (_t) => ({ tx_type: 'AdminAdjust' }),
    giftCredit: (_t) => ({ tx_type: 'GiftCredit' }),
    referralReward: (_t) => ({ tx_type: 'ReferralReward' }),
  },
});
