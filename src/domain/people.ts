import type { Random } from './random.js';
import { emailLocalPart } from './transliterate.js';

/**
 * Persian given and family names with the Latin spelling their owners use (for e-mail addresses
 * and usernames made from the Persian name).
 */

export interface GivenName {
  readonly name: string;
  readonly latin: string;
  readonly gender: 'Male' | 'Female';
}

export const GIVEN_NAMES: readonly GivenName[] = [
  ['محمد', 'Male'],
  ['علی', 'Male'],
  ['حسین', 'Male'],
  ['رضا', 'Male'],
  ['امیر', 'Male'],
  ['مهدی', 'Male'],
  ['حمید', 'Male'],
  ['سعید', 'Male'],
  ['مصطفی', 'Male'],
  ['آرش', 'Male'],
  ['کامران', 'Male'],
  ['بهرام', 'Male'],
  ['پویا', 'Male'],
  ['سینا', 'Male'],
  ['نیما', 'Male'],
  ['امید', 'Male'],
  ['فرهاد', 'Male'],
  ['میلاد', 'Male'],
  ['فاطمه', 'Female'],
  ['زهرا', 'Female'],
  ['مریم', 'Female'],
  ['سارا', 'Female'],
  ['نرگس', 'Female'],
  ['الهام', 'Female'],
  ['مینا', 'Female'],
  ['شیرین', 'Female'],
  ['نازنین', 'Female'],
  ['پریسا', 'Female'],
  ['لیلا', 'Female'],
  ['سمیرا', 'Female'],
  ['نگار', 'Female'],
  ['ساناز', 'Female'],
  ['هانیه', 'Female'],
  ['یاسمن', 'Female'],
  ['ترانه', 'Female'],
  ['آیدا', 'Female'],
].map(([name, gender]) => ({
  name: name!,
  latin: emailLocalPart(name!),
  gender: gender as 'Male' | 'Female',
}));

export interface FamilyName {
  readonly name: string;
  readonly latin: string;
}

export const FAMILY_NAMES: readonly FamilyName[] = [
  'محمدی',
  'حسینی',
  'احمدی',
  'رضایی',
  'کریمی',
  'موسوی',
  'جعفری',
  'صادقی',
  'رحیمی',
  'کاظمی',
  'قاسمی',
  'حیدری',
  'نوری',
  'اکبری',
  'عباسی',
  'مرادی',
  'سلیمانی',
  'تهرانی',
  'شیرازی',
  'اصفهانی',
  'نجفی',
  'یوسفی',
  'امینی',
  'باقری',
  'طاهری',
  'فراهانی',
  'کرمانی',
  'زمانی',
  'شریفی',
  'توکلی',
].map((name) => ({ name, latin: emailLocalPart(name) }));

/** A person's names: Persian, and the e-mail local part they would pick (`ali.rezaei`, `ali.rezaei87`). */
export interface PersonName {
  readonly given: GivenName;
  readonly family: FamilyName;
  readonly fullName: string;
}

export function drawPersonName(rng: Random): PersonName {
  const given = rng.pick(GIVEN_NAMES);
  const family = rng.pick(FAMILY_NAMES);
  return { given, family, fullName: `${given.name} ${family.name}` };
}

/** An e-mail local part of a person, made unique by `n` (a sequence or a user's index). */
export function personEmailLocal(person: PersonName, n: number): string {
  return `${person.given.latin}.${person.family.latin}${n}`;
}
