import type { Occasion } from '../../domain/activity.js';
import { DAY, HOUR, MINUTE } from '../../domain/calendar.js';
import { toman } from '../../domain/money.js';
import type { RowOf } from '../../schema/table-meta.js';
import type { Timeline } from './timeline.js';
import { type DemoTenant, type Person, userOf } from './world.js';

/** A discount campaign: a code valid over a window (an occasion's run-up, or open-ended for newcomers). */
interface Campaign {
  readonly code: string;
  readonly occasion: Occasion | 'welcome';
  readonly from: number;
  readonly to: number;
  readonly percent: number;
  readonly capToman: number;
  readonly description: string;
}

/** The Persian (solar) year of a run-up: Yalda ends it, Nowruz opens the next one (both 621 years on). */
const solarYear = (ms: number) => new Date(ms).getUTCFullYear() - 621;

/**
 * FlatRender's campaigns over the year shown: a code for each Nowruz and Yalda run-up, and a
 * welcome code for first subscriptions; the studio reseller runs its own Yalda sale.
 */
function campaigns(tenant: DemoTenant, time: Timeline): Campaign[] {
  const out: Campaign[] = [];
  if (tenant.key === 'flatrender') {
    out.push({
      code: 'WELCOME',
      occasion: 'welcome',
      from: time.now - 400 * DAY,
      to: time.now + 60 * DAY,
      percent: 15,
      capToman: 150_000,
      description: 'تخفیف خوش‌آمدگویی کاربران جدید',
    });
  }
  if (tenant.key !== 'flatrender' && tenant.key !== 'studio') return out;
  for (const runUp of time.runUps()) {
    if (runUp.from < tenant.since) continue;
    const year = solarYear(runUp.from);
    if (runUp.occasion === 'nowruz' && tenant.key === 'flatrender') {
      out.push({
        code: `NOWRUZ${year}`,
        occasion: 'nowruz',
        from: runUp.from,
        to: runUp.to,
        percent: 30,
        capToman: 300_000,
        description: `تخفیف ویژه نوروز ${year}`,
      });
    }
    if (runUp.occasion === 'yalda') {
      out.push({
        code: tenant.key === 'flatrender' ? `YALDA${year}` : `MAHOUR-YALDA${year}`,
        occasion: 'yalda',
        from: runUp.from,
        to: runUp.to,
        percent: tenant.key === 'flatrender' ? 20 : 25,
        capToman: 200_000,
        description: `جشنواره شب یلدا ${year}`,
      });
    }
  }
  return out;
}

/** One paid term of a subscription: when it starts and the campaign it was bought in, if any. */
interface Term {
  readonly person: Person;
  readonly plan: RowOf<'identity.plans'>;
  readonly starts: number;
  readonly campaign: Campaign | null;
}

/**
 * The monthly terms of a subscriber: the first bought shortly before their first render, then one
 * a month while they stay (a churned customer's last term runs out). Bought in a campaign's
 * window, most terms use its code.
 */
function termsOf(person: Person, time: Timeline, offers: readonly Campaign[]): Term[] {
  const plan = person.plan!;
  const rng = time.rng(`terms|${person.tenant.key}|${person.index}`);
  const days = plan.duration_days ?? 30;
  const first = person.renders[0] ?? person.signup + rng.int(1, 5) * DAY;
  let starts = Math.max(person.signup + 5 * MINUTE, first - rng.int(10, 48 * 60) * MINUTE);
  const terms: Term[] = [];
  for (let k = 0; starts < Math.min(person.until, time.now - HOUR); k++) {
    const open = offers.filter(
      (c) => c.from <= starts && starts < c.to && (c.occasion !== 'welcome' || k === 0),
    );
    const campaign =
      open.length > 0 && rng.bool(open[0]!.occasion === 'welcome' ? 0.3 : 0.65) ? open[0]! : null;
    terms.push({ person, plan, starts, campaign });
    // Renewed when the term runs out (a few minutes to a day late).
    starts += days * DAY + rng.int(5, 24 * 60) * MINUTE;
  }
  return terms;
}

/**
 * How a tenant's customers pay before they render: subscribers buy their monthly terms (with a
 * campaign code when one runs), free users hold the free plan, the enterprise grants its staff
 * the contract plan, and some wallet users buy a seconds pack or see a top-up fail first. Wallet
 * top-ups themselves come with the renders that need them (wallet.ts).
 */
