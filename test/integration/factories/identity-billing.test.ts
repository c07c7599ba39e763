import { describe, expect } from 'vitest';
import { VAT_RATE } from '../../../src/domain/realism.js';
import { identityBillingFactories } from '../../../src/factories/identity/billing-group.js';
import { createFactories, type Factories } from '../../../src/factories/index.js';
import type { Queryable } from '../../../src/sql/queryable.js';
import { verifyDatabase } from '../../../src/verify/verify-database.js';
import { createSeedTest } from '../../../src/vitest/index.js';

// One database for the file; each test's rows are rolled back.
const test = createSeedTest({ transaction: true });

const NOW = '2026-06-01T00:00:00Z';
const now = new Date(NOW);
const num = (value: unknown): number => Number(value);

type Name = keyof typeof identityBillingFactories;
const names = Object.keys(identityBillingFactories) as Name[];
const traitsOf = (name: Name): string[] => Object.keys(identityBillingFactories[name].traits ?? {});

interface AnyFactory {
  create(): Promise<Record<string, unknown>>;
  trait(name: string): AnyFactory;
}
const factory = (f: Factories, name: Name) => f[name] as unknown as AnyFactory;

/** A factories object scoped to a tenant of its own, so unique keys of one test never meet another's. */
async function freshTenant(f: Factories): Promise<Factories> {
  return f.forTenant(await f.tenant.create());
}

const offline: Queryable = {
  query: () => {
    throw new Error('build() must not touch the database');
  },
};

