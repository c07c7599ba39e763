import type { Random } from './random.js';
import { emailLocalPart, latinName, latinSlug } from './transliterate.js';

/**
 * Persian company and brand names, as resellers and their customers are called, with the Latin
 * forms the business uses online: slug, domain and e-mail local part transliterated from the
 * Persian (transliterate.ts), never an unrelated English brand.
 */

/** What a business calls itself before its name: 'نگارخانه', 'استودیو'… */
export const COMPANY_KINDS: readonly string[] = [
  'نگارخانه',
  'استودیو',
  'گروه تبلیغاتی',
  'آژانس',
  'کارگاه',
  'فروشگاه',
  'شرکت',
  'موسسه',
  'خانه طراحی',
  'رسانه',
  'تولید ویدیو',
];

/** The name proper. */
export const COMPANY_NAMES: readonly string[] = [
  'آریا',
  'پارسه',
  'ماهور',
  'سپهر',
  'آوا',
  'رسام',
  'نوآوران',
  'آرمان',
  'کیان',
  'پردیس',
  'ستاره',
  'مهرگان',
  'سیمرغ',
  'البرز',
  'دماوند',
  'آفتاب',
  'باران',
  'نقش',
  'رنگین‌کمان',
  'تیراژه',
  'پرگار',
  'ققنوس',
  'کاوه',
  'زاگرس',
  'ارغوان',
  'نیلوفر',
  'آسمان',
  'آرتا',
  'هیرمند',
  'نوین',
  'ایده',
  'پویان',
];

/** A business with its Persian name and the Latin forms derived from it. */
export interface Company {
  /** 'نگارخانه آریا' */
  readonly name: string;
  /** 'آریا': what the brand shows (branding, e-mail sender). */
  readonly brand: string;
  /** 'Negarkhaneh Arya' */
  readonly nameEn: string;
  /** 'negarkhaneh-arya': a slug and domain label (add a number where it must be unique). */
  readonly slug: string;
  /** 'negarkhaneh.arya' */
  readonly emailLocal: string;
}

/** The company of a kind and a name (both Persian). */
export function company(kind: string, name: string): Company {
  const full = `${kind} ${name}`;
  return {
    name: full,
    brand: name,
    nameEn: latinName(full),
    slug: latinSlug(full),
    emailLocal: emailLocalPart(full),
  };
}

/**
 * A company drawn from the lists. Names repeat across draws: where a slug or domain must be
 * unique, append what makes the row unique (a tenant's ordinal, the factory's sequence).
 *
 * @example
 * const c = drawCompany(rng); // { name: 'نگارخانه آریا', slug: 'negarkhaneh-arya', … }
 * const domain = `${c.slug}-${ordinal + 1}.ir`;
 */
export function drawCompany(rng: Random): Company {
  return company(rng.pick(COMPANY_KINDS), rng.pick(COMPANY_NAMES));
}
