import { FastRandom } from './fast-random.js';

/**
 * `streamFor(seed, prefix + key)` for many keys sharing one prefix, without rebuilding and
 * rehashing the prefix per row: the cyrb128 state after `${seed}\0${prefix}` is computed once and
 * each key only continues it. Streams are identical to streamFor's (unit-tested).
 *
 * @example
 * const jobs = keyedStreams(1, 't3|render.render_jobs|');
 * jobs('17'); // the same stream as streamFor(1, 't3|render.render_jobs|17')
 */
export function keyedStreams(seed: number | string, prefix: string): (key: string | number) => FastRandom {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  const text = `${seed}\u0000${prefix}`;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  const p1 = h1;
  const p2 = h2;
  const p3 = h3;
  const p4 = h4;
  return (key) => {
    const suffix = typeof key === 'number' ? String(key) : key;
    let a = p1;
    let b = p2;
    let c = p3;
    let d = p4;
    for (let i = 0; i < suffix.length; i++) {
      const k = suffix.charCodeAt(i);
      a = b ^ Math.imul(a ^ k, 597399067);
      b = c ^ Math.imul(b ^ k, 2869860233);
      c = d ^ Math.imul(c ^ k, 951274213);
      d = a ^ Math.imul(d ^ k, 2716044179);
    }
    a = Math.imul(c ^ (a >>> 18), 597399067);
    b = Math.imul(d ^ (b >>> 22), 2869860233);
    c = Math.imul(a ^ (c >>> 17), 951274213);
    d = Math.imul(b ^ (d >>> 19), 2716044179);
    a ^= b ^ c ^ d;
    b ^= a;
    c ^= a;
    d ^= a;
    return new FastRandom(a, b, c, d);
  };
}