export async function makeSubscriptions(tenant: DemoTenant, time: Timeline): Promise<void> {
  const f = tenant.f;
  const offers = campaigns(tenant, time);
  const terms = tenant.people.filter((p) => p.payer === 'plan').flatMap((p) => termsOf(p, time, offers));
  terms.sort((a, b) => a.starts - b.starts);

  const codes = new Map<string, RowOf<'identity.discount_codes'>>();
  for (const c of offers) {
    const used = terms.filter((t) => t.campaign === c).length;
    const ended = c.to <= time.now;
    codes.set(
      c.code,
      await f.discountCode.create({
        code: c.code,
        description: c.description,
        discount_type: 'Percent',
        value: c.percent,
        max_discount_minor: toman(c.capToman),
        min_amount_minor: null,
        max_uses: c.occasion === 'welcome' ? null : 1000,
        used_count: used,
        starts_at: new Date(c.from),
        ends_at: new Date(c.to),
        is_active: !ended,
        metadata: { campaign: c.occasion },
        created_at: new Date(c.from - 2 * DAY),
        updated_at: new Date(ended ? c.to : c.from),
      }),
    );
  }
  // A code of the tenant's own for the rest of the year (payments refer to one when discounted).
  if (offers.length === 0) {
    await f.discountCode.inactive().create({
      code: `${tenant.row.slug.split('-')[0]!.toUpperCase()}10`,
      description: 'تخفیف همکاری',
      discount_type: 'Percent',
      value: 10,
      max_discount_minor: toman(100_000),
      starts_at: new Date(tenant.since),
      ends_at: new Date(tenant.since + 30 * DAY),
      used_count: 0,
      created_at: new Date(tenant.since - DAY),
      updated_at: new Date(tenant.since + 30 * DAY),
    });
  }

  const rng = time.rng(`subscriptions|${tenant.key}`);
  if (tenant.contract) {
    // The yearly contract, paid by bank transfer and recorded by FlatRender's staff: the admin
    // holds it, and grants it to each member of the marketing team as they join.
    const paid = tenant.since - 2 * DAY;
    await f
      .use(tenant.admin, tenant.contract)
      .payment.succeeded()
      .create({
        purpose: 'PlanPurchase',
        gateway: 'Manual',
        description: `قرارداد سالانه ${tenant.row.name}`,
        created_at: new Date(paid - 3 * DAY),
        paid_at: new Date(paid),
      });
  }
  for (const term of terms) {
    const u = f.use(userOf(term.person), term.plan);
    if (term.campaign) {
      await u
        .use(codes.get(term.campaign.code)!)
        .discountRedemption.create({ redeemed_at: new Date(term.starts) });
    } else {
      await u.payment.succeeded().create({
        purpose: 'PlanPurchase',
        created_at: new Date(term.starts - rng.int(60, 300) * 1000),
        paid_at: new Date(term.starts),
      });
    }
  }

  for (const person of tenant.people) {
    const user = userOf(person);
    const first = person.renders[0] ?? person.signup + DAY;
    if (person.payer === 'free' && tenant.free) {
      // The free plan: a few watermarked renders a month, no payment.
      await f.use(user, tenant.free).userPlan.create({ starts_at: new Date(person.signup + MINUTE) });
    }
    if (person.payer === 'contract' && tenant.contract) {
      await f
        .use(user, tenant.contract)
        .userPlan.granted()
        .create({ starts_at: new Date(Math.max(person.signup + MINUTE, tenant.since)) });
    }
    if (person.payer !== 'wallet' || person.renders.length === 0) continue;
    if (tenant.pack && rng.bool(0.08)) {
      // A pack of render minutes that never expires, bought before the first render.
      const at = first - rng.int(10, 120) * MINUTE;
      await f
        .use(user, tenant.pack)
        .payment.succeeded()
        .create({
          purpose: 'PlanPurchase',
          created_at: new Date(at - rng.int(60, 300) * 1000),
          paid_at: new Date(at),
        });
    }
    // Before the first render: some charge the wallet up front (the rest top up when a render
    // needs it, wallet.ts), and a few give up at the bank's page once first.
    const topUp = Math.max(person.signup + 2 * MINUTE, first - rng.int(5, 40) * MINUTE);
    if (rng.bool(0.1)) {
      await f
        .use(user)
        .payment.failed()
        .create({
          purpose: 'WalletTopUp',
          created_at: new Date(Math.max(person.signup + MINUTE, topUp - rng.int(2, 10) * MINUTE)),
        });
    }
    if (rng.bool(0.45))
      await f
        .use(user)
        .walletTransaction.topUp()
        .create({ created_at: new Date(topUp) });
  }
}
