/**
 * A small seeded PRNG (sfc32) and the hashing that derives one stream per (seed, table, row):
 * row n of a table is a pure function of the seed, so another factory's calls never shift it.
 */
export class Random {
  // The four sfc32 words, always stored as int32 (`| 0`): small integers live unboxed in the
  // object, so neither a draw nor a new stream allocates more than the object itself. (Stored as
  // they come, unsigned seeds above 2^31 made the fields doubles and every draw allocated; an
  // Int32Array instead cost an extra allocation per stream, and the loader makes one per row.)
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: readonly [number, number, number, number]) {
    this.a = seed[0] | 0;
    this.b = seed[1] | 0;
    this.c = seed[2] | 0;
    this.d = seed[3] | 0;
    for (let i = 0; i < 12; i++) this.word();
  }

  /** One sfc32 step: the next 32-bit output, as an unsigned integer. */
  private word(): number {
    const a = this.a;
    const b = this.b;
    let c = this.c;
    let d = this.d;
    let t = (a + b) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    this.c = (c + t) | 0;
    this.d = d;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.word() / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  bool(probability = 0.5): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks by weight: `weighted([['Completed', 70], ['Failed', 10]])`. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let roll = this.next() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return entries.at(-1)![0];
  }

  /** `count` hex digits. */
  hex(count: number): string {
    let out = '';
    while (out.length < count) out += ((this.next() * 0x100000000) >>> 0).toString(16).padStart(8, '0');
    return out.slice(0, count);
  }

  /** A version-4 UUID drawn from this stream. */
  uuid(): string {
    const h = this.hex(32).split('');
    h[12] = '4';
    h[16] = '89ab'.charAt(Number.parseInt(h[16] ?? '0', 16) & 3);
    const s = h.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }

  /** A 32-bit integer, e.g. to seed faker. */
  uint32(): number {
    return (this.next() * 0x100000000) >>> 0;
  }
}

type HashState = readonly [number, number, number, number];

const CYRB128_START: HashState = [1779033703, 3144134277, 1013904242, 2773480762];

/** cyrb128's state after `text`, to continue with hashSeed (keyedStreams hashes a shared prefix once). */
export function hashPrefix(text: string, from: HashState = CYRB128_START): HashState {
  let [h1, h2, h3, h4] = from;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  return [h1, h2, h3, h4];
}

/** cyrb128: a fast, well-mixed 128-bit hash of a string (continuing `from`), used as a stream's seed. */
export function hashSeed(text: string, from: HashState = CYRB128_START): [number, number, number, number] {
  const [h1, h2, h3, h4] = hashPrefix(text, from);
  return finishHash(h1, h2, h3, h4);
}

/** A stream seeded by a running cyrb128 state (what hashSeed finishes), for callers that hash by hand. */
export function streamFromHash(h1: number, h2: number, h3: number, h4: number): Random {
  return new Random(finishHash(h1, h2, h3, h4));
}

/** cyrb128's finalisation of a running state. */
function finishHash(h1: number, h2: number, h3: number, h4: number): [number, number, number, number] {
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** What the generators use of a random stream. */
export type Rng = Random;

/** The stream for one named thing under a seed: `streamFor(42, 'render.render_jobs#7')`. */
export function streamFor(seed: number | string, key: string): Random {
  return new Random(hashSeed(`${seed}\u0000${key}`));
}
