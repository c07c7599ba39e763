import { didYouMean } from '../did-you-mean.js';
import { SeedError } from '../errors.js';
import { demoScenario } from './demo.js';
import { minimalScenario } from './minimal.js';
import { renderFarmScenario } from './render-farm.js';
import { resellerScenario } from './reseller.js';
import type { Scenario } from './scenario.js';

/** Every factory scenario of the toolkit, by the name `seed --scenario` takes. */
export const scenarios = {
  minimal: minimalScenario,
  reseller: resellerScenario,
  demo: demoScenario,
  'render-farm': renderFarmScenario,
} as const;

export type ScenarioName = keyof typeof scenarios;

/** The name of the bulk data set (src/load): a scenario of its own kind. */
export const LOAD_SCENARIO = 'load';

/**
 * What a scenario is made of: `factories` (a run through the factories, in one transaction) or
 * `load` (the bulk load: pooled generators and binary COPY from worker threads, src/load).
 */
export type ScenarioKind = 'factories' | 'load';

/** What can be done with a scenario; a kind may refuse some, with a reason. */
export type ScenarioUse = 'seed' | 'refresh' | 'template';

/** One line of `seed list`: a scenario of either kind, built in or a service repository's own. */
export interface ScenarioEntry {
  readonly name: string;
  readonly description: string;
  readonly fills: readonly string[];
  readonly kind: ScenarioKind;
  /** `built-in`, or the file a service repository's scenario came from. */
  readonly origin: string;
  /** The scenario itself (factories kind only). */
  readonly scenario?: Scenario;
  /** Why this scenario cannot be used that way, or undefined when it can. */
  refuses(use: ScenarioUse): string | undefined;
}

/** A factory scenario as a catalogue entry: every use is fine. */
export function factoryEntry(scenario: Scenario, origin = 'built-in'): ScenarioEntry {
  return {
    name: scenario.name,
    description: scenario.description,
    fills: scenario.fills,
    kind: 'factories',
    origin,
    scenario,
    refuses: () => undefined,
  };
}

/**
 * The load as a catalogue entry. Seeding it is fine (it needs --scale); it refuses the two uses
 * that need the whole scenario in one transaction, and says what to do instead.
 */
export const loadEntry: ScenarioEntry = {
  name: LOAD_SCENARIO,
  description:
    'Bulk: many tenants of skewed sizes, ≈170k rows per --scale, by binary COPY from parallel workers',
  fills: [],
  kind: 'load',
  origin: 'built-in',
  refuses(use) {
    if (use === 'refresh') {
      return 'the load writes by COPY from worker threads over several connections and drops and rebuilds keys, so it cannot replace data inside one transaction the way refresh does. Instead: seed reset --database-url <its URL> --yes, then seed --scenario load --scale <n> --database-url <its URL>';
    }
    if (use === 'template') {
      return 'a seeded template is built from a factory scenario; the load is sized by --scale and belongs in a database of its own. Instead: seed --scenario load --scale <n> (or runLoad()), or a factory scenario such as reseller';
    }
    return undefined;
  },
};

/** The toolkit's own scenarios, both kinds, in `seed list` order. */
export function builtInEntries(): ScenarioEntry[] {
  return [...Object.values(scenarios).map((s) => factoryEntry(s)), loadEntry];
}

/**
 * A built-in factory scenario by name. The load is a scenario too, but not a factory one: callers
 * that can seed it look it up in the catalogue (builtInEntries) instead.
 */
export function findScenario(name: string): Scenario {
  const scenario = (scenarios as Record<string, Scenario>)[name];
  if (scenario) return scenario;
  if (name === LOAD_SCENARIO) {
    throw new SeedError(
      'E_SCENARIO_REFUSED',
      `Scenario "load" is the bulk load, not a factory scenario: ${loadEntry.refuses('template')}.`,
    );
  }
  throw unknownScenario(name, builtInEntries());
}

/** "There is no scenario …", listing the ones there are. */
export function unknownScenario(name: string, entries: readonly ScenarioEntry[]): SeedError {
  const names = entries.map((e) => e.name);
  return new SeedError(
    'E_UNKNOWN_SCENARIO',
    `There is no scenario "${name}". The scenarios are: ${names.join(', ')}.${didYouMean(name, names)}`,
    {
      fix: `Pick one of: ${names.join(', ')} (seed list describes them), or pass a scenario file of yours: --scenario ./test/worlds/<name>.ts.`,
    },
  );
}
