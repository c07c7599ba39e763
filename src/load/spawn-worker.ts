import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerInput } from './worker-protocol.js';

/** A young generation of 32 MB keeps the short-lived row arrays out of the old generation. */
const RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 32 };

/**
 * Starts a load worker. In the package its entry is `load-worker.js`, a plain module `npm run
 * build` compiles next to this one. Run from the TypeScript sources (vitest, `node --import tsx`),
 * the entry is `load-worker.ts`, which a worker cannot load by itself (Node 20 applies `execArgv:
 * ['--import', 'tsx']` too late for a worker's entry module): the worker then starts from a
 * bootstrap that registers tsx's loader first. That costs each worker about a second of CPU (tsx's
 * loader thread) where the built one starts in ~50 ms, on the sources only; nothing is bundled or
 * written at run time.
 */
export function spawnLoadWorker(input: WorkerInput): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(`./load-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url);
  if (!fromSource) {
    return new Worker(entry, {
      workerData: input,
      resourceLimits: RESOURCE_LIMITS,
      execArgv: workerExecArgv(process.execArgv),
    });
  }
  const bootstrap = `import(${JSON.stringify(tsxEsmApi())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: input, resourceLimits: RESOURCE_LIMITS });
}

/**
 * The parent's Node options for a worker, without those that describe the parent's own entry: a
 * worker inherits `--input-type` and `--eval <code>` from a program run as `node --eval`, and then
 * refuses to load its entry file (ERR_INPUT_TYPE_NOT_ALLOWED).
 */
export function workerExecArgv(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i]!;
    if (arg.startsWith('--input-type')) {
      if (arg === '--input-type') i++;
      continue;
    }
    if (arg === '--eval' || arg === '-e' || arg === '--print' || arg === '-p') {
      i++;
      continue;
    }
    if (/^(--eval|--print)=/.test(arg) || arg === '--interactive' || arg === '-i') continue;
    kept.push(arg);
  }
  return kept;
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
