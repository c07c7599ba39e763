import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../options.js';
import { databaseUrlOption, migrationsOption } from '../options.js';

interface VerifyArgs extends GlobalArgs {
  'database-url'?: string;
  limit: number;
  migrations?: string;
}

export const verifyCommand: CommandModule<GlobalArgs, VerifyArgs> = {
  command: 'verify',
  describe:
    'Check soft references across services, tenant coherence, the documented invariants and missing keys (exit 1 on any violation)',
  builder: (yargs: Argv<GlobalArgs>) =>
    yargs
      .option('database-url', databaseUrlOption('The database to check'))
      .option('limit', {
        type: 'number',
        default: 20,
        describe: 'Report at most this many rows per rule and table',
      })
      .option('migrations', migrationsOption),
  handler: async (args) => {
    const { resolveConfig, resolveTarget } = await import('../../config/resolve-config.js');
    const { withClient } = await import('../../sql/with-client.js');
    const { verifyDatabase } = await import('../../verify/verify-database.js');
    const { missingDefinitionViolations } = await import('../../load/missing-definitions.js');
    const { assertMigrated } = await import('../../migrations/assert-migrated.js');
    const { announceTarget } = await import('../target.js');
    const { createOutput } = await import('../output.js');
    const out = createOutput(args);
    const config = resolveConfig({ migrations: args.migrations, verbose: args.verbose }, process.env);
    const target = announceTarget(
      out,
      resolveTarget({ databaseUrl: args['database-url'], command: 'verify' }, process.env),
      'Verifying',
    );
    out.progress('Checking keys, soft references, tenant coherence and invariants…');
    const violations = await withClient(target.url, async (client) => {
      await assertMigrated(client, target.database, {
        action: 'verify',
        migrationsDir: config.migrationsDir,
      });
      // Keys first: without them the other checks may pass on rows a key would have refused.
      return [
        ...(await missingDefinitionViolations(client)),
        ...(await verifyDatabase(client, { limit: args.limit })),
      ];
    });
    out.result({ ok: violations.length === 0, violations });
    if (violations.length === 0) {
      out.say(
        "No violations: every key, index and foreign key is in place, every soft reference resolves, every row is in its parent's tenant, all invariants hold.",
      );
      return;
    }
    for (const v of violations) out.say(`${v.table}.${v.column} ${v.id}: ${v.detail} [${v.rule}]`);
    // A rule and table that reached the limit may have more: say so, and how to see them.
    const shown = new Map<string, number>();
    for (const v of violations)
      shown.set(`${v.rule} ${v.table}`, (shown.get(`${v.rule} ${v.table}`) ?? 0) + 1);
    const cut = [...shown].filter(([, n]) => n >= args.limit).map(([key]) => key);
    out.say(
      cut.length === 0
        ? `${violations.length} violation(s).`
        : `${violations.length} violation(s) shown; ${cut.length} rule(s) reached --limit ${args.limit} and may have more (${cut.join(', ')}): pass a larger --limit to see them all.`,
    );
    process.exitCode = 1;
  },
};
