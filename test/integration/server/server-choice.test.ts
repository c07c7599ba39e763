import pg from 'pg';
import { describe, expect, inject } from 'vitest';
import { redact, withDatabase } from '../../../src/sql/database-url.js';
import { createSeedTest } from '../../../src/vitest/index.js';
import { finished, firstLine, runSeed, spawnTs } from '../../support/spawn.js';

const test = createSeedTest({ isolation: 'test' });

/** The application's own DATABASE_URL, pointing at its server (a live one: the test server). */
function appDatabaseUrl(): string {
  return withDatabase(inject('flatrenderSeed').adminUrl, 'app_of_the_user');
}

async function toolkitDatabasesOn(adminUrl: string): Promise<string[]> {
  const client = new pg.Client(adminUrl);
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT datname AS name FROM pg_database WHERE datname LIKE 'flatrender\\_%' AND datname NOT LIKE 'flatrender\\_tpl\\_%' ORDER BY 1`,
    );
    return rows.map((r) => r.name);
  } finally {
    await client.end();
  }
}

describe('a bare DATABASE_URL never moves the embedded default', () => {
  test('seed up, seed --scenario and the vitest global setup stay on the embedded server, and say so', async () => {
    const env = { DATABASE_URL: appDatabaseUrl() };
    const { adminUrl } = inject('flatrenderSeed');
    const before = await toolkitDatabasesOn(adminUrl);

    const up = spawnTs('seed-cli.ts', ['up', '--json'], env);
    const upDone = finished(up);
    const line = JSON.parse(await firstLine(up)) as { provider: string; databaseUrl: string };
    up.kill('SIGINT');
    const upResult = await upDone;
    expect(line.provider).toBe('embedded');
    expect(new URL(line.databaseUrl).port).not.toBe(new URL(adminUrl).port);
    expect(upResult.stderr).toContain('DATABASE_URL is set but does not choose the server');

    const seeded = spawnTs('seed-cli.ts', ['--scenario', 'minimal', '--json'], env);
    const seededDone = finished(seeded);
    const summary = JSON.parse(await firstLine(seeded)) as { databaseUrl: string };
    seeded.kill('SIGINT');
    expect((await seededDone).code).toBe(0);
    expect(new URL(summary.databaseUrl).port).not.toBe(new URL(adminUrl).port);

    const setup = await finished(spawnTs('run-global-setup.ts', [], env));
    expect(setup.code, setup.stderr).toBe(0);
    expect((JSON.parse(setup.stdout) as { provider: string }).provider).toBe('embedded');
    expect(setup.stderr).toContain('DATABASE_URL is set; tests use the toolkit');

    // Nothing was made on the server DATABASE_URL points at.
    expect(await toolkitDatabasesOn(adminUrl)).toEqual(before);
  });

  test('FLATRENDER_SEED_DATABASE_URL does move it, and the command names the server it uses', async () => {
    const { adminUrl } = inject('flatrenderSeed');
    const child = spawnTs('seed-cli.ts', ['up', '--json'], { FLATRENDER_SEED_DATABASE_URL: adminUrl });
    const done = finished(child);
    const line = JSON.parse(await firstLine(child)) as { provider: string; databaseUrl: string };
    child.kill('SIGINT');
    const result = await done;
    expect(line.provider).toBe('url');
    expect(result.stderr).toContain(
      `Using the PostgreSQL server at ${redact(adminUrl)} (from FLATRENDER_SEED_DATABASE_URL)`,
    );
    // The password was the user's own: not repeated.
    expect(result.stdout).not.toContain(new URL(adminUrl).password);
    expect(line.databaseUrl).toContain(':***@');
  });

  test('commands on an existing database read DATABASE_URL, and say that is where the URL came from', async ({
    db,
  }) => {
    const result = await runSeed(['verify'], { DATABASE_URL: db.url });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      `Verifying database "${db.name}" at ${redact(db.url)} (from DATABASE_URL).`,
    );
  });
});

describe('passwords in output', () => {
  test('a password the user passed in is not repeated unless --show-password', async ({ db }) => {
    const password = new URL(db.url).password;
    const hidden = await runSeed(['--scenario', 'minimal', '--database-url', db.url]);
    expect(hidden.code, hidden.stderr).toBe(0);
    expect(hidden.stdout + hidden.stderr).not.toContain(password);
    expect(hidden.stdout).toContain(`DATABASE_URL=${redact(db.url)}`);
    const shown = await runSeed(['mark', '--database-url', db.url, '--yes']);
    expect(shown.stdout + shown.stderr).not.toContain(password);
  });

  test('--show-password prints it', async ({ db }) => {
    const shown = await runSeed([
      '--scenario',
      'minimal',
      '--database-url',
      db.url,
      '--show-password',
      '--json',
    ]);
    expect(shown.code, shown.stderr).toBe(0);
    expect((JSON.parse(shown.stdout) as { databaseUrl: string }).databaseUrl).toBe(db.url);
  });

  test('seed up on its own server hands out a URL with the password, and service role URLs that work', async () => {
    const child = spawnTs('seed-cli.ts', ['up', '--json']);
    const done = finished(child);
    const line = JSON.parse(await firstLine(child)) as {
      databaseUrl: string;
      serviceRoleUrls: Record<string, string>;
    };
    try {
      expect(new URL(line.databaseUrl).password).toMatch(/^[\w-]{43}$/);
      const client = new pg.Client(line.serviceRoleUrls.render_svc);
      await client.connect();
      const { rows } = await client.query('SELECT current_user AS who, count(*)::int AS n FROM render.nodes');
      await client.end();
      expect(rows).toEqual([{ who: 'render_svc', n: 0 }]);
    } finally {
      child.kill('SIGINT');
      await done;
    }
  });
});
