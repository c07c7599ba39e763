import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, inject, test } from 'vitest';
import type { Scenario } from '../../../src/scenarios/scenario.js';
import { ensureSeededTemplate, seededTemplateName } from '../../../src/seeding/seeded-template.js';
import { withDatabase } from '../../../src/sql/database-url.js';
import { createSeedTest } from '../../../src/vitest/index.js';
import { adminQuery } from '../../support/admin.js';
import { finished, firstLine, seedIn } from '../../support/spawn.js';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const fixture = path.join(repo, 'test/fixtures/worlds');
const NOW = '2026-06-01T00:00:00.000Z';
const temps: string[] = [];
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

const perTest = createSeedTest({ isolation: 'test' });

describe('seeded templates', () => {
  test('editing a scenario module, or a helper it imports, rebuilds its template; nothing else does', async () => {
    const { adminUrl, template } = inject('flatrenderSeed');
    const dir = await mkdtemp(path.join(tmpdir(), 'fr-edit-'));
    temps.push(dir);
    const helper = path.join(dir, 'helper.mjs');
    const main = path.join(dir, 'edited.mjs');
    await writeFile(helper, "export const name = 'Edited Co';\n");
    await writeFile(main, "import { name } from './helper.mjs';\nexport const tenantName = name;\n");
    const scenario: Scenario = {
      name: 'edited',
      description: 'a scenario whose file changes',
      fills: [],
      module: main,
      async run(f) {
        const tenant = await f.tenant.create({ name: 'Edited Co' });
        return { handles: { tenant }, credentials: { logins: [], apiKeys: [] } };
      },
    };
    const options = { base: template, scenario, seed: 3, now: NOW };
    const first = await ensureSeededTemplate(adminUrl, options);
    const again = await ensureSeededTemplate(adminUrl, options);
    expect([first.created, again.created, again.name]).toEqual([true, false, first.name]);

    await writeFile(helper, "export const name = 'Edited Company';\n");
    const afterHelper = await ensureSeededTemplate(adminUrl, options);
    expect(afterHelper.created).toBe(true);
    expect(afterHelper.name).not.toBe(first.name);

    await writeFile(main, "import { name } from './helper.mjs';\nexport const tenantName = name + '!';\n");
    expect(await seededTemplateName(template, scenario, 3, NOW)).not.toBe(afterHelper.name);
    // The seed and the reference time name it too.
    expect(await seededTemplateName(template, scenario, 4, NOW)).not.toBe(
      await seededTemplateName(template, scenario, 3, NOW),
    );
  });

  test('seed up --scenario reseller --json prints a template that CREATE DATABASE … TEMPLATE clones', async () => {
    const { adminUrl } = inject('flatrenderSeed');
    const child = seedIn(repo, ['up', '--scenario', 'reseller', '--now', NOW, '--json', '--show-password'], {
      FLATRENDER_SEED_DATABASE_URL: adminUrl,
    });
    const done = finished(child);
    const json = JSON.parse(await firstLine(child)) as {
      databaseUrl: string;
      adminUrl: string;
      template: string;
      serviceRoleUrls: Record<string, string>;
      counts: Record<string, number>;
      credentials: { apiKeys: unknown[] };
    };
    try {
      expect(json.template).toMatch(/^flatrender_tpl_[0-9a-f]{16}$/);
      expect(json.serviceRoleUrls).toBeTypeOf('object'); // empty on a server of yours: its roles' passwords are yours
      expect(json.credentials.apiKeys).toHaveLength(2);
      // What a Go or .NET suite does per test:
      const admin = new pg.Client(json.adminUrl);
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE go_test_1 TEMPLATE ${json.template}`);
      } finally {
        await admin.end();
      }
      const clone = new pg.Client(withDatabase(json.adminUrl, 'go_test_1'));
      await clone.connect();
      try {
        const { rows } = await clone.query<{ n: number; world: string }>(
          'SELECT count(*)::int AS n, (SELECT scenario FROM flatrender_seed.world) AS world FROM render.render_jobs',
        );
        expect(rows[0]).toEqual({ n: json.counts['render.render_jobs'], world: 'reseller' });
      } finally {
        await clone.end();
      }
    } finally {
      child.kill('SIGINT');
      await done;
      await adminQuery('DROP DATABASE IF EXISTS go_test_1 WITH (FORCE)');
    }
  });
});

describe("a service repository's scenarios through the CLI", () => {
  perTest('seed --scenario <name from the config file> seeds it', async ({ db }) => {
    const result = await finished(
      seedIn(fixture, ['--scenario', 'busy-reseller', '--database-url', db.url, '--now', NOW, '--json']),
    );
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as { scenario: string; counts: Record<string, number> };
    expect(json.scenario).toBe('busy-reseller');
    const { rows } = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM render.render_jobs WHERE status = 'Failed'",
    );
    expect(rows[0]!.n).toBeGreaterThanOrEqual(5);
  });

  perTest(
    'seed --scenario ./worlds/busy-reseller.ts seeds the scenario that file exports',
    async ({ db }) => {
      const result = await finished(
        seedIn(repo, [
          '--scenario',
          './test/fixtures/worlds/worlds/busy-reseller.ts',
          '--database-url',
          db.url,
          '--now',
          NOW,
          '--json',
        ]),
      );
      expect(result.code, result.stderr).toBe(0);
      expect((JSON.parse(result.stdout) as { scenario: string }).scenario).toBe('busy-reseller');
    },
  );
});
