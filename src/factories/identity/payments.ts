import { CURRENCY } from '../../domain/money.js';
import { digest, toman } from '../../domain/realism.js';
import type { RowOf } from '../../schema/table-meta.js';
import { defineFactory } from '../core/factory.js';
import {
  between,
  DAY,
  earliest,
  faDigits,
  iranianIp,
  latest,
  MINUTE,
  maskedPan,
  num,
  plusMs,
  toDate,
  vatOf,
  wholeToman,
  zarinpalAuthority,
  zarinpalRefId,
} from './billing-support.js';
import { PAYING_FOR_USER_PLAN, USER_PLAN_OF_PAYMENT } from './user-plans.js';
import { TOPPING_UP } from './wallet.js';

/** Pay-as-you-go price of one render second bought without a plan. */
const SECOND_RIAL = toman(150);

/** What a discount code takes off a list price, in whole Toman and never more than the price. */
export function discountFor(code: RowOf<'identity.discount_codes'>, amount: number): number {
  const value = num(code.value);
  if (code.discount_type === 'FixedAmount') return Math.min(value, amount);
  if (code.discount_type !== 'Percent') return 0;
  const cap = code.max_discount_minor === null ? amount : num(code.max_discount_minor);
  return Math.min(wholeToman((amount * value) / 100), cap, amount);
}

const SETTLED = new Set(['Succeeded', 'Refunded', 'PartiallyRefunded']);

/** The Persian message stored with a payment's outcome (ZarinPal codes 100 and -51). */
function gatewayMessage(status: string, gateway: string): string | null {
  const online = gateway === 'ZarinPal' || gateway === 'Broker';
  if (SETTLED.has(status)) {
    if (online) return 'تراکنش با موفقیت تایید شد';
    return gateway === 'Wallet' ? 'پرداخت از کیف پول' : 'ثبت دستی توسط پشتیبانی';
  }
  if (status === 'Failed') return online ? 'پرداخت ناموفق' : 'موجودی کیف پول کافی نیست';
  return status === 'Cancelled' ? 'انصراف کاربر از پرداخت' : null;
}

/**
 * identity.payments: a ZarinPal v4 payment of the current user, for the current plan by default,
 * succeeded. Tax and payable are derived from the final amount and discount, so overriding either
 * keeps payable = amount − discount + tax; gateway fields follow the final status.
 */
