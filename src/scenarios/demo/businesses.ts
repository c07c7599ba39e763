import { type Company, company } from '../../domain/companies.js';

/**
 * The businesses of the demo besides FlatRender: two resellers and an enterprise customer, with
 * Persian names and the Latin forms (slug, domain, e-mail) transliterated from them
 * (domain/companies.ts), and the city each works from (domain/places.ts).
 */
export interface Business extends Company {
  readonly city: string;
}

/** A video studio in Tehran reselling FlatRender under its own brand. */
export const RESELLER_A: Business = { ...company('استودیو', 'ماهور'), city: 'تهران' };

/** An advertising agency in Isfahan that resells it to its clients. */
export const RESELLER_B: Business = { ...company('گروه تبلیغاتی', 'سیمرغ'), city: 'اصفهان' };

/** A retail chain in Shiraz whose marketing team renders under a yearly contract. */
export const ENTERPRISE: Business = { ...company('فروشگاه', 'آفتاب'), city: 'شیراز' };
