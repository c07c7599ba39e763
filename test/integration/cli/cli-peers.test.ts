import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { defaultMigrationsDir, readMigrationFiles } from '../../../src/migrations/migration-files.js';
import { emptyDatabase } from '../../support/admin.js';
import { finished, runSeed } from '../../support/spawn.js';

// The shipped CLI (bin/seed.js over dist/, built by npm test before vitest), as a consumer runs it.
const root = fileURLToPath(new URL('../../..', import.meta.url));
const bin = path.join(root, 'bin', 'seed.js');
const ownVersion = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string })
  .version;

describe('seed --version', () => {
  test("prints the toolkit's version, not that of the project it runs in", async () => {
    const consumer = await mkdtemp(path.join(tmpdir(), 'fr-consumer-'));
    try {
      await writeFile(
        path.join(consumer, 'package.json'),
        JSON.stringify({ name: 'some-service', version: '9.9.9' }),
      );
      const result = await finished(
        spawn(process.execPath, [bin, '--version'], { cwd: consumer, stdio: ['ignore', 'pipe', 'pipe'] }),
      );
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout.trim()).toBe(ownVersion);
    } finally {
      await rm(consumer, { recursive: true, force: true });
    }
  });
});

describe('a closed stdout (seed list | head -2)', () => {
  test('ends quietly with exit 0 when the reader goes away', async () => {
    const child = spawn(process.execPath, [bin, 'list'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    // Like head: close the pipe before the CLI writes, so every write meets a reader that is gone.
    child.stdout.destroy();
    const result = await finished(child);
    expect(result.stderr).not.toContain('EPIPE');
    expect(result.stderr).not.toContain('Unexpected error');
    expect(result.code).toBe(0);
  });
});

describe('migrations', () => {
  test("the migration runner's own log is hidden unless --verbose", async () => {
    await using quiet = await emptyDatabase();
    await using verbose = await emptyDatabase();
    const [plain, chatty] = await Promise.all([
      runSeed(['migrate', '--database-url', quiet.url]),
      runSeed(['migrate', '--database-url', verbose.url, '--verbose']),
    ]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(chatty.code, chatty.stderr).toBe(0);
    expect(plain.stderr).not.toMatch(/advisory lock|Starting migration|Saving migration/);
    expect(chatty.stderr).toContain('Acquiring advisory lock');
  });

  test('a SQL error in a migration names the file and the line', async () => {
    await using fresh = await emptyDatabase();
    const dir = await mkdtemp(path.join(tmpdir(), 'fr-broken-'));
    try {
      const files = await readMigrationFiles(defaultMigrationsDir);
      for (const file of files.slice(0, 2)) await copyFile(file.path, path.join(dir, file.fileName));
      await writeFile(
        path.join(dir, '90_broken.sql'),
        '-- a table with a typo in a type\nCREATE TABLE identity.broken (\n  id int PRIMARY KEY,\n  name txet\n);\n',
      );
      const result = await runSeed(['migrate', '--database-url', fresh.url, '--migrations', dir]);
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toContain('Migration 90_broken.sql failed');
      expect(result.stderr).toContain('type "txet" does not exist');
      expect(result.stderr).toContain(`${path.join(dir, '90_broken.sql')}:4:8`);
      expect(result.stderr).toContain('Fix: Correct the SQL of 90_broken.sql at line 4');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
