#!/usr/bin/env node
// Tests the packed toolkit the way a service repository uses it: packs @flatrender/seed, installs the
// tarball into a copy of examples/service-repo and runs that repository's vitest suite.
//
//   node scripts/test-example.mjs            # exits with vitest's exit code
//   KEEP_EXAMPLE=1 node scripts/test-example.mjs   # keeps the temp folders for inspection
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const example = join(root, 'examples', 'service-repo');
const keep = process.env.KEEP_EXAMPLE === '1';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const temps = [];

function log(message) {
  console.log(`[test-example] ${message}`);
}

function cleanup() {
  if (keep) {
    if (temps.length > 0) log(`keeping ${temps.join(' and ')} (KEEP_EXAMPLE=1)`);
    return;
  }
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
}

function fail(step, detail) {
  console.error(`[test-example] FAILED at step "${step}": ${detail}`);
  cleanup();
  process.exit(1);
}

function tempDir(name) {
  const dir = mkdtempSync(join(tmpdir(), `flatrender-${name}-`));
  temps.push(dir);
  return dir;
}

/** Runs a command; `capture` keeps stdout (stderr still reaches the terminal). */
function run(step, command, args, { cwd, capture = false } = {}) {
  log(`${step}: ${command} ${args.join(' ')}  (in ${cwd})`);
  const result = spawnSync(command, args, {
    cwd,
    shell: process.platform === 'win32',
    stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) fail(step, `could not run ${command}: ${result.error.message}`);
  if (result.signal) fail(step, `${command} was killed by ${result.signal}`);
  return result;
}

function mustSucceed(step, result) {
  if (result.status !== 0) {
    if (result.stdout) process.stdout.write(result.stdout);
    fail(step, `exited with code ${result.status}`);
  }
  return result;
}

if (!existsSync(join(example, 'package.json'))) fail('check', `no example repository at ${example}`);

// 1. Pack (prepare builds dist/ first). npm prints the tarball's file name on stdout's last line.
const packDir = tempDir('pack');
const packed = mustSucceed(
  'pack',
  run('pack', npm, ['pack', '--pack-destination', packDir], { cwd: root, capture: true }),
);
const tarballName = packed.stdout.trim().split('\n').at(-1)?.trim();
const tarball = tarballName ? join(packDir, tarballName) : '';
if (!tarballName || !existsSync(tarball)) {
  process.stdout.write(packed.stdout);
  fail('pack', `no tarball found for the name npm printed last ("${tarballName ?? ''}") in ${packDir}`);
}
log(`pack: ${tarball}`);

// 2. Copy the example, so the repository's own folder gets no node_modules.
const repo = join(tempDir('service-repo'), 'service-repo');
log(`copy: ${example} -> ${repo}`);
try {
  cpSync(example, repo, {
    recursive: true,
    filter: (source) => !/[\\/](node_modules|dist)([\\/]|$)/.test(source.slice(example.length)),
  });
} catch (error) {
  fail('copy', error instanceof Error ? error.message : String(error));
}

// 3. Install the example's own dependencies, then the packed toolkit (not saved: the example does not list it).
mustSucceed('install', run('install', npm, ['install', '--no-audit', '--no-fund'], { cwd: repo }));
mustSucceed(
  'install tarball',
  run('install tarball', npm, ['install', '--no-audit', '--no-fund', '--no-save', tarball], { cwd: repo }),
);

// 4. Run the example's tests as its users would.
const tests = run('vitest', npx, ['vitest', 'run'], { cwd: repo });
const code = tests.status ?? 1;
log(code === 0 ? 'vitest: passed' : `FAILED at step "vitest": exited with code ${code}`);
cleanup();
process.exit(code);
