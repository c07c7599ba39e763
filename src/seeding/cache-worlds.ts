import pg from 'pg';
import { closeAdminPool } from '../database/test-database.js';
import { scenarios } from '../scenarios/registry.js';
import type { Scenario } from '../scenarios/scenario.js';
import type { CachedWorld, EmbeddedOptions } from '../server/embedded/embedded-provider.js';
import { quoteIdent } from '../sql/identifiers.js';

export type { CachedWorld };

import { cachedData, extendCachedData } from '../server/embedded/extend-cache.js';
import { ensureSeededTemplate, seededTemplateName, worldLabelOf } from './seeded-template.js';

/**
 * How many seeded templates a cache entry keeps (the newest): with the default `now` (midnight UTC
 * today) a world gets a new template every day, and yesterday's must not pile up on the RAM disk.
 */
export const WORLDS_KEEP = 4;

/** A world to keep in the embedded server's cache. */
export interface WorldSpec {
  readonly scenario: Scenario;
  readonly seed: number;
  /** ISO-8601. */
  readonly now: string;
}

/**
 * Makes sure the embedded server's cached data folder holds the seeded templates of `worlds`, so
 * that every later start (a test run, `seed --scenario`) has them without seeding. The missing ones
 * are seeded on a private server started from the cache (see extendCachedData), the oldest beyond
 * WORLDS_KEEP are dropped, and the result joins the cache. Returns the templates' names, in order.
 *
 * @example
 * await ensureCachedWorlds({}, [{ scenario: scenarios.reseller, seed: 1, now: '2026-06-01T00:00:00.000Z' }]);
 */
export async function ensureCachedWorlds(
  options: EmbeddedOptions,
  worlds: readonly WorldSpec[],
): Promise<string[]> {
  const state = await cachedData(options);
  if (state) {
    const names = await Promise.all(
      worlds.map((w) =>
        seededTemplateName(state.template, w.scenario, w.seed, w.now, { dataRoot: options.dataRoot }),
      ),
    );
    const have = new Set(state.worlds.map((w) => w.template));
    if (names.every((name) => have.has(name))) return names;
  }
  const made: string[] = [];
  await extendCachedData(options, async (adminUrl, meta) => {
    const kept = [...(meta.worlds ?? [])];
    try {
      for (const world of worlds) {
        const seeded = await ensureSeededTemplate(adminUrl, {
          base: meta.template,
          scenario: world.scenario,
          seed: world.seed,
          now: world.now,
          log: options.log,
          dataRoot: options.dataRoot,
        });
        made.push(seeded.name);
        if (!kept.some((w) => w.template === seeded.name)) {
          kept.push({
            template: seeded.name,
            scenario: world.scenario.name,
            seed: world.seed,
            now: seeded.now,
            addedAt: new Date().toISOString(),
          });
        }
      }
      const surplus = kept.splice(0, Math.max(0, kept.length - WORLDS_KEEP));
      if (surplus.length > 0) {
        const admin = new pg.Client(adminUrl);
        await admin.connect();
        try {
          for (const { template } of surplus) {
            if (made.includes(template)) continue;
            await admin
              .query(`ALTER DATABASE ${quoteIdent(template)} WITH IS_TEMPLATE false`)
              .catch(() => {});
            await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(template)}`);
          }
        } finally {
          await admin.end().catch(() => {});
        }
      }
      return kept;
    } finally {
      await closeAdminPool(adminUrl);
    }
  });
  return made;
}

/**
 * The worlds of built-in scenarios seeded on a server (their templates' comments say which), for
 * keeping them in the cache when the server stops: the vitest global setup does, so a test run
 * that seeded the reseller world leaves it for the next run. A scenario of a service repository
 * is not among them: the process that stops the server cannot run it (it lives in a test file).
 */
export async function builtInWorldsOn(adminUrl: string): Promise<WorldSpec[]> {
  const admin = new pg.Client(adminUrl);
  admin.on('error', () => {});
  await admin.connect();
  try {
    const { rows } = await admin.query<{ comment: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datistemplate ORDER BY oid`,
    );
    const specs: WorldSpec[] = [];
    for (const { comment } of rows) {
      const label = worldLabelOf(comment);
      const scenario =
        label?.origin === 'built-in' ? (scenarios as Record<string, Scenario>)[label.scenario] : undefined;
      if (label && scenario) specs.push({ scenario, seed: label.seed, now: label.now });
    }
    return specs;
  } finally {
    await admin.end().catch(() => {});
  }
}
