import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { messageOf, SeedError } from '../errors.js';
import type { Scenario } from '../scenarios/scenario.js';
import { readFileNoFollow, writeOwnFile } from '../server/embedded/owned-paths.js';

/** The toolkit's own code folder (src/ when run from source, dist/ when installed). */
const TOOLKIT_DIR = fileURLToPath(new URL('..', import.meta.url));

/** A module of the toolkit, as it exists here: `x.js` in dist/, `x.ts` in src/. */
function toolkitModule(relative: string): string {
  const js = path.join(TOOLKIT_DIR, relative);
  const ts = js.replace(/\.js$/, '.ts');
  return existsSync(js) ? js : ts;
}

/**
 * What runs a scenario besides its own file: the factories (and, through them, the domain rules),
 * which a scenario gets as `f` rather than importing. A scenario of a service repository may also
 * run built-in ones (composition), so theirs adds the registry of built-in scenarios.
 */
const ENGINE = ['factories/index.js'];
const BUILT_INS = ['scenarios/registry.js'];

interface Memo {
  readonly files: readonly { file: string; mtimeMs: number; size: number }[];
  readonly digest: string;
}
const memos = new Map<string, Memo>();

/**
 * The memo outlives the process in the toolkit's data root (the caller's `dataRoot`, from the
 * configuration): walking a graph costs esbuild's start (~50 ms) and a parse of every file (~100 ms
 * for the factories), which `seed --scenario` would pay on every start; checking that no file of a
 * known graph changed is a stat per file. A file that changed invalidates its graph, and only a
 * changed file can add an import, so a valid memo is exact. Without a data root it stays in memory.
 */
function memoFile(root: string): string {
  return path.join(root, 'scenario-digests.json');
}

const loaded = new Set<string>();
function loadMemos(root: string | undefined): void {
  if (root === undefined || loaded.has(root)) return;
  loaded.add(root);
  try {
    const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
    const text = readFileNoFollow(memoFile(root), uid === undefined ? undefined : [uid]);
    if (!text) return;
    for (const [key, memo] of Object.entries(JSON.parse(text) as Record<string, Memo>)) {
      if (!memos.has(key)) memos.set(key, memo);
    }
  } catch {
    // A missing or unreadable memo only costs a walk.
  }
}

function saveMemos(root: string | undefined): void {
  if (root === undefined) return;
  try {
    if (!existsSync(root)) return;
    writeOwnFile(memoFile(root), JSON.stringify(Object.fromEntries(memos)), 0o600);
  } catch {
    // Best effort, as above.
  }
}

/**
 * A digest of the code that decides what `scenario` writes: its module and every module that module
 * imports, statically and transitively (type-only imports excluded: they change no value), plus the
 * factories and the domain rules they use, and for a scenario of yours the built-in scenarios too.
 * The import graph comes from esbuild's resolver (the one tsx runs TypeScript with), so TypeScript,
 * `.js`-suffixed imports of `.ts` files and index files resolve as Node and tsx resolve them;
 * packages (node_modules) are not walked: their versions are what a lockfile pins. The digest is of
 * the files' contents only, so a checkout in another folder gets the same one.
 *
 * Without a module (a scenario defined where no file name could be found), the run function's own
 * text stands in for it, plus the engine: helpers it calls are then not covered.
 *
 * @example
 * await scenarioDigest(scenarios.reseller); // '5c1f…' (64 hex)
 */
export async function scenarioDigest(
  scenario: Scenario,
  options: { readonly dataRoot?: string | undefined } = {},
): Promise<string> {
  const own = scenario.module ? moduleFile(scenario.module) : undefined;
  const builtIn = own?.startsWith(TOOLKIT_DIR) === true;
  const entries = [...(own ? [own] : []), ...[...ENGINE, ...(builtIn ? [] : BUILT_INS)].map(toolkitModule)];
  const key = entries.join('\n');
  loadMemos(options.dataRoot);
  const memo = memos.get(key);
  const digest = memo && unchanged(memo) ? memo.digest : await digestGraph(key, entries, options.dataRoot);
  return own ? digest : createHash('sha256').update(digest).update(scenario.run.toString()).digest('hex');
}

function moduleFile(module: string): string {
  const file = module.startsWith('file:') ? fileURLToPath(module) : path.resolve(module);
  if (!existsSync(file)) {
    throw new SeedError('E_SCENARIO_MODULE', `The module of a scenario, ${file}, does not exist.`, {
      fix: 'Pass module: import.meta.url in defineScenario (or leave it out: defineScenario finds its file).',
    });
  }
  return file;
}

function unchanged(memo: Memo): boolean {
  return memo.files.every(({ file, mtimeMs, size }) => {
    try {
      const info = statSync(file);
      return info.mtimeMs === mtimeMs && info.size === size;
    } catch {
      return false;
    }
  });
}

async function digestGraph(key: string, entries: string[], root: string | undefined): Promise<string> {
  const { build } = await import('esbuild');
  let inputs: string[];
  try {
    const result = await build({
      entryPoints: entries,
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outdir: 'out',
      logLevel: 'silent',
      absWorkingDir: '/',
    });
    inputs = Object.keys(result.metafile.inputs).map((input) => path.resolve('/', input));
  } catch (error) {
    throw new SeedError(
      'E_SCENARIO_GRAPH',
      `Could not read the imports of ${entries[0]} to name its seeded template: ${messageOf(error).split('\n').slice(0, 3).join(' ')}`,
      {
        fix: 'Make the scenario file importable as it is (it must resolve without path aliases), then run again.',
        cause: error,
      },
    );
  }
  const files = inputs.sort().map((file) => {
    const info = statSync(file);
    const content = readFileSync(file);
    return {
      file,
      mtimeMs: info.mtimeMs,
      size: info.size,
      hash: createHash('sha256').update(content).digest('hex'),
    };
  });
  // Contents only, in a fixed order: the same code gives the same digest wherever it lives.
  const digest = createHash('sha256')
    .update(
      files
        .map((f) => f.hash)
        .sort()
        .join('\n'),
    )
    .digest('hex');
  memos.set(key, { files: files.map(({ file, mtimeMs, size }) => ({ file, mtimeMs, size })), digest });
  saveMemos(root);
  return digest;
}
