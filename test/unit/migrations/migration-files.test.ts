import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadMigrationFiles } from 'postgres-migrations';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationsDigest, readMigrationFiles } from '../../../src/migrations/migration-files.js';

const dirs: string[] = [];
async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'fr-unit-'));
  dirs.push(dir);
  for (const [name, sql] of Object.entries(files)) await writeFile(path.join(dir, name), sql);
  return dir;
}
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('readMigrationFiles', () => {
  it('orders by number and stages 00…14, 22 as ids 1…N (postgres-migrations keeps 0 for itself)', async () => {
    const files = await readMigrationFiles();
    expect(files.map((f) => f.stagedName)).toEqual([
      '1_00_setup.sql',
      '2_01_identity_tenants.sql',
      '3_02_identity_users.sql',
      '4_03_identity_billing.sql',
      '5_04_identity_gamification.sql',
      '6_05_content_taxonomy.sql',
      '7_06_content_projects.sql',
      '8_07_content_scenes.sql',
      '9_08_content_characters_presets.sql',
      '10_09_content_cms.sql',
      '11_10_studio_saved_projects.sql',
      '12_11_render_nodes.sql',
      '13_12_render_jobs.sql',
      '14_13_file_manager.sql',
      '15_14_notification.sql',
      '16_22_identity_oauth_config.sql',
      '17_23_updated_at_explicit.sql',
    ]);
  });

  it('computes the hash postgres-migrations records for the staged file', async () => {
    const [file] = await readMigrationFiles(await folder({ '00_a.sql': 'SELECT 1;' }));
    const staged = await folder({ '1_00_a.sql': 'SELECT 1;' });
    const theirs = await loadMigrationFiles(staged);
    expect(theirs.find((m) => m.id === 1)).toMatchObject({ name: '00_a', hash: file?.hash });
  });

  it('orders numerically, not as text (9 before 10)', async () => {
    const files = await readMigrationFiles(await folder({ '10_b.sql': '', '9_a.sql': '', '00_z.sql': '' }));
    expect(files.map((f) => f.fileName)).toEqual(['00_z.sql', '9_a.sql', '10_b.sql']);
  });

  it('refuses two files with one number, naming both', async () => {
    const dir = await folder({ '05_a.sql': '', '5_b.sql': '' });
    await expect(readMigrationFiles(dir)).rejects.toThrow(/05_a\.sql and 5_b\.sql .* share the number 5/);
  });

  it('refuses a file name it cannot order, with the rule and a suggested name', async () => {
    const dir = await folder({ 'setup.sql': '' });
    await expect(readMigrationFiles(dir)).rejects.toThrow(
      /setup\.sql does not follow the naming rule NN_name\.sql/,
    );
  });

  it('changes the digest when any file changes', async () => {
    const a = migrationsDigest(await readMigrationFiles(await folder({ '00_a.sql': 'SELECT 1;' })));
    const b = migrationsDigest(await readMigrationFiles(await folder({ '00_a.sql': 'SELECT 2;' })));
    expect(a).not.toBe(b);
  });
});
