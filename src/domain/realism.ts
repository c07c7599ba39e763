import type { Random } from './random.js';

export { toman, VAT_RATE } from './money.js';
/** The domain's Iranian mobiles and Toman (domain/places.ts, domain/money.ts), for the factories' imports. */
export { iranianMobile } from './places.js';

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
