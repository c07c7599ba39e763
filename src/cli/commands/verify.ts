import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../main.js';
import { databaseUrlOption } from '../options.js';

interface VerifyArgs extends GlobalArgs {
  'database-url': string;
  limit: number;
}

export const verifyCommand: CommandModule<GlobalArgs, VerifyArgs> = {
  command: 'verify',
  describe:
    'Check soft references across services, tenant coherence and the documented invariants (exit 1 on any violation)',
  builder: (yargs: Argv<GlobalArgs>) =>
    yargs.option('database-url', databaseUrlOption('The database to check')).option('limit', {
      type: 'number',
      default: 20,
      describe: 'Report at most this many rows per rule and table',
    }),
  handler: async (args) => {
    const { withClient } = await import('../with-client.js');
    const { verifyDatabase } = await import('../../verify/verify-database.js');
    const { createOutput } = await import('../output.js');
    const out = createOutput(args);
    out.progress('Checking soft references, tenant coherence and invariants…');
    const violations = await withClient(args['database-url'], (client) =>
      verifyDatabase(client, { limit: args.limit }),
    );
    out.result({ ok: violations.length === 0, violations });
    if (violations.length === 0) {
      out.say(
        "No violations: every soft reference resolves, every row is in its parent's tenant, all invariants hold.",
      );
      return;
    }
    for (const v of violations) out.say(`${v.table}.${v.column} ${v.id}: ${v.detail} [${v.rule}]`);
    out.say(`${violations.length} violation(s).`);
    process.exitCode = 1;
  },
};
