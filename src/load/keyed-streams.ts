import { hashPrefix, type Random, streamFromHash } from '../domain/random.js';

/**
 * `streamFor(seed, prefix + key)` for many keys sharing one prefix, without rebuilding and
 * rehashing the prefix per row: the cyrb128 state after `${seed}\0${prefix}` is computed once and
 * each key only continues it. Streams are identical to streamFor's (unit-tested).
 *
 * The loader derives one stream per row, so this is hot: an integer key's decimal digits are
 * hashed without making its string, and the hash state stays in locals (hashSeed's arrays and
 * String(key) were about half of a stream's cost).
 *
 * @example
 * const jobs = keyedStreams(1, 't3|render.render_jobs|');
 * jobs('17'); // the same stream as streamFor(1, 't3|render.render_jobs|17')
 */
export function keyedStreams(seed: number | string, prefix: string): (key: string | number) => Random {
  const [p1, p2, p3, p4] = hashPrefix(`${seed}\u0000${prefix}`);
  const codes = new Uint16Array(64);
  return (key) => {
    let length = 0;
    if (typeof key === 'number' && Number.isSafeInteger(key) && key >= 0) {
      // String(key) for these is its plain decimal digits: write them from the right.
      let n = key;
      let digits = 1;
      for (let m = n; m >= 10; m = Math.floor(m / 10)) digits++;
      length = digits;
      for (let i = digits - 1; i >= 0; i--) {
        codes[i] = 48 + (n % 10);
        n = Math.floor(n / 10);
      }
    }
    const text = length === 0 ? String(key) : '';
    const count = length === 0 ? text.length : length;
    let h1 = p1;
    let h2 = p2;
    let h3 = p3;
    let h4 = p4;
    for (let i = 0; i < count; i++) {
      const k = length === 0 ? text.charCodeAt(i) : codes[i]!;
      h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
      h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
      h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
      h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
    }
    return streamFromHash(h1, h2, h3, h4);
  };
}
