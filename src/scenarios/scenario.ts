import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Factories } from '../factories/index.js';

/** Credentials a demo needs, printed once (API key plaintexts are never stored). */
export interface Credentials {
  readonly logins: readonly {
    tenant: string;
    role: string;
    phone: string | null;
    email: string | null;
    note?: string;
  }[];
  readonly apiKeys: readonly { tenant: string; name: string; key: string; prefix: string }[];
}

export interface ScenarioOutput<Handles> {
  /** Typed handles to the main rows the scenario made, for tests and scripts. */
  readonly handles: Handles;
  readonly credentials: Credentials;
}

/** Reports a step of a long scenario (the CLI shows it on a terminal). */
export type Progress = (step: string) => void;

export interface Scenario<Handles = unknown> {
  readonly name: string;
  /** One line for `seed list`. */
  readonly description: string;
  /** The tables this scenario promises rows in (its counts are non-zero for each). */
  readonly fills: readonly string[];
  /**
   * The file that defines it (a path or file URL): its code and everything it imports are part of
   * the name of the seeded template built from it, so an edit never serves a stale world.
   * defineScenario finds it by itself; pass `import.meta.url` where it cannot (a bundler that
   * hides file names from stack traces).
   */
  readonly module?: string;
  run(f: Factories, progress: Progress): Promise<ScenarioOutput<Handles>>;
}

/** What defineScenario takes: a Scenario whose description, fills and module may be left out. */
export interface ScenarioDefinition<Handles> {
  readonly name: string;
  readonly description?: string;
  readonly fills?: readonly string[];
  readonly module?: string;
  run(f: Factories, progress: Progress): Promise<ScenarioOutput<Handles>>;
}

/**
 * Declares a scenario; the type parameter is inferred from `run`. A service repository writes its
 * own worlds with it, from the factories and from other scenarios (composition is a call to their
 * `run` with the same `f`):
 *
 * @example
 * import { defineScenario, scenarios } from '@flatrender/seed';
 *
 * export const busyReseller = defineScenario({
 *   name: 'busy-reseller',
 *   description: 'The reseller world plus 500 failed render jobs',
 *   async run(f, progress) {
 *     const world = await scenarios.reseller.run(f, progress);
 *     const t = f.forTenant(world.handles.tenant);
 *     await t.use(world.handles.admin).renderJob.failed().createList(500);
 *     return world;
 *   },
 * });
 */
export function defineScenario<Handles>(scenario: ScenarioDefinition<Handles>): Scenario<Handles> {
  return {
    ...scenario,
    description: scenario.description ?? `Scenario ${scenario.name}`,
    fills: scenario.fills ?? [],
    module: scenario.module ?? callerFile(),
    run: scenario.run,
  };
}

/**
 * The file of defineScenario's caller, read from a stack trace: Node prints ESM frames as
 * `file:///…/x.ts:3:9` (tsx adds `?tsx-namespace=…`), vitest as `/…/x.ts:3:9`. Undefined when it
 * cannot tell (then the seeded template hashes the run function's own text). A caller file that
 * does not exist counts as unknown: with source maps on (`--enable-source-maps`, tsx) a frame of a
 * built file may name a source the package does not ship (the built-in scenarios name their
 * module themselves).
 */
function callerFile(): string | undefined {
  const lines = (new Error().stack ?? '').split('\n').slice(1);
  const frames = lines
    .map((line) => /(file:\/\/[^\s?)]+|\/[^\s:?)]+)(?:\?[^\s:)]*)?:\d+:\d+\)?\s*$/.exec(line)?.[1])
    .filter((file): file is string => file !== undefined)
    .map((file) => (file.startsWith('file://') ? fileURLToPath(file) : file));
  const self = frames[0];
  const caller = frames.find((file) => file !== self);
  return caller !== undefined && existsSync(caller) ? caller : undefined;
}
