import { streamFor } from '../domain/random.js';
import type { Factories } from '../factories/index.js';
import type { InsertOf, RowOf } from '../schema/table-meta.js';
import { credentialHex } from './credential-secret.js';
import type { Credentials } from './scenario.js';

type Login = Credentials['logins'][number];
type ApiKey = Credentials['apiKeys'][number];

/** Collects what a demo needs to sign in, as the scenario makes it. */
export class CredentialBook {
  readonly logins: Login[] = [];
  readonly apiKeys: ApiKey[] = [];

  login(
    tenant: { slug: string },
    user: { role: string; phone_number: string | null; email: string | null },
    note?: string,
  ): void {
    this.logins.push({
      tenant: tenant.slug,
      role: user.role,
      phone: user.phone_number,
      email: user.email,
      ...(note ? { note } : {}),
    });
  }

  /**
   * Creates an API key whose plaintext the scenario knows (derived from the seed, so reruns give the
   * same key, unless the run asked for a secret or random keys: see credential-secret.ts) and records
   * it for the one-time print; only its hash reaches the database. `overrides` set the key's other
   * columns (when it was made, its scopes…).
   */
  async apiKey(
    f: Factories,
    tenant: { slug: string },
    name: string,
    environment: 'Live' | 'Test',
    overrides: Partial<InsertOf<'identity.tenant_api_keys'>> = {},
  ): Promise<RowOf<'identity.tenant_api_keys'>> {
    const purpose = `api-key|${tenant.slug}|${name}`;
    const secret = credentialHex(f.context.seed, purpose, 40, () =>
      streamFor(f.context.seed, purpose).hex(40),
    );
    const key = `fr_${environment.toLowerCase()}_${secret}`;
    const row = await f.tenantApiKey
      .transient({ plaintext: key })
      .create({ ...overrides, name, environment });
    this.apiKeys.push({ tenant: tenant.slug, name, key, prefix: row.key_prefix });
    return row;
  }

  toJSON(): Credentials {
    return { logins: this.logins, apiKeys: this.apiKeys };
  }
}
