import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SeedError } from '../errors.js';
import { findTransactionControl } from './transaction-control.js';

/** The FlatRender migrations shipped with the toolkit (`migrations/` at the package root). */
export const defaultMigrationsDir = fileURLToPath(new URL('../../migrations', import.meta.url));

/**
 * One FlatRender migration file and the name it is staged under for postgres-migrations.
 *
 * FlatRender numbers its files 00…14, 22 (gaps allowed, 00 first); postgres-migrations wants ids
 * 1…N with no gaps and reserves 0 for its own bookkeeping table. The bridge stages each file as
 * `<position>_<original file name>`: `1_00_setup.sql` … `16_22_identity_oauth_config.sql`.
 * postgres-migrations hashes the staged name with the SQL, so this naming rule is part of every
 * migrated database's history and must never change.
 */
export interface MigrationFile {
  /** 1-based position in run order: the id postgres-migrations records. */
  readonly position: number;
  /** The file's own name, e.g. `01_identity_tenants.sql`. */
  readonly fileName: string;
  readonly path: string;
  readonly sql: string;
  /** `<position>_<fileName>`. */
  readonly stagedName: string;
  /** What postgres-migrations records for this file: sha1 of the staged name and the SQL. */
  readonly hash: string;
}

const FILE_NAME = /^(\d+)_[\w.-]+\.sql$/;

/** Reads a migrations folder in run order (numeric prefix), refusing names it cannot order. */
export async function readMigrationFiles(dir: string = defaultMigrationsDir): Promise<MigrationFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (cause) {
    throw new SeedError('E_MIGRATIONS_DIR', `Cannot read the migrations folder ${dir}.`, {
      fix: 'Pass --migrations with a folder that holds NN_name.sql files.',
      cause,
    });
  }
  const sqlNames = names.filter((name) => name.toLowerCase().endsWith('.sql'));
  const numbered = sqlNames.map((fileName) => {
    const match = FILE_NAME.exec(fileName);
    if (!match) {
      throw new SeedError(
        'E_MIGRATION_NAME',
        `Migration file ${path.join(dir, fileName)} does not follow the naming rule NN_name.sql (a number, an underscore, letters/digits/-/_).`,
        { fix: `Rename it, e.g. to 99_${fileName.replace(/[^\w.-]+/g, '_')}.` },
      );
    }
    return { fileName, number: Number(match[1]) };
  });
  numbered.sort((a, b) => a.number - b.number);
  for (let i = 1; i < numbered.length; i++) {
    const [previous, current] = [numbered[i - 1]!, numbered[i]!];
    if (previous.number === current.number) {
      throw new SeedError(
        'E_MIGRATION_DUPLICATE',
        `Migration files ${previous.fileName} and ${current.fileName} in ${dir} share the number ${current.number}; run order would be ambiguous.`,
        { fix: 'Give one of them a new number above the highest one in the folder.' },
      );
    }
  }
  if (numbered.length === 0) {
    throw new SeedError('E_MIGRATIONS_EMPTY', `The migrations folder ${dir} holds no NN_name.sql files.`, {
      fix: 'Point --migrations at the folder with the FlatRender migrations.',
    });
  }
  return Promise.all(
    numbered.map(async ({ fileName }, index) => {
      const filePath = path.join(dir, fileName);
      const sql = await readFile(filePath, 'utf8');
      refuseTransactionControl(filePath, sql);
      const position = index + 1;
      const stagedName = `${position}_${fileName}`;
      return { position, fileName, path: filePath, sql, stagedName, hash: sha1(stagedName + sql) };
    }),
  );
}

/** A short, stable digest of a whole migrations folder: changes whenever any file does. */
export function migrationsDigest(files: readonly MigrationFile[]): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file.stagedName}\0${file.hash}\n`);
  return hash.digest('hex');
}

/**
 * postgres-migrations runs a file in one transaction and records it in the same one; a COMMIT in the
 * file would make its first half permanent while the error says it was rolled back. Checked when the
 * folder is read, so nothing runs.
 */
function refuseTransactionControl(filePath: string, sql: string): void {
  const found = findTransactionControl(sql);
  if (!found) return;
  throw new SeedError(
    'E_MIGRATION_TRANSACTION',
    `Migration file ${filePath} has a ${found.statement} statement (line ${found.line}). Each migration file already runs in its own transaction, which also records it as applied; a statement that begins or ends a transaction inside it would apply part of the file and record none of it. Nothing was applied.`,
    {
      fix: `Remove the BEGIN/COMMIT/ROLLBACK statements from ${path.basename(filePath)}; each file is one transaction already (split the work into two files if it needs two).`,
    },
  );
}

function sha1(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('hex');
}
