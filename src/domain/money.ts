/**
 * Money: the database stores integer rial in `*_minor` columns; the UI shows Toman (rial ÷ 10)
 * and prices are set in whole Toman.
 */

/** Rial amount of a price written in Toman. */
/** The currency every amount is stored in (rial; the UI shows Toman, a tenth of it). */
export const CURRENCY = 'IRR';

export const toman = (amount: number): number => amount * 10;

/** Rounds a rial amount to whole Toman, as prices and discounts are shown. */
export const wholeToman = (rial: number): number => Math.round(rial / 10) * 10;

/** Iranian VAT on digital services (10 % in 1403/1404), charged on (amount − discount). */
export const VAT_RATE = 0.1;

/** VAT on a taxable amount, in whole rial. */
export const vatOf = (taxable: number): number => Math.round(taxable * VAT_RATE);

/** What a payment asks the payer for: `payable = amount − discount + tax` (a CHECK in the schema). */
export function payable(amount: number, discount: number): { tax: number; payable: number } {
  const tax = vatOf(amount - discount);
  return { tax, payable: amount - discount + tax };
}

/** A top-up amount that covers `needed` rial: the smallest of the usual round amounts, or more. */
export function topUpFor(needed: number): number {
  for (const amount of [100_000, 200_000, 500_000, 1_000_000, 2_000_000, 5_000_000].map(toman)) {
    if (amount >= needed) return amount;
  }
  return Math.ceil(needed / toman(1_000_000)) * toman(1_000_000);
}
