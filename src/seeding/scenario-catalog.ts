import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { messageOf, SeedError } from '../errors.js';
import { builtInEntries, factoryEntry, type ScenarioEntry, unknownScenario } from '../scenarios/registry.js';
import type { Scenario } from '../scenarios/scenario.js';

/** The config file a service repository declares its scenarios in, looked for in this order. */
export const CONFIG_FILES = [
  'flatrender-seed.config.ts',
  'flatrender-seed.config.mts',
  'flatrender-seed.config.js',
  'flatrender-seed.config.mjs',
] as const;

/**
 * What `flatrender-seed.config.{ts,mts,js,mjs}` exports (as its default export):
 *
 * @example
 * // flatrender-seed.config.ts, at the project root
 * import { busyReseller } from './test/worlds/busy-reseller.js';
 * export default { scenarios: [busyReseller] };
 */
export interface SeedProjectConfig {
  readonly scenarios?: readonly Scenario[];
}

/**
 * Imports a file of the user's: TypeScript through tsx's `tsImport` (esbuild: the loader vitest's
 * neighbours use, kept up by its authors), JavaScript with Node's own import.
 */
export async function importUserModule(file: string): Promise<Record<string, unknown>> {
  try {
    if (/\.[cm]?tsx?$/.test(file)) {
      const { tsImport } = await import('tsx/esm/api');
      return (await tsImport(pathToFileURL(file).href, import.meta.url)) as Record<string, unknown>;
    }
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new SeedError('E_SCENARIO_FILE', `Could not load ${file}: ${messageOf(error).split('\n')[0]}`, {
      fix: 'Fix the error in that file (run it with npx tsx to see it whole), then run again.',
      cause: error,
    });
  }
}

function isScenario(value: unknown): value is Scenario {
  const candidate = value as Partial<Scenario> | undefined;
  return typeof candidate?.name === 'string' && typeof candidate.run === 'function';
}

/** The config file of the project at `cwd`, if it has one. */
export function configFile(cwd: string): string | undefined {
  return CONFIG_FILES.map((name) => path.join(cwd, name)).find((file) => existsSync(file));
}

/**
 * Every scenario `seed` knows in the project at `cwd`: the built-in ones (both kinds), then those its
 * config file declares. A declared scenario may not take a built-in name.
 *
 * @example
 * for (const entry of await scenarioCatalog()) console.log(entry.name, entry.origin);
 */
export async function scenarioCatalog(cwd = process.cwd()): Promise<ScenarioEntry[]> {
  const entries = builtInEntries();
  const file = configFile(cwd);
  if (!file) return entries;
  const module = await importUserModule(file);
  const config = (module.default ?? module) as SeedProjectConfig;
  const declared = config.scenarios;
  if (!Array.isArray(declared) || !declared.every(isScenario)) {
    throw new SeedError(
      'E_BAD_CONFIG',
      `${file} must export { scenarios: [...] } (a list of scenarios made with defineScenario).`,
      {
        fix: "export default { scenarios: [myWorld] }, with myWorld = defineScenario({ name, run }) from '@flatrender/seed'.",
      },
    );
  }
  for (const scenario of declared) {
    if (entries.some((e) => e.name === scenario.name)) {
      throw new SeedError(
        'E_BAD_CONFIG',
        `${file} declares scenario "${scenario.name}", a name already taken.`,
        {
          fix: `Rename it (the taken names: ${entries.map((e) => e.name).join(', ')}).`,
        },
      );
    }
    entries.push(factoryEntry(scenario, path.relative(cwd, scenario.module ?? file) || file));
  }
  return entries;
}

/** Whether `--scenario` names a file rather than a scenario. */
export function isScenarioPath(value: string): boolean {
  return /[\\/]/.test(value) || /\.[cm]?[jt]sx?$/.test(value);
}

/**
 * The scenario `--scenario` names: a built-in one, one the config file declares, or a file of
 * yours (`./test/worlds/busy-reseller.ts`) exporting one (its default export, or its only
 * scenario export, or the one named after the file).
 */
export async function resolveScenario(nameOrPath: string, cwd = process.cwd()): Promise<ScenarioEntry> {
  if (isScenarioPath(nameOrPath)) {
    const file = path.resolve(cwd, nameOrPath);
    if (!existsSync(file)) {
      throw new SeedError('E_SCENARIO_FILE', `There is no scenario file ${file}.`, {
        fix: 'Check the path (relative to the current folder), or name a scenario: seed list shows them.',
      });
    }
    const module = await importUserModule(file);
    const found = Object.entries(module).filter(([, value]) => isScenario(value)) as [string, Scenario][];
    const stem = path.basename(file).replace(/\.[^.]+$/, '');
    const scenario =
      (isScenario(module.default) ? module.default : undefined) ??
      (found.length === 1 ? found[0]![1] : found.find(([, s]) => s.name === stem)?.[1]);
    if (!scenario) {
      throw new SeedError(
        'E_SCENARIO_FILE',
        found.length === 0
          ? `${file} exports no scenario.`
          : `${file} exports ${found.length} scenarios (${found.map(([, s]) => s.name).join(', ')}) and none is its default export or named "${stem}".`,
        { fix: 'Export one scenario made with defineScenario (export default, or named after the file).' },
      );
    }
    return factoryEntry({ ...scenario, module: scenario.module ?? file }, path.relative(cwd, file));
  }
  const entries = await scenarioCatalog(cwd);
  const entry = entries.find((e) => e.name === nameOrPath);
  if (!entry) throw unknownScenario(nameOrPath, entries);
  return entry;
}

/** Throws when `entry` cannot be used that way, with the kind's own reason. */
export function assertUsable(
  entry: ScenarioEntry,
  use: 'seed' | 'refresh' | 'template',
  command: string,
): void {
  const reason = entry.refuses(use);
  if (!reason) return;
  const [why, instead] = reason.split(/\. Instead: /);
  throw new SeedError('E_SCENARIO_REFUSED', `${command} cannot use scenario "${entry.name}": ${why}.`, {
    ...(instead ? { fix: `${instead}.` } : {}),
  });
}
