import { describe, expect, it } from 'vitest';
import { COMPANY_KINDS, COMPANY_NAMES, company } from '../../../src/domain/companies.js';
import { FAMILY_NAMES, GIVEN_NAMES } from '../../../src/domain/people.js';
import { emailLocalPart, latinName, latinSlug, transliterate } from '../../../src/domain/transliterate.js';

describe('transliterate', () => {
  it('writes Persian names the way their owners do', () => {
    expect(latinSlug('نگارخانه آریا')).toBe('negarkhaneh-arya');
    expect(emailLocalPart('علی رضایی')).toBe('ali.rezaei');
    expect(latinName('استودیو سیمرغ')).toBe('Studio Simorgh');
    expect(transliterate('محمد حسینی')).toBe('mohammad hosseini');
  });

  it('spells words outside its lexicon by letter rules that restore common vowels', () => {
    expect(transliterate('نگار')).toBe('negar');
    expect(transliterate('آریا')).toBe('arya');
    expect(transliterate('خانه')).toBe('khaneh');
    expect(transliterate('شیراز')).toBe('shiraz');
  });

  it('normalises Arabic letters, Persian digits and half-spaces, and passes Latin through', () => {
    expect(transliterate('كيان ۱۴۰۵')).toBe('kian 1405');
    expect(transliterate('رنگین‌کمان')).toBe('ranginkaman');
    expect(transliterate('Studio آوا')).toBe('studio ava');
  });

  it('gives every company and person name a non-empty ASCII slug', () => {
    for (const kind of COMPANY_KINDS) {
      for (const name of COMPANY_NAMES) {
        const c = company(kind, name);
        expect(c.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        expect(c.emailLocal).toMatch(/^[a-z0-9]+(\.[a-z0-9]+)*$/);
        expect(c.nameEn).toMatch(/^[A-Z]/);
      }
    }
    for (const n of [...GIVEN_NAMES, ...FAMILY_NAMES]) expect(n.latin).toMatch(/^[a-z]{2,}$/);
  });

  it('is deterministic and distinguishes the names it is given', () => {
    const slugs = COMPANY_NAMES.map(latinSlug);
    expect(new Set(slugs).size).toBe(slugs.length);
    expect(COMPANY_NAMES.map(latinSlug)).toEqual(slugs);
  });
});
