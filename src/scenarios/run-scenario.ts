import { referenceTime } from '../domain/tenancy.js';
import { createFactories } from '../factories/index.js';
import { serviceTables } from '../sql/catalog.js';
import type { Queryable } from '../sql/queryable.js';
import { type CredentialSource, withCredentialSource } from './credential-secret.js';
import { findScenario } from './registry.js';
import type { Credentials, Progress, Scenario } from './scenario.js';

export { findScenario } from './registry.js';

export interface RunScenarioOptions {
  readonly seed?: number;
  /** The reference time; generated timestamps lie before it. */
  readonly now?: Date | string;
  readonly progress?: Progress;
  /**
   * Where the printed API keys come from: the seed (default), an HMAC of an operator's secret, or
   * random (see credential-secret.ts). Nothing else in the data depends on it.
   */
  readonly credentials?: CredentialSource;
}

export interface SeedSummary<Handles = unknown> {
  readonly scenario: string;
  readonly seed: number;
  readonly now: string;
  /** `"schema.table": rows` for every table of the six schemas. */
  readonly counts: Record<string, number>;
  readonly credentials: Credentials;
  /** Where the printed credentials came from: `seed`, `secret` or `random`. */
  readonly credentialSource: CredentialSource['kind'];
  readonly handles: Handles;
}

/**
 * Seeds one scenario, a built-in one by name or one of yours (defineScenario), into a database
 * through the factories and returns what it made. The caller chooses the transaction (the seeding
 * use cases in src/seeding hold it; see seedDatabase and refreshDatabase).
 *
 * @example
 * const summary = await runScenario(pool, 'reseller', { seed: 1, now: '2026-06-01T00:00:00Z' });
 * console.log(summary.counts['render.render_jobs']);
 */
export async function runScenario<Handles = unknown>(
  db: Queryable,
  scenario: string | Scenario<Handles>,
  options: RunScenarioOptions = {},
): Promise<SeedSummary<Handles>> {
  const chosen = (typeof scenario === 'string' ? findScenario(scenario) : scenario) as Scenario<Handles>;
  const seed = options.seed ?? 1;
  const now = referenceTime(options.now);
  const f = createFactories(db, { seed, now });
  const source = options.credentials ?? { kind: 'seed' };
  const output = await withCredentialSource(source, () => chosen.run(f, options.progress ?? (() => {})));
  return {
    scenario: chosen.name,
    seed,
    now: now.toISOString(),
    counts: await countRows(db),
    credentials: output.credentials,
    credentialSource: source.kind,
    handles: output.handles,
  };
}

/** Rows per table of the six service schemas, in schema then table order. */
export async function countRows(db: Queryable): Promise<Record<string, number>> {
  const tables = await serviceTables(db);
  const { rows } = await db.query<{ name: string; n: number }>(
    tables.map((name) => `SELECT '${name}' AS name, count(*)::int AS n FROM ${name}`).join(' UNION ALL '),
  );
  const counts = new Map(rows.map((r) => [r.name, r.n]));
  return Object.fromEntries(tables.map((name) => [name, counts.get(name) ?? 0]));
}
