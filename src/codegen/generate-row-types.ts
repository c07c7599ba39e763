import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { SeedConfig } from '../config/resolve-config.js';
import { createTestDatabase } from '../database/test-database.js';
import { SeedError } from '../errors.js';
import { SERVICE_SCHEMAS } from '../schema/schema-info.js';
import { softReferences } from '../schema/soft-references.js';
import { startReadyServer } from '../server/ready-server.js';
import { introspect } from '../sql/catalog.js';
import { renderRowTypes } from './render-row-types.js';
import { renderSchemaDocs } from './schema-docs.js';

/** Where the toolkit keeps its own generated row types (committed). */
export const defaultRowTypesPath = fileURLToPath(
  new URL('../../src/schema/generated/tables.ts', import.meta.url),
);

/** Where the toolkit keeps its schema pages (committed, linked from the README). */
export const defaultDocsPath = fileURLToPath(new URL('../../docs/schema', import.meta.url));

/** What `seed codegen` renders from one migrated database: the row types and the schema pages. */
export interface GeneratedSchema {
  readonly rowTypes: string;
  /** Markdown pages by file name (`identity.md`, …, `README.md`). */
  readonly docs: Readonly<Record<string, string>>;
}

/** Migrates a throwaway database with the configured server and renders its row types. */
export async function generateRowTypes(config: SeedConfig): Promise<string> {
  return (await generateSchema(config)).rowTypes;
}

/** Migrates a throwaway database with the configured server and renders everything codegen writes. */
export async function generateSchema(config: SeedConfig): Promise<GeneratedSchema> {
  await using server = await startReadyServer(config);
  await using database = await createTestDatabase({
    adminUrl: server.adminUrl,
    template: server.template,
    prefix: 'codegen',
  });
  const client = new pg.Client(database.url);
  await client.connect();
  try {
    const info = await introspect(client);
    return {
      rowTypes: renderRowTypes(info),
      docs: renderSchemaDocs(SERVICE_SCHEMAS, info, softReferences),
    };
  } finally {
    await client.end();
  }
}

/** Files that differ from what was generated (written unless `check`), as [path, exists]. */
async function sync(
  files: Readonly<Record<string, string>>,
  check: boolean,
): Promise<{ path: string; existed: boolean }[]> {
  const stale: { path: string; existed: boolean }[] = [];
  for (const [path, content] of Object.entries(files)) {
    const current = await readFile(path, 'utf8').catch(() => undefined);
    if (current === content) continue;
    stale.push({ path, existed: current !== undefined });
    if (!check) {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, content);
    }
  }
  return stale;
}

/**
 * Writes the generated module (and, in the toolkit's own tree or with `docs`, the schema pages),
 * or with `check` compares them and explains a drift.
 */
export async function writeRowTypes(
  config: SeedConfig,
  options: { out?: string; check?: boolean; docs?: string },
): Promise<{ path: string; changed: boolean; docs?: string }> {
  const path = options.out ?? defaultRowTypesPath;
  if (!options.out && !existsSync(dirname(path))) {
    throw new SeedError(
      'E_CODEGEN_OUT',
      `${path} is the toolkit's own source tree, which an installed package does not ship.`,
      {
        fix: 'Pass --out <file> to write the row types into your project.',
      },
    );
  }
  const generated = await generateSchema(config);
  // The pages go with the toolkit's own row types, or wherever the caller asks.
  const docs = options.docs ?? (options.out ? undefined : defaultDocsPath);
  const files: Record<string, string> = { [path]: generated.rowTypes };
  if (docs) for (const [name, page] of Object.entries(generated.docs)) files[join(docs, name)] = page;
  const stale = await sync(files, options.check ?? false);
  if (options.check && stale.length > 0) {
    throw new SeedError(
      'E_CODEGEN_DRIFT',
      `${stale.map((s) => `${s.path} ${s.existed ? 'is out of date' : 'does not exist'}`).join('; ')}: ${stale.length === 1 ? 'it no longer matches' : 'they no longer match'} the schema that ${config.migrationsDir ?? 'the bundled migrations/'} produces.`,
      // The same flags that made this check, so the command rewrites exactly what was compared.
      {
        fix: `Run npx seed codegen${config.migrationsDir ? ` --migrations ${config.migrationsDir}` : ''}${options.out ? ` --out ${options.out}` : ''}${options.docs ? ` --docs ${options.docs}` : ''} and commit the result.`,
      },
    );
  }
  return { path, changed: stale.length > 0, ...(docs ? { docs } : {}) };
}
