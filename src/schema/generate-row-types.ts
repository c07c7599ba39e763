import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { SeedConfig } from '../config/resolve-config.js';
import { createTestDatabase } from '../database/test-database.js';
import { SeedError } from '../errors.js';
import { startReadyServer } from '../server/ready-server.js';
import { renderRowTypes } from './codegen.js';
import { introspect } from './introspect.js';

/** Where the toolkit keeps its own generated row types (committed). */
export const defaultRowTypesPath = fileURLToPath(
  new URL('../../src/schema/generated/tables.ts', import.meta.url),
);

/** Migrates a throwaway database with the configured server and renders its row types. */
export async function generateRowTypes(config: SeedConfig): Promise<string> {
  await using server = await startReadyServer(config);
  await using database = await createTestDatabase({
    adminUrl: server.adminUrl,
    template: server.template,
    prefix: 'codegen',
  });
  const client = new pg.Client(database.url);
  await client.connect();
  try {
    return renderRowTypes(await introspect(client));
  } finally {
    await client.end();
  }
}

/** Writes the generated module, or with `check` compares it and explains a drift. */
export async function writeRowTypes(
  config: SeedConfig,
  options: { out?: string; check?: boolean },
): Promise<{ path: string; changed: boolean }> {
  const path = options.out ?? defaultRowTypesPath;
  const generated = await generateRowTypes(config);
  if (!options.out && !existsSync(dirname(path))) {
    throw new SeedError(
      'E_CODEGEN_OUT',
      `${path} is the toolkit's own source tree, which an installed package does not ship.`,
      {
        fix: 'Pass --out <file> to write the row types into your project.',
      },
    );
  }
  const current = await readFile(path, 'utf8').catch(() => undefined);
  const changed = current !== generated;
  if (options.check) {
    if (changed) {
      throw new SeedError(
        'E_CODEGEN_DRIFT',
        `${path} ${current === undefined ? 'does not exist' : 'is out of date'}: it no longer matches the schema that migrations/ produces.`,
        { fix: 'Run npx seed codegen and commit the result.' },
      );
    }
    return { path, changed: false };
  }
  if (changed) await writeFile(path, generated);
  return { path, changed };
}
