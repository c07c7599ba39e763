import { createHash } from 'node:crypto';
import { messageOf, SeedError } from '../errors.js';
import { connect } from '../sql/connect.js';
import { redact, withDatabase } from '../sql/database-url.js';
import { quoteIdent } from '../sql/identifiers.js';
import { toolkitVersion } from '../version.js';
import { migrate } from './migrate.js';
import { defaultMigrationsDir, migrationsDigest, readMigrationFiles } from './migration-files.js';

/** Every database the toolkit creates carries this comment; destructive commands look for it. */
export const TOOLKIT_COMMENT = 'created by @flatrender/seed';

const TEMPLATE_PREFIX = 'flatrender_tpl_';

/**
 * Bumped whenever what the toolkit puts into a template changes beyond the migrations (e.g. the
 * marker), so caches and templates built by an older toolkit build are not reused.
 */
export const TEMPLATE_FORMAT = 2;

export interface TemplateOptions {
  readonly migrationsDir?: string;
  readonly log?: (line: string) => void;
  /** The migration runner's own log, on stderr (config.verbose: --verbose; see migrate). */
  readonly verbose?: boolean;
}

export interface TemplateDatabase {
  /** e.g. `flatrender_tpl_3f9c0a1b2c4d5e6f` */
  readonly name: string;
  /** True when this call migrated it; false when it already existed. */
  readonly created: boolean;
}

/**
 * Makes sure the server holds a migrated template database for these migrations and returns its
 * name. The name is a hash of the migrations, the server version and the toolkit version, so a
 * change to any of them gets a new template and old ones are never reused by mistake.
 *
 * Safe to call from many processes at once: one migrates under an advisory lock, the others wait
 * and find it done. A template is marked IS_TEMPLATE only after its migrations succeeded, so a
 * half-built one is never cloned (the next caller drops and rebuilds it).
 *
 * @example
 * const { name } = await ensureTemplate('postgresql://postgres@127.0.0.1:5432/postgres');
 */
export async function ensureTemplate(
  adminUrl: string,
  options: TemplateOptions = {},
): Promise<TemplateDatabase> {
  const files = await readMigrationFiles(options.migrationsDir ?? defaultMigrationsDir);
  const admin = await connect(adminUrl);
  try {
    const version = (await admin.query<{ v: string }>('SHOW server_version_num')).rows[0]!.v;
    const name =
      TEMPLATE_PREFIX +
      createHash('sha256')
        .update(`${migrationsDigest(files)}|${version}|${toolkitVersion}|${TEMPLATE_FORMAT}`)
        .digest('hex')
        .slice(0, 16);
    const isReady = async () =>
      (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate', [name]))
        .rowCount === 1;
    if (await isReady()) return { name, created: false };

    await assertCanCreateDatabases(admin, adminUrl);
    await admin.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [name]);
    try {
      if (await isReady()) return { name, created: false };
      // A leftover of a run that died mid-migration: never marked as template, safe to rebuild.
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'`);
      await admin.query(`COMMENT ON DATABASE ${quoteIdent(name)} IS '${TOOLKIT_COMMENT}: template'`);
      options.log?.(`Migrating template database ${name} (${files.length} migrations)…`);
      // One line for the whole template; the runner's own log only with --verbose (see migrate).
      await migrate(withDatabase(adminUrl, name), {
        migrationsDir: options.migrationsDir,
        verbose: options.verbose,
      });
      await admin.query(`ALTER DATABASE ${quoteIdent(name)} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
      return { name, created: true };
    } finally {
      await admin.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [name]).catch(() => {});
    }
  } finally {
    await admin.end().catch(() => {});
  }
}

export async function assertCanCreateDatabases(
  admin: { query: (text: string) => Promise<{ rows: { ok: boolean; role: string }[] }> },
  url: string,
): Promise<void> {
  let row: { ok: boolean; role: string } | undefined;
  try {
    row = (
      await admin.query(
        'SELECT rolcreatedb OR rolsuper AS ok, rolname AS role FROM pg_roles WHERE rolname = current_user',
      )
    ).rows[0];
  } catch (error) {
    throw new SeedError(
      'E_ROLE_CHECK',
      `Could not read the role of the connection to ${redact(url)}: ${messageOf(error)}`,
      {
        fix: 'Check that the URL names a PostgreSQL 15+ server and that its user may read pg_roles.',
        cause: error,
      },
    );
  }
  if (!row?.ok) {
    throw new SeedError(
      'E_NO_CREATEDB',
      `Role "${row?.role ?? '?'}" may not create databases on the server at ${redact(url)}; the toolkit makes a template and a database per test.`,
      {
        fix: `Grant it (ALTER ROLE ${row?.role ?? '<role>'} CREATEDB), connect as a role that has it, or use the embedded server (--provider embedded; unset FLATRENDER_SEED_DATABASE_URL).`,
      },
    );
  }
}
