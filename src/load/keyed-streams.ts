import { hashPrefix, hashSeed, Random } from '../domain/random.js';

/**
 * `streamFor(seed, prefix + key)` for many keys sharing one prefix, without rebuilding and
 * rehashing the prefix per row: the cyrb128 state after `${seed}\0${prefix}` is computed once and
 * each key only continues it. Streams are identical to streamFor's (unit-tested).
 *
 * @example
 * const jobs = keyedStreams(1, 't3|render.render_jobs|');
 * jobs('17'); // the same stream as streamFor(1, 't3|render.render_jobs|17')
 */
export function keyedStreams(seed: number | string, prefix: string): (key: string | number) => Random {
  const state = hashPrefix(`${seed}\u0000${prefix}`);
  return (key) => new Random(hashSeed(String(key), state));
}
