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

/** Where each of a UUID's 32 hex digits goes in its 36-character form (dashes at 8, 13, 18, 23). */
const UUID_AT = Uint8Array.from(
  { length: 32 },
  (_, d) => d + (d >= 8 ? 1 : 0) + (d >= 12 ? 1 : 0) + (d >= 16 ? 1 : 0) + (d >= 20 ? 1 : 0),
);

/** Exactly `rng.uuid()` (same draws, same string), ~10× faster. */
export function uuid(rng: Rng): string {
  // Each digit straight to its place (moving digits around the dashes afterwards cost two copyWithin calls).
  let third = 0;
  for (let w = 0; w < 4; w++) {
    let v = word(rng);
    if (w === 2) third = v;
    for (let i = 7; i >= 0; i--) {
      scratch[UUID_AT[w * 8 + i]!] = HEX_CODES[v & 15]!;
      v >>>= 4;
    }
  }
  scratch[8] = 0x2d; // '-'
  scratch[13] = 0x2d;
  scratch[18] = 0x2d;
  scratch[23] = 0x2d;
  // Random.uuid() sets digit 12 to '4' and digit 16 to 8, 9, a or b (its low two bits kept).
  scratch[14] = 0x34;
  scratch[19] = HEX_CODES[8 + ((third >>> 28) & 3)]!;
  return scratchUuid();
}

/** Exactly `rng.hex(count)` (count ≤ 120). */
export function hex(rng: Rng, count: number): string {
  for (let at = 0; at < count; at += 8) putWord(word(rng), at);
  return scratch.toString('latin1', 0, count);
}