export const paymentFactory = defineFactory('identity.payments', {
  parents: ['identity.users', 'identity.plans', 'identity.discount_codes'],
  defaults: ({ parent, overrides, rng, now, n }) => {
    const user = parent('identity.users');
    const plan =
      overrides.purpose === undefined || overrides.purpose === 'PlanPurchase'
        ? parent('identity.plans')
        : undefined;
    const purpose = overrides.purpose ?? (plan && num(plan.price_minor) > 0 ? 'PlanPurchase' : 'WalletTopUp');
    const seconds = rng.pick([600, 1_800, 3_600]);
    const byPurpose = {
      PlanPurchase: {
        plan_id: plan?.id ?? null,
        // A free plan is never bought: fall back to the basic tier's price.
        amount_minor: plan && num(plan.price_minor) > 0 ? num(plan.price_minor) : toman(290_000),
        description: `خرید اشتراک ${plan?.name ?? 'پایه'}`,
      },
      WalletTopUp: {
        plan_id: null,
        amount_minor: toman(rng.pick([100_000, 200_000, 300_000, 500_000, 1_000_000])),
        description: 'افزایش اعتبار کیف پول',
      },
      SecondsPurchase: {
        plan_id: null,
        amount_minor: seconds * SECOND_RIAL,
        description: `خرید ${faDigits(seconds / 60)} دقیقه رندر`,
      },
      Other: {
        plan_id: null,
        amount_minor: toman(rng.int(5, 50) * 10_000),
        description: 'پرداخت خدمات طراحی اختصاصی',
      },
    }[purpose];
    const userCreated = toDate(user.created_at) ?? plusMs(now, -30 * DAY);
    return {
      user_id: user.id,
      purpose,
      ...byPurpose,
      gateway: 'ZarinPal',
      status: 'Succeeded',
      currency: CURRENCY,
      callback_url: `https://app.flatrender.ir/payments/callback?order=FR-${n}`,
      client_ip: iranianIp(rng),
      metadata: {
        order_id: `FR-${n}`,
        ...(purpose === 'SecondsPurchase' ? { seconds } : {}),
        ...(user.phone_number ? { mobile: user.phone_number } : {}),
      },
      created_at: between(rng, latest(userCreated, plusMs(now, -25 * DAY)), plusMs(now, -15 * MINUTE)),
    };
  },
  finalize: (row, { parent, rng, now, n }) => {
    const amount = num(row.amount_minor);
    let discount = num(row.discount_minor);
    if (row.discount_minor === undefined && row.discount_code_id) {
      const code = parent('identity.discount_codes');
      if (code.id === row.discount_code_id) discount = discountFor(code, amount);
    }
    const tax = row.tax_minor === undefined ? vatOf(amount - discount) : num(row.tax_minor);
    const payable = amount - discount + tax;
    const status = row.status ?? 'Pending';
    const zarinpal = (row.gateway ?? 'ZarinPal') === 'ZarinPal' || row.gateway === 'Broker';
    const created = toDate(row.created_at) ?? now;
    const settled = SETTLED.has(status);
    const paid = settled
      ? (toDate(row.paid_at) ?? earliest(now, plusMs(created, rng.int(20, 600) * 1000)))
      : undefined;
    const failed =
      status === 'Failed'
        ? (toDate(row.failed_at) ?? earliest(now, plusMs(created, rng.int(60, 1_200) * 1000)))
        : undefined;
    const refunded =
      status === 'Refunded' || status === 'PartiallyRefunded'
        ? (toDate(row.refunded_at) ?? between(rng, paid!, earliest(now, plusMs(paid!, 3 * DAY))))
        : undefined;
    const cancelled =
      status === 'Cancelled' ? earliest(now, plusMs(created, rng.int(30, 900) * 1000)) : undefined;
    const refund =
      status === 'Refunded'
        ? payable
        : status === 'PartiallyRefunded'
          ? wholeToman((payable * rng.int(20, 70)) / 100)
          : 0;
    const carded = zarinpal && (settled || (status === 'Failed' && rng.bool(0.5)));
    return {
      discount_minor: discount,
      tax_minor: tax,
      payable_minor: payable,
      authority: zarinpal ? zarinpalAuthority(rng, n) : null,
      ref_id: zarinpal && settled ? zarinpalRefId(rng) : null,
      gateway_code: zarinpal ? (settled ? 100 : status === 'Failed' ? -51 : null) : null,
      gateway_message: gatewayMessage(status, row.gateway ?? 'ZarinPal'),
      card_pan_masked: carded ? maskedPan(rng) : null,
      card_hash: carded ? digest(rng, 64).toUpperCase() : null,
      paid_at: paid ?? null,
      failed_at: failed ?? null,
      refunded_at: refunded ?? null,
      refund_amount_minor: refund,
      updated_at: latest(created, paid, failed, refunded, cancelled),
    };
  },
  afterCreate: async (row, { create, run, now }) => {
    if (row.purpose === 'WalletTopUp' && row.status === 'Succeeded' && !run.busy.has(TOPPING_UP)) {
      // A succeeded top-up is credited to the wallet (billing.ts), unless its entry made it.
      await create('identity.wallet_transactions', {
        user_id: row.user_id,
        tx_type: 'TopUp',
        amount_minor: num(row.amount_minor),
        payment_id: row.id,
        created_at: row.paid_at ?? now,
      });
      return;
    }
    // A succeeded plan purchase is what a user plan instance is (billing.ts): make it, unless
    // this payment was made by that instance.
    if (row.purpose !== 'PlanPurchase' || !row.plan_id || run.busy.has(PAYING_FOR_USER_PLAN)) return;
    if (!['Succeeded', 'Refunded', 'PartiallyRefunded'].includes(String(row.status))) return;
    run.busy.add(USER_PLAN_OF_PAYMENT);
    try {
      await create('identity.user_plans', {
        user_id: row.user_id,
        plan_id: row.plan_id,
        payment_id: row.id,
        starts_at: row.paid_at ?? now,
        ...(row.status === 'Refunded' ? { status: 'Cancelled' as const } : {}),
      });
    } finally {
      run.busy.delete(USER_PLAN_OF_PAYMENT);
    }
  },
  traits: {
    pending: (_t) => ({ status: 'Pending' }),
    succeeded: (_t) => ({ status: 'Succeeded' }),
    paid: (_t) => ({ status: 'Succeeded' }),
    // ZarinPal answers 101 when a verified payment is verified again (a redelivered callback).
    alreadyVerified: (_t) => ({
      status: 'Succeeded',
      gateway_code: 101,
      gateway_message: 'تراکنش قبلا تایید شده است',
    }),
    failed: (_t) => ({ status: 'Failed' }),
    cancelled: (_t) => ({ status: 'Cancelled' }),
    refunded: (_t) => ({ status: 'Refunded' }),
    partiallyRefunded: (_t) => ({ status: 'PartiallyRefunded' }),
    discounted: ({ parent }) => ({ discount_code_id: parent('identity.discount_codes').id }),
    walletTopUp: (_t) => ({ purpose: 'WalletTopUp' }),
    secondsPurchase: (_t) => ({ purpose: 'SecondsPurchase' }),
    viaWallet: (_t) => ({ gateway: 'Wallet' }),
  },
});

/**
 * identity.discount_redemptions: a use of the current discount code. Unless given a payment, it
 * makes the succeeded, discounted payment it records; its amount is that payment's discount.
 */
export const discountRedemptionFactory = defineFactory('identity.discount_redemptions', {
  parents: ['identity.discount_codes', 'identity.users'],
  defaults: ({ parent, rng, now }) => {
    const code = parent('identity.discount_codes');
    const user = parent('identity.users');
    // Within the code's window, after the user signed up, at most 90 days back.
    const to = earliest(toDate(code.ends_at) ?? now, plusMs(now, -5 * MINUTE));
    const from = latest(toDate(code.starts_at), toDate(user.created_at), plusMs(to, -90 * DAY));
    return { discount_code_id: code.id, user_id: user.id, redeemed_at: between(rng, from, to) };
  },
  beforeCreate: async (row, { create, rng }) => {
    if (row.payment_id !== undefined) return undefined;
    const redeemed = toDate(row.redeemed_at)!;
    const payment = await create(
      'identity.payments',
      {
        user_id: row.user_id!,
        discount_code_id: row.discount_code_id!,
        created_at: plusMs(redeemed, -rng.int(60, 600) * 1000),
        paid_at: redeemed,
      },
      ['succeeded'],
    );
    return { payment_id: payment.id, amount_minor: num(payment.discount_minor) };
  },
});
