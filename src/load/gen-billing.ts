import { CARD_BINS, WALLET_DESCRIPTIONS } from '../domain/billing.js';
import { CURRENCY } from '../domain/money.js';
import { iranianIp } from '../domain/places.js';
import type { Row } from '../sql/copy-text.js';
import { loadTable } from '../sql/load-table.js';
import { hex } from './fast-format.js';
import type { TenantContext } from './tenant-context.js';

export const paymentsTable = loadTable('identity.payments', [
  'id',
  'tenant_id',
  'user_id',
  'purpose',
  'gateway',
  'status',
  'amount_minor',
  'discount_minor',
  'tax_minor',
  'payable_minor',
  'currency',
  'authority',
  'ref_id',
  'gateway_code',
  'gateway_message',
  'card_pan_masked',
  'card_hash',
  'callback_url',
  'description',
  'client_ip',
  'paid_at',
  'metadata',
  'created_at',
  'updated_at',
]);

/** identity.payments: the succeeded ZarinPal top-up behind each TopUp ledger entry. */
export function* paymentRows(ctx: TenantContext): Generator<Row> {
  const { tenant, core } = ctx;
  for (const entry of ctx.ledger.entries) {
    const payment = entry.payment;
    if (!payment) continue;
    const rng = ctx.stream('identity.payments', `${entry.job.key}+`);
    const user = ctx.users[entry.userIndex]!;
    // A wallet top-up is not taxed (VAT is charged when the credit is spent): payable = amount.
    yield [
      payment.id,
      tenant.id,
      user.id,
      'WalletTopUp',
      'ZarinPal',
      'Succeeded',
      payment.amountMinor,
      0,
      0,
      payment.amountMinor,
      CURRENCY,
      // A ZarinPal authority: 'A', zeros, then 27 digits.
      `A00000000${digits(rng, 27)}`,
      String(rng.int(10_000_000, 99_999_999)),
      100,
      'Verified',
      `${rng.pick(CARD_BINS)}******${String(rng.int(0, 9999)).padStart(4, '0')}`,
      hex(rng, 64),
      `https://${core.domain}/wallet/callback`,
      WALLET_DESCRIPTIONS.TopUp,
      iranianIp(rng),
      payment.paidAt,
      `{"wallet_transaction_id":"${entry.id}"}`,
      payment.createdAt,
      payment.paidAt,
    ];
  }
}

/** `count` decimal digits drawn from the stream. */
function digits(rng: TenantRng, count: number): string {
  let out = '';
  while (out.length < count) out += String(rng.int(0, 999_999_999)).padStart(9, '0');
  return out.slice(0, count);
}

type TenantRng = ReturnType<TenantContext['stream']>;

export const walletTransactionsTable = loadTable('identity.wallet_transactions', [
  'id',
  'tenant_id',
  'user_id',
  'tx_type',
  'amount_minor',
  'seconds_delta',
  'balance_after_minor',
  'seconds_balance_after',
  'payment_id',
  'render_job_id',
  'description',
  'created_by',
  'created_at',
]);

/**
 * identity.wallet_transactions: the users' ledgers (wallet-ledger.ts): a charge per Web render
 * at its queue time, a refund when it ended with one, top-ups before the charges they pay for.
 */
export function* walletTransactionRows(ctx: TenantContext): Generator<Row> {
  const { tenant } = ctx;
  for (const entry of ctx.ledger.entries) {
    yield [
      entry.id,
      tenant.id,
      ctx.users[entry.userIndex]!.id,
      entry.type,
      entry.amountMinor,
      0,
      entry.balanceAfter,
      0,
      entry.payment?.id ?? null,
      entry.type === 'TopUp' ? null : entry.job.id,
      WALLET_DESCRIPTIONS[entry.type],
      null,
      entry.at,
    ];
  }
}
