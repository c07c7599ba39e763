/**
 * Persian → Latin transliteration, the way Iranians write their names in Latin letters (Finglish:
 * 'نگارخانه آریا' → 'negarkhaneh arya'), for slugs, domains and e-mail local parts made from
 * Persian names. Persian script leaves short vowels out, so words the toolkit uses often (the
 * company and person names of companies.ts and people.ts) come from a lexicon; any other word is
 * spelt letter by letter with a few rules that restore the commonest vowels. Deterministic and
 * pure: the same text always gives the same Latin.
 */

/** Words whose spelling the letter rules would get wrong (missing short vowels). */
const LEXICON: Readonly<Record<string, string>> = {
  // Company words.
  استودیو: 'studio',
  گروه: 'goruh',
  تبلیغاتی: 'tablighati',
  آژانس: 'azhans',
  کارگاه: 'kargah',
  فروشگاه: 'forushgah',
  شرکت: 'sherkat',
  موسسه: 'moasseseh',
  مؤسسه: 'moasseseh',
  خانه: 'khaneh',
  طراحی: 'tarahi',
  رسانه: 'resaneh',
  تولید: 'tolid',
  ویدیو: 'video',
  موشن: 'motion',
  هنری: 'honari',
  دیجیتال: 'digital',
  نگارخانه: 'negarkhaneh',
  پارسه: 'parseh',
  ماهور: 'mahoor',
  سپهر: 'sepehr',
  رسام: 'rassam',
  نوآوران: 'noavaran',
  آرمان: 'arman',
  کیان: 'kian',
  پردیس: 'pardis',
  ستاره: 'setareh',
  مهرگان: 'mehregan',
  سیمرغ: 'simorgh',
  البرز: 'alborz',
  دماوند: 'damavand',
  آفتاب: 'aftab',
  باران: 'baran',
  نقش: 'naghsh',
  رنگین‌کمان: 'ranginkaman',
  تیراژه: 'tirazheh',
  پرگار: 'pargar',
  ققنوس: 'ghoghnoos',
  کاوه: 'kaveh',
  زاگرس: 'zagros',
  ارغوان: 'arghavan',
  نیلوفر: 'niloofar',
  آسمان: 'aseman',
  هیرمند: 'hirmand',
  نوین: 'novin',
  ایده: 'ideh',
  پویان: 'pouyan',
  فلت‌رندر: 'flatrender',
  نوروز: 'nowruz',
  یلدا: 'yalda',
  شب: 'shab',
  // First names.
  آرش: 'arash',
  سمیرا: 'samira',
  محمد: 'mohammad',
  علی: 'ali',
  حسین: 'hossein',
  رضا: 'reza',
  مهدی: 'mehdi',
  حمید: 'hamid',
  سعید: 'saeed',
  مصطفی: 'mostafa',
  کامران: 'kamran',
  بهرام: 'bahram',
  پویا: 'pouya',
  امید: 'omid',
  فرهاد: 'farhad',
  فاطمه: 'fatemeh',
  زهرا: 'zahra',
  مریم: 'maryam',
  نرگس: 'narges',
  الهام: 'elham',
  شیرین: 'shirin',
  نازنین: 'nazanin',
  پریسا: 'parisa',
  لیلا: 'leila',
  هانیه: 'hanieh',
  یاسمن: 'yasaman',
  ترانه: 'taraneh',
  آیدا: 'aida',
  // Family names.
  احمدی: 'ahmadi',
  کریمی: 'karimi',
  رحیمی: 'rahimi',
  محمدی: 'mohammadi',
  حسینی: 'hosseini',
  رضایی: 'rezaei',
  موسوی: 'mousavi',
  جعفری: 'jafari',
  صادقی: 'sadeghi',
  کاظمی: 'kazemi',
  قاسمی: 'ghasemi',
  حیدری: 'heydari',
  نوری: 'noori',
  عباسی: 'abbasi',
  مرادی: 'moradi',
  سلیمانی: 'soleimani',
  تهرانی: 'tehrani',
  اصفهانی: 'esfahani',
  نجفی: 'najafi',
  یوسفی: 'yousefi',
  امینی: 'amini',
  باقری: 'bagheri',
  طاهری: 'taheri',
  فراهانی: 'farahani',
  کرمانی: 'kermani',
  زمانی: 'zamani',
  شریفی: 'sharifi',
  توکلی: 'tavakoli',
  اکبری: 'akbari',
};

const LETTERS: Readonly<Record<string, string>> = {
  ا: 'a',
  آ: 'a',
  أ: 'a',
  إ: 'e',
  ب: 'b',
  پ: 'p',
  ت: 't',
  ث: 's',
  ج: 'j',
  چ: 'ch',
  ح: 'h',
  خ: 'kh',
  د: 'd',
  ذ: 'z',
  ر: 'r',
  ز: 'z',
  ژ: 'zh',
  س: 's',
  ش: 'sh',
  ص: 's',
  ض: 'z',
  ط: 't',
  ظ: 'z',
  ع: '',
  غ: 'gh',
  ف: 'f',
  ق: 'gh',
  ک: 'k',
  گ: 'g',
  ل: 'l',
  م: 'm',
  ن: 'n',
  ء: '',
  ئ: 'y',
  ؤ: 'o',
};

