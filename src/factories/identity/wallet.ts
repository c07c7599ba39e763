import { defineFactory } from '../core/factory.js';
import { toman, VAT_RATE } from '../core/realism.js';
import type { RowOf } from '../core/table-meta.js';
import {
  between,
  DAY,
  latest,
  MINUTE,
  num,
  plusMs,
  tenantAdminId,
  toDate,
  vatOf,
} from './billing-support.js';

type TxType = NonNullable<RowOf<'identity.wallet_transactions'>['tx_type']>;

/** What the user reads in the wallet history. */
const DESCRIPTIONS: Record<TxType, string> = {
  TopUp: 'افزایش اعتبار کیف پول از درگاه زرین‌پال',
  PlanPurchase: 'خرید اشتراک از محل کیف پول',
  RenderCharge: 'کسر هزینه رندر ویدیو',
  RenderRefund: 'بازگشت هزینه رندر ناموفق',
  AdminAdjust: 'اصلاح موجودی توسط پشتیبانی',
  GiftCredit: 'اعتبار هدیه',
  ReferralReward: 'پاداش دعوت از دوستان',
};

/** Seconds a job bills: its billable seconds, else its length. */
const jobSeconds = (job: RowOf<'render.render_jobs'>): number =>
  job.billable_seconds > 0 ? job.billable_seconds : Math.max(1, Math.ceil(num(job.duration_sec)));

/** A job is charged in rial when it has a cost (pay-as-you-go), otherwise in plan seconds. */
function jobEntry(job: RowOf<'render.render_jobs'>, sign: 1 | -1) {
  const cost = sign < 0 ? num(job.cost_minor) : num(job.refund_amount_minor) || num(job.cost_minor);
  return {
    user_id: job.user_id,
    render_job_id: job.id,
    amount_minor: cost > 0 ? sign * cost : 0,
    seconds_delta: cost > 0 ? 0 : sign * jobSeconds(job),
  };
}

/**
 * identity.wallet_transactions: the ledger of the current user's rial and seconds balances, a
 * ZarinPal top-up by default (with the succeeded WalletTopUp payment it records). Snapshots never
 * go negative: a credit lands on the user's stored balance, a debit leaves the stored balance.
 */
export const walletTransactionFactory = defineFactory('identity.wallet_transactions', {
  parents: ['identity.users', 'identity.plans', 'render.render_jobs'],
  defaults: ({ parent, overrides, rng, now }) => {
    const user = parent('identity.users');
    const type: TxType = overrides.tx_type ?? 'TopUp';
    let amount = 0;
    let seconds = 0;
    if (type === 'TopUp') amount = toman(rng.pick([100_000, 200_000, 500_000, 1_000_000]));
    else if (type === 'PlanPurchase') {
      const plan = parent('identity.plans');
      const price = num(plan.price_minor) > 0 ? num(plan.price_minor) : toman(290_000);
      amount = -(price + vatOf(price));
    } else if (type === 'RenderCharge') seconds = -rng.int(15, 180);
    else if (type === 'RenderRefund') seconds = rng.int(15, 180);
    else if (type === 'AdminAdjust') amount = (rng.bool(0.8) ? 1 : -1) * toman(rng.int(1, 20) * 10_000);
    else if (type === 'GiftCredit') {
      if (rng.bool(0.5)) seconds = rng.pick([300, 600]);
      else amount = toman(50_000);
    } else amount = toman(100_000);
    const userCreated = toDate(user.created_at) ?? plusMs(now, -60 * DAY);
    return {
      user_id: user.id,
      tx_type: type,
      amount_minor: amount,
      seconds_delta: seconds,
      created_at: between(rng, latest(userCreated, plusMs(now, -60 * DAY)), plusMs(now, -5 * MINUTE)),
    };
  },
  finalize: (row, { parent }) => {
    const user = parent('identity.users');
    const own = user.id === row.user_id;
    const amount = num(row.amount_minor);
    const seconds = num(row.seconds_delta);
    const money = own ? num(user.balance_minor) : 0;
    const secs = own ? num(user.render_seconds_balance) : 0;
    return {
      balance_after_minor: amount > 0 ? money + amount : money,
      seconds_balance_after: seconds > 0 ? secs + seconds : secs,
      description: DESCRIPTIONS[(row.tx_type ?? 'TopUp') as TxType],
    };
  },
  beforeCreate: async (row, { db, create, rng, tenantId }) => {
    const at = toDate(row.created_at)!;
    const amount = num(row.amount_minor);
    const made = { created_at: plusMs(at, -rng.int(60, 300) * 1000), paid_at: at };
    if (row.payment_id === undefined && row.tx_type === 'TopUp' && amount > 0) {
      const payment = await create(
        'identity.payments',
        { user_id: row.user_id!, purpose: 'WalletTopUp', amount_minor: amount, ...made },
        ['succeeded'],
      );
      return { payment_id: payment.id };
    }
    if (row.payment_id === undefined && row.tx_type === 'PlanPurchase' && amount < 0) {
      // The wallet pays the plan's price plus VAT: split the debit back into amount and tax.
      const price = Math.round(-amount / (1 + VAT_RATE));
      const payment = await create(
        'identity.payments',
        {
          user_id: row.user_id!,
          purpose: 'PlanPurchase',
          gateway: 'Wallet',
          amount_minor: price,
          tax_minor: -amount - price,
          ...made,
        },
        ['succeeded'],
      );
      return { payment_id: payment.id };
    }
    if (row.created_by === undefined && row.tx_type === 'AdminAdjust') {
      return { created_by: await tenantAdminId(db, tenantId) };
    }
    return undefined;
  },
  traits: {
    topUp: (_t) => ({ tx_type: 'TopUp' }),
    planPurchase: (_t) => ({ tx_type: 'PlanPurchase' }),
    renderCharge: ({ parent }) => {
      const job = parent('render.render_jobs');
      const at = toDate(job.charged_at) ?? toDate(job.started_at) ?? toDate(job.queued_at);
      return { tx_type: 'RenderCharge', ...jobEntry(job, -1), ...(at ? { created_at: at } : {}) };
    },
    renderRefund: ({ parent }) => {
      const job = parent('render.render_jobs');
      const at =
        toDate(job.refunded_at) ??
        toDate(job.failed_at) ??
        toDate(job.cancelled_at) ??
        toDate(job.completed_at);
      return { tx_type: 'RenderRefund', ...jobEntry(job, 1), ...(at ? { created_at: at } : {}) };
    },
    adminAdjust: (_t) => ({ tx_type: 'AdminAdjust' }),
    giftCredit: (_t) => ({ tx_type: 'GiftCredit' }),
    referralReward: (_t) => ({ tx_type: 'ReferralReward' }),
  },
});