describe('identity billing and gamification factories', () => {
  test('every factory creates a row with its defaults and with each trait; generated times are <= now', async ({
    db,
  }) => {
    const f = createFactories(db, { seed: 11, now: NOW });
    for (const name of names) {
      await expect(factory(f, name).create(), `f.${name}.create()`).resolves.toBeDefined();
      for (const trait of traitsOf(name)) {
        const scoped = await freshTenant(f);
        await expect(
          factory(scoped, name).trait(trait).create(),
          `f.${name}.${trait}()`,
        ).resolves.toBeDefined();
      }
    }
    const tables = [...new Set(names.map((name) => identityBillingFactories[name].table as string))];
    const { rows: columns } = await db.query<{ t: string; c: string }>(
      `SELECT table_schema || '.' || table_name AS t, column_name AS c FROM information_schema.columns
        WHERE table_schema || '.' || table_name = ANY($1) AND data_type = 'timestamp with time zone'
          AND column_name NOT IN ('ends_at', 'expires_at')`,
      [tables],
    );
    for (const { t, c } of columns) {
      const { rows } = await db.query<{ late: number }>(
        `SELECT count(*)::int AS late FROM ${t} WHERE "${c}" > $1`,
        [now],
      );
      expect(rows[0]!.late, `${t}.${c} after the reference time`).toBe(0);
    }
    expect(await verifyDatabase(db)).toEqual([]);
  });

  test('payable = amount − discount + tax, tax = VAT of (amount − discount), for several seeds and an amount override', async ({
    db,
  }) => {
    const check = (p: {
      amount_minor: unknown;
      discount_minor?: unknown;
      tax_minor?: unknown;
      payable_minor: unknown;
    }) => {
      const [amount, discount, tax] = [num(p.amount_minor), num(p.discount_minor), num(p.tax_minor)];
      expect(num(p.payable_minor)).toBe(amount - discount + tax);
      expect(tax).toBe(Math.round((amount - discount) * VAT_RATE));
    };
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const f = await freshTenant(createFactories(db, { seed: 100 + seed, now: NOW }));
      check(await f.payment.create());
      const discounted = await f.payment.discounted().create();
      check(discounted);
      expect(discounted.discount_code_id).not.toBeNull();
      check(await f.payment.walletTopUp().create());
    }
    const f = await freshTenant(createFactories(db, { seed: 77, now: NOW }));
    const overridden = await f.payment.create({ amount_minor: 1_234_567 });
    check(overridden);
    expect(num(overridden.tax_minor)).toBe(123_457);
    const both = await f.payment.discounted().create({ amount_minor: 5_000_000, discount_minor: 750_000 });
    check(both);
    expect(num(both.payable_minor)).toBe(5_000_000 - 750_000 + 425_000);
    // finalize does the work, so build() agrees without a database.
    check(createFactories(offline, { seed: 3, now: NOW }).payment.build({ amount_minor: 999_990 }));
  });

  test('payments are ZarinPal-shaped: verified ones carry authority, ref_id, code 100 and a masked card; failed ones a negative code', async ({
    db,
  }) => {
    const f = await freshTenant(createFactories(db, { seed: 21, now: NOW }));
    const paid = await f.payment.paid().create();
    expect(paid.status).toBe('Succeeded');
    expect(paid.authority).toMatch(/^A\d{35}$/);
    expect(paid.ref_id).toMatch(/^\d+$/);
    expect(paid.gateway_code).toBe(100);
    expect(paid.card_pan_masked).toMatch(/^\d{4}-\d{2}\*\*-\*\*\*\*-\d{4}$/);
    expect(paid.card_hash).toMatch(/^[0-9A-F]{64}$/);
    expect(paid.paid_at!.getTime()).toBeGreaterThanOrEqual(paid.created_at.getTime());

    const failed = await f.payment.failed().create();
    expect(failed.gateway_code).toBe(-51);
    expect(failed.gateway_message).toBe('پرداخت ناموفق');
    expect(failed.failed_at).not.toBeNull();
    expect([failed.ref_id, failed.paid_at]).toEqual([null, null]);

    const again = await f.payment.alreadyVerified().create();
    expect(again.gateway_code).toBe(101);

    const refunded = await f.payment.refunded().create();
    expect(num(refunded.refund_amount_minor)).toBe(num(refunded.payable_minor));
    expect(refunded.refunded_at!.getTime()).toBeGreaterThanOrEqual(refunded.paid_at!.getTime());
    const partial = await f.payment.partiallyRefunded().create();
    expect(num(partial.refund_amount_minor)).toBeLessThan(num(partial.payable_minor));

    const wallet = await f.payment.viaWallet().create();
    expect([wallet.authority, wallet.card_pan_masked, wallet.gateway_code]).toEqual([null, null, null]);

    const many = await f.payment.createList(5);
    expect(new Set([paid, failed, again, refunded, partial, ...many].map((p) => p.authority)).size).toBe(10);
  });

  test('a redemption records a discounted payment: its amount is the payment discount, capped by the code', async ({
    db,
  }) => {
    const f = await freshTenant(createFactories(db, { seed: 31, now: NOW }));
    const code = await f.discountCode.percent().create();
    const redemption = await f.discountRedemption.create();
    const { rows } = await db.query('SELECT * FROM identity.payments WHERE id = $1', [redemption.payment_id]);
    const payment = rows[0]!;
    expect(payment.discount_code_id).toBe(code.id);
    expect(payment.status).toBe('Succeeded');
    expect(num(redemption.amount_minor)).toBe(num(payment.discount_minor));
    expect(num(payment.discount_minor)).toBeGreaterThan(0);
    expect(num(payment.discount_minor)).toBeLessThanOrEqual(num(code.max_discount_minor));
    expect(redemption.redeemed_at).toEqual(payment.paid_at);
    expect(redemption.user_id).toBe(payment.user_id);
  });

  test('a purchased user plan references a succeeded payment for its plan and user; usage within the quota', async ({
    db,
  }) => {
    const f = await freshTenant(createFactories(db, { seed: 41, now: NOW }));
    const plan = await f.plan.pro().create();
    // A succeeded plan purchase is a user plan instance: the payment makes it (billing.ts).
    const payment = await f.payment.create();
    const { rows: made } = await db.query('SELECT * FROM identity.user_plans WHERE payment_id = $1', [
      payment.id,
    ]);
    expect(made).toHaveLength(1);
    const active = made[0]!;
    expect(active.starts_at).toEqual(payment.paid_at);
    expect(active.status).toBe('Active');
    expect(active.expires_at!.getTime()).toBeGreaterThan(now.getTime());
    expect(num(active.seconds_total)).toBe(plan.render_seconds_quota);
    expect(num(active.seconds_used)).toBe(0);
    // A second instance of the same plan cannot be Active too: it is the term before, bought then.
    const before = await f.userPlan.create();
    expect(before.status).toBe('Expired');
    expect(before.expires_at).toEqual(active.starts_at);
    expect(before.payment_id).not.toBe(payment.id);

    const expired = await f.userPlan.expired().create();
    expect(expired.expires_at!.getTime()).toBeLessThanOrEqual(now.getTime());
    const { rows } = await db.query('SELECT * FROM identity.payments WHERE id = $1', [expired.payment_id]);
    expect(rows[0]).toMatchObject({ status: 'Succeeded', plan_id: plan.id, purpose: 'PlanPurchase' });
    expect(rows[0]!.paid_at).toEqual(expired.starts_at);

    const exhausted = await f.userPlan.cancelled().exhausted().create();
    expect(num(exhausted.seconds_used)).toBe(num(exhausted.seconds_total));
    expect(exhausted.cancelled_at).not.toBeNull();

    const admin = await f.user.admin().create();
    const member = await f.user.create();
    const granted = await f.use(member).userPlan.granted().create({ plan_id: plan.id });
    expect([granted.payment_id, granted.granted_by]).toEqual([null, admin.id]);

    await f.plan.free().create();
    const free = await f.userPlan.create();
    expect(free.payment_id).toBeNull();
    expect(num(free.seconds_used)).toBeLessThanOrEqual(num(free.seconds_total));
  });

  test('wallet snapshots never go negative and top-ups and wallet purchases reference their payments', async ({
    db,
  }) => {
    const f = await freshTenant(createFactories(db, { seed: 51, now: NOW }));
    const user = await f.user.create();
    expect(num(user.balance_minor)).toBe(0); // a wallet starts empty: its balance is its ledger's
    const topUp = await f.walletTransaction.create();
    expect(topUp.tx_type).toBe('TopUp');
    const { rows: topUpPayments } = await db.query('SELECT * FROM identity.payments WHERE id = $1', [
      topUp.payment_id,
    ]);
    expect(topUpPayments[0]).toMatchObject({ purpose: 'WalletTopUp', status: 'Succeeded', plan_id: null });
    expect(num(topUpPayments[0]!.amount_minor)).toBe(num(topUp.amount_minor));
    expect(topUpPayments[0]!.paid_at).toEqual(topUp.created_at);

    const purchase = await f.walletTransaction.planPurchase().create();
    expect(num(purchase.amount_minor)).toBeLessThan(0);
    const { rows: purchases } = await db.query('SELECT * FROM identity.payments WHERE id = $1', [
      purchase.payment_id,
    ]);
    expect(purchases[0]).toMatchObject({ gateway: 'Wallet', purpose: 'PlanPurchase', status: 'Succeeded' });
    expect(num(purchases[0]!.payable_minor)).toBe(-num(purchase.amount_minor));

    for (const tx of await f.walletTransaction.adminAdjust().createList(4)) {
      expect(num(tx.amount_minor) !== 0 || num(tx.seconds_delta) !== 0).toBe(true);
    }
    // Whatever order the entries were dated in, each follows the one before it in time, the
    // balance never goes below zero (a purchase the wallet could not pay was topped up first),
    // and the user's balance is the latest entry's.
    const { rows: entries } = await db.query(
      'SELECT * FROM identity.wallet_transactions WHERE user_id = $1 ORDER BY created_at, id',
      [user.id],
    );
    let balance = 0;
    for (const entry of entries) {
      balance += num(entry.amount_minor);
      expect(num(entry.balance_after_minor)).toBe(balance);
      expect(balance).toBeGreaterThanOrEqual(0);
    }
    const { rows: users } = await db.query('SELECT balance_minor FROM identity.users WHERE id = $1', [
      user.id,
    ]);
    expect(num(users[0]!.balance_minor)).toBe(balance);
  });

  test('renderCharge records the charge of a new wallet-paid render (its user, its cost), once per job', async ({
    db,
  }) => {
    const f = await freshTenant(createFactories(db, { seed: 61, now: NOW }));
    const charge = await f.walletTransaction.renderCharge().create();
    const { rows: jobs } = await db.query('SELECT * FROM render.render_jobs WHERE id = $1', [
      charge.render_job_id,
    ]);
    const job = jobs[0]!;
    expect(charge.user_id).toBe(job.user_id);
    expect(num(charge.amount_minor)).toBe(-num(job.cost_minor));
    expect(charge.created_at).toEqual(job.charged_at);
    expect(job.metadata.billing).toEqual({ funded_by: 'wallet' });
    const refund = await f.walletTransaction.renderRefund().create();
    const { rows: failed } = await db.query(
      `SELECT j.refund_amount_minor, (SELECT count(*)::int FROM identity.wallet_transactions w
         WHERE w.render_job_id = j.id AND w.tx_type = 'RenderCharge') AS charges
         FROM render.render_jobs j WHERE j.id = $1`,
      [refund.render_job_id],
    );
    expect(num(refund.amount_minor)).toBe(num(failed[0]!.refund_amount_minor));
    expect(failed[0]!.charges).toBe(1);
    // One charge per job: a second one for the same render breaks (render_job_id, tx_type).
    await expect(
      f.walletTransaction.renderCharge().create({ render_job_id: job.id, amount_minor: -1 }),
    ).rejects.toThrow(/unique/);
  });

  test('levels take level_number and min_xp from the row number; user_xp lies within its level band', async ({
    db,
  }) => {
    const f = await freshTenant(createFactories(db, { seed: 71, now: NOW }));
    const levels = await f.level.createList(4);
    expect(new Set(levels.map((l) => l.level_number)).size).toBe(4);
    for (let i = 1; i < levels.length; i++) expect(levels[i]!.min_xp).toBeGreaterThan(levels[i - 1]!.min_xp);
    const level = levels.at(-1)!;
    const xp = await f.userXp.create();
    expect(xp.level_id).toBe(level.id);
    expect(num(xp.total_xp)).toBeGreaterThanOrEqual(level.min_xp);
    const next = (250 * level.level_number * (level.level_number + 1)) / 2;
    expect(num(xp.total_xp)).toBeLessThan(next);
    expect(xp.longest_streak_days).toBeGreaterThanOrEqual(xp.current_streak_days);
  });

  test('quest progress: one row per period, completed iff progress reaches the target, claimed after completed', async ({
    db,
  }) => {
    const f = await freshTenant(createFactories(db, { seed: 81, now: NOW }));
    const quest = await f.quest.daily().create();
    const rows = await f.userQuestProgress.completed().createList(3);
    expect(new Set(rows.map((r) => r.period_key)).size).toBe(3);
    for (const row of rows) {
      expect(row.period_key).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(row.progress_count).toBe(quest.target_count);
      expect(row.completed_at).not.toBeNull();
    }
    await f.quest.weekly().create();
    const claimed = await f.userQuestProgress.claimed().create();
    expect(claimed.period_key).toMatch(/^\d{4}-W\d{2}$/);
    expect(claimed.claimed_at!.getTime()).toBeGreaterThanOrEqual(claimed.completed_at!.getTime());
    const open = await f.userQuestProgress.inProgress().create();
    expect(open.progress_count).toBeLessThan(5);
    expect([open.completed_at, open.claimed_at]).toEqual([null, null]);
    const forced = await f.userQuestProgress.inProgress().create({ progress_count: 5 });
    expect(forced.completed_at).not.toBeNull();
    await f.quest.once().create();
    expect((await f.userQuestProgress.create()).period_key).toBe('once');
  });

  test('earned gifts snapshot their gift; a claimed credit is paid out by a wallet transaction; notified ones follow their notification', async ({
    db,
  }) => {
    const f = await freshTenant(createFactories(db, { seed: 91, now: NOW }));
    const gift = await f.gift.walletCredit().create();
    const claimed = await f.earnedGift.claimed().create();
    expect([claimed.gift_id, claimed.gift_type, claimed.value]).toEqual([
      gift.id,
      'WalletCredit',
      gift.value,
    ]);
    expect(claimed.claimed_at!.getTime()).toBeGreaterThanOrEqual(claimed.earned_at.getTime());
    const { rows } = await db.query('SELECT * FROM identity.wallet_transactions WHERE id = $1', [
      claimed.wallet_transaction_id,
    ]);
    expect(rows[0]).toMatchObject({ tx_type: 'GiftCredit', user_id: claimed.user_id });
    expect(num(rows[0]!.amount_minor)).toBe(num(gift.value));

    const expired = await f.earnedGift.expired().create();
    expect(expired.expires_at!.getTime()).toBeLessThanOrEqual(now.getTime());
    const pending = await f.earnedGift.create();
    expect(pending.expires_at!.getTime()).toBeGreaterThan(now.getTime());

    const level = await f.level.create();
    expect((await f.earnedGift.levelUp().create()).level_id).toBe(level.id);

    // Its GiftEarned notification names it and comes after it (causes before effects).
    const notified = await f.earnedGift.notified().create();
    const { rows: notices } = await db.query('SELECT * FROM notification.notifications WHERE id = $1', [
      notified.notification_id,
    ]);
    expect(notices[0]).toMatchObject({ notification_type: 'GiftEarned', user_id: notified.user_id });
    expect(notices[0]!.data.earned_gift_id).toBe(notified.id);
    expect(notified.earned_at.getTime()).toBeLessThan(notices[0]!.created_at.getTime());
  });

  test('a referral signs up a new referred user (never the referrer); rewarded ones reference the referrer’s reward', async ({
    db,
  }) => {
    const f = await freshTenant(createFactories(db, { seed: 101, now: NOW }));
    const referrer = await f.user.create();
    const referral = await f.referral.create();
    expect(referral.referrer_user_id).toBe(referrer.id);
    expect(referral.referred_user_id).not.toBe(referrer.id);
    const { rows } = await db.query('SELECT * FROM identity.users WHERE id = $1', [
      referral.referred_user_id,
    ]);
    expect(rows[0]).toMatchObject({ affiliate_owner_id: referrer.id, register_mode: 'Mobile' });
    expect(rows[0]!.created_at).toEqual(referral.created_at);

    const rewarded = await f.use(referrer).referral.rewarded().create();
    expect(rewarded.qualified_at!.getTime()).toBeGreaterThan(rewarded.created_at.getTime());
    const { rows: gifts } = await db.query('SELECT * FROM identity.earned_gifts WHERE id = $1', [
      rewarded.reward_earned_gift_id,
    ]);
    expect(gifts[0]).toMatchObject({ user_id: referrer.id, source: 'Referral', status: 'Claimed' });
    const referred = new Set((await f.use(referrer).referral.createList(3)).map((r) => r.referred_user_id));
    expect(referred.size).toBe(3);
  });
});
