/**
 * The businesses of the demo besides FlatRender: two resellers and an enterprise customer, with
 * Persian names and the Latin forms they use online.
 *
 * TODO(issue 11 item 5): derive nameEn, slug and e-mail local part with `company(kind, name)` of
 * src/domain/companies.ts (Persian→Latin transliteration) once it lands on main; until then they
 * are transliterated here by hand, the way that module does.
 */
export interface Business {
  /** Persian name, as the brand shows it. */
  readonly name: string;
  readonly nameEn: string;
  /** Latin slug (tenant slug, domain label). */
  readonly slug: string;
  /** E-mail local part of the owner's mailbox. */
  readonly emailLocal: string;
  /** Where the business is (its contact address and most of its customers). */
  readonly city: string;
}

export const RESELLER_A: Business = {
  name: 'استودیو ماهور',
  nameEn: 'Studio Mahour',
  slug: 'studio-mahour',
  emailLocal: 'studio.mahour',
  city: 'تهران',
};

export const RESELLER_B: Business = {
  name: 'گروه تبلیغاتی سیمرغ',
  nameEn: 'Goruh Tablighati Simorgh',
  slug: 'goruh-tablighati-simorgh',
  emailLocal: 'goruh.tablighati.simorgh',
  city: 'اصفهان',
};

export const ENTERPRISE: Business = {
  name: 'فروشگاه‌های زنجیره‌ای آفتاب',
  nameEn: 'Forushgahha-ye Zanjireh-i Aftab',
  slug: 'forushgahha-ye-zanjireh-i-aftab',
  emailLocal: 'marketing.aftab',
  city: 'شیراز',
};
