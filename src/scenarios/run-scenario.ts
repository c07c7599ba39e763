import type { Queryable } from '../database/queryable.js';
import { SeedError } from '../errors.js';
import { createFactories } from '../factories/index.js';
import { SERVICE_SCHEMAS } from '../schema/introspect.js';
import { type CredentialSource, withCredentialSource } from './credential-secret.js';
import { scenarios } from './registry.js';
import type { Credentials, Progress } from './scenario.js';

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

export type ScenarioName = keyof typeof scenarios;

export function findScenario(name: string) {
  const scenario = (scenarios as Record<string, (typeof scenarios)[ScenarioName]>)[name];
  if (!scenario) {
    const names = Object.keys(scenarios);
    throw new SeedError(
      'E_UNKNOWN_SCENARIO',
      `There is no scenario "${name}". The scenarios are: ${names.join(', ')}.`,
      {
        fix: `Pick one of: ${names.join(', ')} (seed list describes them).`,
      },
    );
  }
  return scenario;
}

/**
 * Seeds one named scenario into a database through the factories and returns what it made.
 * The caller chooses the transaction (the CLI seeds fresh databases directly; refresh wraps it).
 *
 * @example
 * const summary = await runScenario(pool, 'reseller', { seed: 1, now: '2026-06-01T00:00:00Z' });
 * console.log(summary.counts['render.render_jobs']);
 */
export async function runScenario(
  db: Queryable,
  name: string,
  options: RunScenarioOptions = {},
): Promise<SeedSummary> {
  const scenario = findScenario(name);
  const seed = options.seed ?? 1;
  const now = new Date(options.now ?? '2026-06-01T00:00:00Z');
  const f = createFactories(db, { seed, now });
  const source = options.credentials ?? { kind: 'seed' };
  const output = await withCredentialSource<{ handles: unknown; credentials: Credentials }>(source, () =>
    scenario.run(f, options.progress ?? (() => {})),
  );
  return {
    scenario: scenario.name,
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
  const { rows: tables } = await db.query<{ name: string }>(
    `SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      ORDER BY array_position($1::text[], n.nspname::text), c.relname`,
    [[...SERVICE_SCHEMAS]],
  );
  const { rows } = await db.query<{ name: string; n: number }>(
    tables.map(({ name }) => `SELECT '${name}' AS name, count(*)::int AS n FROM ${name}`).join(' UNION ALL '),
  );
  const counts = new Map(rows.map((r) => [r.name, r.n]));
  return Object.fromEntries(tables.map(({ name }) => [name, counts.get(name) ?? 0]));
}