const VOWEL_LETTERS = new Set(['ا', 'آ', 'و', 'ی', 'أ', 'إ']);
const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';

/** Persian digits for text people read: 30 → ۳۰. */
export function faDigits(value: number | string): string {
  return String(value).replace(/\d/g, (d) => PERSIAN_DIGITS.charAt(Number(d)));
}
const ARABIC_DIGITS = '٠١٢٣٤٥٦٧٨٩';

/** Arabic forms of Persian letters, Persian digits, and the zero-width non-joiner, normalised. */
function normalise(text: string): string {
  let out = '';
  for (const c of text) {
    if (c === 'ي' || c === 'ى') out += 'ی';
    else if (c === 'ك') out += 'ک';
    else if (c === 'ة') out += 'ه';
    else if (PERSIAN_DIGITS.includes(c)) out += String(PERSIAN_DIGITS.indexOf(c));
    else if (ARABIC_DIGITS.includes(c)) out += String(ARABIC_DIGITS.indexOf(c));
    else out += c;
  }
  return out;
}

/** One word spelt by the letter rules. */
function spell(word: string): string {
  const chars = [...word.replace(/\u200c/g, '')];
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const prev = chars[i - 1];
    const next = chars[i + 1];
    const first = i === 0;
    const last = i === chars.length - 1;
    let latin: string;
    if (c === 'و') {
      // A word-initial vav is a consonant; between consonants it is the vowel 'o' ('نور' → 'noor' is lexicon work).
      latin = first ? 'v' : next && VOWEL_LETTERS.has(next) ? 'v' : prev === 'ا' || prev === 'آ' ? 'v' : 'o';
    } else if (c === 'ی') {
      // Before a vowel letter it is the consonant y ('آریا' → 'arya'), otherwise the vowel i.
      latin = first || (next !== undefined && VOWEL_LETTERS.has(next)) ? 'y' : 'i';
    } else if (c === 'ه') {
      latin = last && !first ? 'eh' : 'h';
    } else if (c === 'ا' && first) {
      // A word-initial alef carries its own vowel: 'ا' before two consonants is usually 'e' ('استاد').
      latin =
        next && !VOWEL_LETTERS.has(next) && chars[i + 2] && !VOWEL_LETTERS.has(chars[i + 2]!) ? 'e' : 'a';
    } else if (/[a-z0-9]/i.test(c)) {
      latin = c.toLowerCase();
    } else {
      latin = LETTERS[c] ?? '';
    }
    out += latin;
    // Two consonants opening a word are split by the short vowel 'e' ('نگار' → 'negar').
    if (first && latin && !VOWEL_LETTERS.has(c) && next && !VOWEL_LETTERS.has(next) && next !== 'ه') {
      if (/^[bcdfghjklmnpqrstvwxz]+$/.test(latin)) out += 'e';
    }
  }
  return out;
}

/** One word in Latin: from the lexicon when it is there (also per half-space part), else spelt. */
function word(text: string): string {
  if (/^[a-z0-9]+$/.test(text)) return text;
  const known = LEXICON[text];
  if (known !== undefined) return known;
  if (text.includes('\u200c')) {
    const parts = text.split('\u200c');
    if (parts.every((p) => LEXICON[p] !== undefined)) return parts.map((p) => LEXICON[p]!).join('');
  }
  return spell(text);
}

/**
 * Persian text in lowercase Latin letters, words separated by single spaces; Latin letters and
 * digits pass through.
 *
 * @example
 * transliterate('نگارخانه آریا'); // 'negarkhaneh arya'
 */
export function transliterate(text: string): string {
  return normalise(text)
    .split(/[\s\-_/.,،:;!?()«»"'|]+/)
    .filter(Boolean)
    .map((w) => word(w.toLowerCase()))
    .map((w) => w.replace(/[^a-z0-9]/g, ''))
    .filter(Boolean)
    .join(' ');
}

/**
 * A URL slug of a (Persian or Latin) name: 'نگارخانه آریا' → 'negarkhaneh-arya'.
 *
 * @example
 * latinSlug('نگارخانه آریا'); // 'negarkhaneh-arya'
 */
export function latinSlug(text: string): string {
  return transliterate(text).replace(/ /g, '-') || 'item';
}

/**
 * An e-mail local part of a name: 'علی رضایی' → 'ali.rezaei'.
 *
 * @example
 * emailLocalPart('علی رضایی'); // 'ali.rezaei'
 */
export function emailLocalPart(text: string): string {
  return transliterate(text).replace(/ /g, '.') || 'user';
}

/** A name in Latin letters, each word capitalised: 'نگارخانه آریا' → 'Negarkhaneh Arya'. */
export function latinName(text: string): string {
  return transliterate(text)
    .split(' ')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}
