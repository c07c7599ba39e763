import { AsyncLocalStorage } from 'node:async_hooks';
import { createHmac, randomBytes } from 'node:crypto';

/**
 * Where the plaintexts of the credentials a scenario prints (API keys) come from:
 * - `seed`: from the seed, like every other value (tests, laptops: the same seed gives the same keys,
 *   and anyone with the seed can recompute them);
 * - `secret`: an HMAC of a secret the operator keeps (FLATRENDER_SEED_SECRET / --secret) and the
 *   seed: stable across refreshes, unguessable without the secret;
 * - `random`: fresh random bytes each run, shown once (`seed refresh` with no secret: a long-lived
 *   demo must not accept a key printed in the README).
 * Only the printed credentials change with it; every other row stays a function of the seed.
 */
export type CredentialSource =
  | { readonly kind: 'seed' }
  | { readonly kind: 'secret'; readonly secret: string }
  | { readonly kind: 'random' };

const current = new AsyncLocalStorage<CredentialSource>();

/**
 * Runs `work` (a scenario) with `source` deciding its printed credentials. Ambient rather than a
 * parameter, so the scenarios themselves do not change to take it.
 */
export function withCredentialSource<T>(source: CredentialSource, work: () => Promise<T>): Promise<T> {
  return current.run(source, work);
}

/** The source in effect: `seed` outside withCredentialSource. */
export function credentialSource(): CredentialSource {
  return current.getStore() ?? { kind: 'seed' };
}

/**
 * `length` hex digits of secret material for the credential named `purpose` (e.g.
 * `api-key|acme|Production`) of a run with `seed`, from the source in effect; `fromSeed` gives them
 * for the `seed` source (the caller's own derivation, unchanged).
 */
export function credentialHex(
  seed: number | string,
  purpose: string,
  length: number,
  fromSeed: () => string,
): string {
  const source = credentialSource();
  switch (source.kind) {
    case 'seed':
      return fromSeed();
    case 'secret': {
      let hex = '';
      for (let block = 0; hex.length < length; block++) {
        hex += createHmac('sha256', source.secret).update(`${seed}|${purpose}|${block}`).digest('hex');
      }
      return hex.slice(0, length);
    }
    case 'random':
      return randomBytes(Math.ceil(length / 2))
        .toString('hex')
        .slice(0, length);
  }
}
