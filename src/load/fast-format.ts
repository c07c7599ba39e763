import type { Rng } from '../domain/random.js';

/**
 * Hot-path formatting for the loader's generators, measured to matter: `Random.uuid()` costs
 * ~2 µs on rows that should cost ~2 µs in all, and building short strings piece by piece made
 * most of the loader's garbage. These write ASCII into a scratch buffer and make one flat string
 * of it. Outputs are identical to the slow forms (unit-tested), so a value does not depend on
 * which one made it.
 */

const scratch = Buffer.allocUnsafe(128);
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

/**
 * The first 36 bytes of the scratch buffer as a string. One String.fromCharCode call with every
 * code spelled out: measured faster than `Buffer#toString('latin1', …)` (~80 vs ~160 ns), and
 * public API, unlike `Buffer#latin1Slice`.
 */
function scratchUuid(): string {
  const b = scratch;
  return String.fromCharCode(
    b[0]!,
    b[1]!,
    b[2]!,
    b[3]!,
    b[4]!,
    b[5]!,
    b[6]!,
    b[7]!,
    b[8]!,
    b[9]!,
    b[10]!,
    b[11]!,
    b[12]!,
    b[13]!,
    b[14]!,
    b[15]!,
    b[16]!,
    b[17]!,
    b[18]!,
    b[19]!,
    b[20]!,
    b[21]!,
    b[22]!,
    b[23]!,
    b[24]!,
    b[25]!,
    b[26]!,
    b[27]!,
    b[28]!,
    b[29]!,
    b[30]!,
    b[31]!,
    b[32]!,
    b[33]!,
    b[34]!,
    b[35]!,
  );
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
  return scratchUuid();
}

/** Exactly `rng.hex(count)` (count ≤ 120). */
export function hex(rng: Rng, count: number): string {
  for (let at = 0; at < count; at += 8) putWord(word(rng), at);
  return scratch.toString('latin1', 0, count);
}
