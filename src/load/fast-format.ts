import type { Rng } from '../domain/random.js';

/**
 * Hot-path formatting for the loader's generators, measured to matter: `Random.uuid()` costs
 * ~2 µs and `Date#toISOString()` ~0.5 µs, on rows that should cost ~2 µs in all, and building
 * short strings piece by piece made most of the loader's garbage. These write ASCII into a
 * scratch buffer and make one flat string of it. Outputs are identical to the slow forms
 * (unit-tested), so a value does not depend on which one made it.
 */

/** Buffer#latin1Slice: toString('latin1') without its argument checks (present since Node 0.x, untyped). */
type Latin1Buffer = Buffer & { latin1Slice(start: number, end: number): string };
const scratch = Buffer.allocUnsafe(128) as Latin1Buffer;
const HEX_CODES = Buffer.from('0123456789abcdef', 'latin1');

function word(rng: Rng): number {
  return (rng.next() * 0x100000000) >>> 0;
}

/** Writes `w` as 8 hex digits at `at`. */
function putWord(w: number, at: number): void {
  for (let i = 7; i >= 0; i--) {
    scratch[at + i] = HEX_CODES[w & 15]!;
    w >>>= 4;
  }
}

/** Exactly `rng.uuid()` (same draws, same string), ~10× faster. */
export function uuid(rng: Rng): string {
  putWord(word(rng), 0);
  putWord(word(rng), 9);
  const c = word(rng);
  putWord(c, 19);
  putWord(word(rng), 28);
  // Random.uuid() builds 32 hex digits, then sets digit 12 to '4' and digit 16 to 8, 9, a or b.
  // Digits 8–15 sit at 9–16 here (after a dash): move the 4 digits 12–15 one right, dash between.
  scratch.copyWithin(14, 13, 17);
  scratch[13] = 0x2d; // '-'
  scratch[14] = 0x34; // '4'
  // Digits 16–31 are at 19–26 and 28–35; the third group is 16–19 → 19–22 already, 20–31 → 24–35.
  scratch.copyWithin(24, 23, 27);
  scratch[23] = 0x2d;
  scratch[18] = 0x2d;
  scratch[8] = 0x2d;
  scratch[19] = HEX_CODES[8 + ((c >>> 28) & 3)]!;
  return scratch.latin1Slice(0, 36);
}

/** Exactly `rng.hex(count)` (count ≤ 120). */
export function hex(rng: Rng, count: number): string {
  for (let at = 0; at < count; at += 8) putWord(word(rng), at);
  return scratch.latin1Slice(0, count);
}

const DAY_MS = 86_400_000;

function putTwo(n: number, at: number): void {
  scratch[at] = 48 + Math.floor(n / 10);
  scratch[at + 1] = 48 + (n % 10);
}

/** Writes the civil date of a day number (days since 1970-01-01) as `YYYY-MM-DD` at 0 (Hinnant's algorithm). */
function putDate(days: number): void {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  putTwo(Math.floor(year / 100), 0);
  putTwo(year % 100, 2);
  scratch[4] = 0x2d;
  putTwo(month, 5);
  scratch[7] = 0x2d;
  putTwo(day, 8);
}

/** Exactly `new Date(ms).toISOString()` for times from 1970 to 9999. */
export function iso(ms: number): string {
  const t = Math.floor(ms);
  const day = Math.floor(t / DAY_MS);
  putDate(day);
  scratch[10] = 0x54; // 'T'
  let rest = t - day * DAY_MS;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  const milli = rest - s * 1000;
  putTwo(h, 11);
  scratch[13] = 0x3a; // ':'
  putTwo(m, 14);
  scratch[16] = 0x3a;
  putTwo(s, 17);
  scratch[19] = 0x2e; // '.'
  scratch[20] = 48 + Math.floor(milli / 100);
  putTwo(milli % 100, 21);
  scratch[23] = 0x5a; // 'Z'
  return scratch.latin1Slice(0, 24);
}

/** Exactly `new Date(day * 86_400_000).toISOString().slice(0, 10)`: a `date` literal. */
export function isoDate(day: number): string {
  putDate(day);
  return scratch.latin1Slice(0, 10);
}
