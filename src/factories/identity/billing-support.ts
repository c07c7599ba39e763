import { VAT_RATE } from '../../domain/money.js';
import type { Random } from '../../domain/random.js';
import type { Queryable } from '../../sql/queryable.js';

/** Shared by the billing and gamification factories: time windows, money, ZarinPal shapes. */

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** A Date from a column value (rows give Date, built rows and overrides may give strings). */
export function toDate(value: Date | string | null | undefined): Date | undefined {
  if (value === null || value === undefined) return undefined;
  return value instanceof Date ? value : new Date(value);
}

/** A BIGINT/NUMERIC column value as a JS number (rial amounts stay far below 2^53). */
export function num(value: number | string | bigint | null | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}

/** A uniform time in [from, to]; `from` when the window is empty. */
export function between(rng: Random, from: Date, to: Date): Date {
  const span = to.getTime() - from.getTime();
  return span <= 0 ? new Date(from.getTime()) : new Date(from.getTime() + Math.floor(rng.next() * span));
}

/** The later of some dates (undefined ones ignored). */
export function latest(...dates: (Date | undefined)[]): Date {
  const times = dates.filter((d): d is Date => d !== undefined).map((d) => d.getTime());
  return new Date(Math.max(...times));
}

/** The earlier of some dates (undefined ones ignored). */
export function earliest(...dates: (Date | undefined)[]): Date {
  const times = dates.filter((d): d is Date => d !== undefined).map((d) => d.getTime());
  return new Date(Math.min(...times));
}

export const plusMs = (date: Date, ms: number): Date => new Date(date.getTime() + ms);

/** Iranian VAT on (amount − discount), in whole rial. */
export const vatOf = (taxable: number): number => Math.round(taxable * VAT_RATE);

/** Rounds a rial amount to whole Toman (10 rial), as prices and discounts are shown. */
export const wholeToman = (rial: number): number => Math.round(rial / 10) * 10;

/** Persian digits for titles: 30 → ۳۰ (domain/transliterate.ts). */
export { faDigits } from '../../domain/transliterate.js';

/**
 * A ZarinPal v4 Authority: 'A' and 35 digits. The row number is part of it, so authorities never
 * repeat within a run (the callback resolves a payment by authority alone).
 */
export function zarinpalAuthority(rng: Random, n: number): string {
  const digits = `${String(rng.int(1, 999_999_999)).padStart(9, '0')}${String(n).padStart(12, '0')}`;
  return `A${digits.padStart(35, '0')}`;
}

/** A ZarinPal RefID: the numeric receipt number returned by a successful verify. */
export const zarinpalRefId = (rng: Random): string =>
  `${rng.int(1, 9)}${String(rng.int(0, 999_999_999)).padStart(9, '0')}`;

/** Card BINs of Iranian banks (Melli, Mellat, Saderat, Tejarat, Saman, Pasargad, Eghtesad Novin). */
const CARD_BINS = ['603799', '610433', '603769', '627353', '621986', '502229', '627412'];

/** The masked PAN ZarinPal's verify returns: `6037-99**-****-1234`. */
export function maskedPan(rng: Random): string {
  const bin = rng.pick(CARD_BINS);
  return `${bin.slice(0, 4)}-${bin.slice(4)}**-****-${String(rng.int(0, 9999)).padStart(4, '0')}`;
}

/** Client IPs come from the ISPs' blocks (domain/places.ts). */
export { iranianIp } from '../../domain/places.js';

/** `YYYY-MM-DD` of a time, in UTC. */
export const isoDate = (date: Date): string => date.toISOString().slice(0, 10);

/** The id of an admin of the tenant, if it has one: the actor of grants and adjustments. */
export async function tenantAdminId(db: Queryable, tenantId: string): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM identity.users WHERE tenant_id = $1 AND role IN ('Admin', 'SuperAdmin') AND deleted_at IS NULL
      ORDER BY created_at, id LIMIT 1`,
    [tenantId],
  );
  return rows[0]?.id ?? null;
}
