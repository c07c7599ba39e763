import { type JobStatus, refundedSeconds } from './pricing.js';

/**
 * Who pays for a render, and the books that record it.
 *
 * Funding (recorded in the job's `metadata.billing`):
 * - `tenant`: renders a reseller's servers submit through the API (and Admin or System renders)
 *   are billed to the tenant, metered in `tenant_usage_daily.amount_charged_minor`; no wallet entry.
 * - `plan`: a Web render by a user whose plan (a `user_plans` row, Active, Expired or Cancelled,
 *   whose window [starts_at, expires_at or cancelled_at) holds the job's queue time) still has the seconds and renders
 *   it needs is drawn from that plan: `metadata.billing.user_plan_id` names it, and the plan's
 *   `renders_used` / `seconds_used` count it.
 * - `wallet`: any other Web render is charged to the user's rial wallet: a `RenderCharge` entry of
 *   −cost_minor when it is queued and, if part of it is refunded, a `RenderRefund` entry of
 *   +refund_amount_minor when it ends. A user tops up (a succeeded ZarinPal `WalletTopUp` payment
 *   and its `TopUp` entry) before a render the balance cannot pay.
 *
 * Plan counters: `renders_used` counts the plan's jobs that were not refunded in full;
 * `seconds_used` sums their billable seconds less the refunded ones (pricing.ts).
 *
 * The wallet ledger (`wallet_transactions`) is append-only and ordered by (created_at, id):
 * each entry's `balance_after_minor` is the previous entry's plus its `amount_minor` (from 0),
 * `seconds_balance_after` likewise with `seconds_delta`, and a user's `balance_minor` and
 * `render_seconds_balance` are the latest entry's balances (0 without entries).
 */
export type Funding = 'tenant' | 'plan' | 'wallet';

/** What a render job's `metadata.billing` holds. */
export interface JobBilling {
  readonly funded_by: Funding;
  readonly user_plan_id?: string;
}

/** Who pays for a job from `source`, given whether a plan of the user can take it. */
export function fundingOf(source: string, planCanPay: boolean): Funding {
  if (source !== 'Web') return 'tenant';
  return planCanPay ? 'plan' : 'wallet';
}

/** What a job takes from its plan: one render (unless fully refunded) and its net seconds. */
export function planUse(
  status: JobStatus,
  billable: number,
  framesDone: number,
  totalFrames: number,
): { renders: number; seconds: number } {
  const refunded = refundedSeconds(status, billable, framesDone, totalFrames);
  const seconds = billable - refunded;
  return { renders: refunded >= billable && billable > 0 ? 0 : 1, seconds };
}

export type WalletTxType =
  | 'TopUp'
  | 'PlanPurchase'
  | 'RenderCharge'
  | 'RenderRefund'
  | 'AdminAdjust'
  | 'GiftCredit'
  | 'ReferralReward';

/** What the user reads in the wallet history, per entry type. */
export const WALLET_DESCRIPTIONS: Readonly<Record<WalletTxType, string>> = {
  TopUp: 'افزایش اعتبار کیف پول از درگاه زرین‌پال',
  PlanPurchase: 'خرید اشتراک از محل کیف پول',
  RenderCharge: 'کسر هزینه رندر ویدیو',
  RenderRefund: 'بازگشت هزینه رندر ناموفق یا لغوشده',
  AdminAdjust: 'اصلاح موجودی توسط پشتیبانی',
  GiftCredit: 'اعتبار هدیه',
  ReferralReward: 'پاداش دعوت از دوستان',
};

/** A user's two balances after some ledger entries. */
export interface Balances {
  readonly minor: number;
  readonly seconds: number;
}

export const EMPTY_BALANCES: Balances = { minor: 0, seconds: 0 };

/** The balances after one more entry. */
export function afterEntry(before: Balances, amountMinor: number, secondsDelta: number): Balances {
  return { minor: before.minor + amountMinor, seconds: before.seconds + secondsDelta };
}

/** ZarinPal v4 verify codes: 100 paid, 101 already verified; negative codes are failures. */
export const ZARINPAL_FAILURES: readonly (readonly [code: number, message: string])[] = [
  [-51, 'پرداخت ناموفق: کاربر از پرداخت انصراف داد'],
  [-54, 'پرداخت ناموفق: اطلاعات کارت نامعتبر است'],
  [-22, 'تراکنش ناموفق: موجودی کافی نیست'],
  [-9, 'خطای اعتبارسنجی درگاه'],
];

/** Card BINs of Iranian banks (Melli, Mellat, Saderat, Tejarat, Saman, Pasargad, Eghtesad Novin). */
export const CARD_BINS = ['603799', '610433', '603769', '627353', '621986', '502229', '627412'] as const;
