import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerInput } from './worker-protocol.js';

/** A young generation of 32 MB keeps the short-lived row arrays out of the old generation. */
const RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 32 };

/**
 * Starts a load worker. From the built package the entry is `load-worker.js`. From the sources
 * (tsx, vitest) it is `load-worker.ts`, which a worker cannot load by itself (Node 20 applies
 * `execArgv: ['--import', 'tsx']` too late for a worker's entry module). The sources are then
 * bundled once per process with esbuild (tsx's own compiler) into one plain module: a worker
 * starts from it in ~50 ms instead of ~1 s of CPU through tsx's loader thread. Without esbuild,
 * the worker starts from a bootstrap that registers tsx first.
 */
export async function spawnLoadWorker(input: WorkerInput): Promise<Worker> {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(`./load-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url);
  if (!fromSource) return new Worker(entry, { workerData: input, resourceLimits: RESOURCE_LIMITS });
  bundled ??= bundleFromSource(fileURLToPath(entry));
  const bundle = await bundled;
  if (bundle) return new Worker(bundle, { workerData: input, resourceLimits: RESOURCE_LIMITS });
  const bootstrap = `import(${JSON.stringify(tsxEsmApi())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: input, resourceLimits: RESOURCE_LIMITS });
}

let bundled: Promise<string | undefined> | undefined;

interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ outputFiles: { contents: Uint8Array }[] }>;
}

/**
 * Bundles the worker's TypeScript sources (npm packages stay imports) into
 * node_modules/.cache/flatrender-seed/load-worker-<hash>.mjs; undefined when esbuild is missing.
 */
async function bundleFromSource(entry: string): Promise<string | undefined> {
  try {
    const require = createRequire(import.meta.url);
    const esbuildPath = require.resolve('esbuild');
    const esbuild = (await import(pathToFileURL(esbuildPath).href)) as Partial<Esbuild> & {
      default?: Esbuild;
    };
    const api = (esbuild.build ? esbuild : esbuild.default) as Esbuild;
    const result = await api.build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.contents;
    const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
    // Next to the packages the bundle imports, so they resolve as they do from the sources.
    const modules = esbuildPath.slice(0, esbuildPath.lastIndexOf(`${path.sep}node_modules${path.sep}`) + 13);
    const dir = path.join(modules, '.cache', 'flatrender-seed');
    const file = path.join(dir, `load-worker-${hash}.mjs`);
    if (!existsSync(file)) {
      mkdirSync(dir, { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, code);
      renameSync(temp, file);
    }
    return file;
  } catch {
    return undefined;
  }
}

/** The URL of tsx's ESM API (`tsx/esm/api`, import condition): its CommonJS twin cannot register hooks in a worker. */
function tsxEsmApi(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const exports = JSON.parse(readFileSync(manifest, 'utf8')).exports as Record<
    string,
    { import?: { default?: string } }
  >;
  const relative = exports['./esm/api']?.import?.default;
  if (!relative)
    throw new Error(
      'tsx/esm/api (import) not found: install tsx to run the loader from its TypeScript sources',
    );
  return pathToFileURL(path.join(path.dirname(manifest), relative)).href;
}
