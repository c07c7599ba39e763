import type { Random } from '../../domain/random.js';

/** Iranian mobile operator prefixes after +98 9 (MCI 91x/990–994, Irancell 90x/93x, Rightel 92x). */
export const MOBILE_PREFIXES: readonly string[] = [
  '10',
  '11',
  '12',
  '13',
  '14',
  '15',
  '16',
  '17',
  '18',
  '19',
  '01',
  '02',
  '03',
  '05',
  '30',
  '33',
  '35',
  '36',
  '37',
  '38',
  '39',
  '20',
  '21',
  '22',
  '90',
  '91',
  '92',
  '93',
  '94',
];

/** An Iranian mobile number in E.164: `+989121234567`. */
export function iranianMobile(rng: Random): string {
  return `+989${rng.pick(MOBILE_PREFIXES)}${String(rng.int(0, 9_999_999)).padStart(7, '0')}`;
}

/** Rial amount for a price written in Toman (the UI's unit; the database stores rial). */
export const toman = (amount: number): number => amount * 10;

/** A `#RRGGBB` colour. */
export function hexColor(rng: Random): string {
  return `#${rng.hex(6).toUpperCase()}`;
}

/** A URL-safe slug with a sequence number, unique per table and seeding run. */
export function slug(base: string, n: number): string {
  const cleaned = base
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${cleaned || 'item'}-${n}`;
}

/** An object-storage key in the `minio://bucket/key` form FlatRender uses. */
export function objectUrl(bucket: string, key: string): string {
  return `minio://${bucket}/${key}`;
}

/** A lowercase hex digest-looking string (md5: 32, sha256: 64). */
export function digest(rng: Random, length: 32 | 64): string {
  return rng.hex(length);
}

/** Iranian VAT on digital services (10% in 1403/1404), used for payments' tax_minor. */
export const VAT_RATE = 0.1;
