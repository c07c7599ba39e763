import yargs from 'yargs';
import { cleanCommand } from './commands/clean.js';
import { codegenCommand } from './commands/codegen.js';
import { listCommand } from './commands/list.js';
import { markCommand } from './commands/mark.js';
import { migrateCommand } from './commands/migrate.js';
import { refreshCommand } from './commands/refresh.js';
import { resetCommand } from './commands/reset.js';
import { seedCommand } from './commands/seed.js';
import { upCommand } from './commands/up.js';
import { verifyCommand } from './commands/verify.js';
import { reportFailure } from './output.js';

export interface GlobalArgs {
  json?: boolean;
  quiet?: boolean;
  'show-password'?: boolean;
}

/**
 * Runs the `seed` CLI and returns its exit code (0 success, 1 user error, 2 toolkit bug, 128 + n
 * when a signal stopped a load after it put the database back).
 * Commands are thin: each parses its flags and calls the library function that does the work.
 */
export async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  try {
    await yargs(argv)
      .scriptName('seed')
      .usage(
        '$0 --scenario <name> [options]\n$0 <command> [options]\n\nFlatRender V2 test databases and seed data.',
      )
      .option('json', {
        type: 'boolean',
        describe: 'Print one JSON object on stdout; no progress output',
        global: true,
      })
      .option('quiet', { type: 'boolean', describe: 'No progress output', global: true })
      .option('show-password', {
        type: 'boolean',
        describe: 'Print URLs of your own server with their password (redacted otherwise)',
        global: true,
      })
      .command(seedCommand)
      .command(listCommand)
      .command(migrateCommand)
      .command(upCommand)
      .command(codegenCommand)
      .command(verifyCommand)
      .command(resetCommand)
      .command(refreshCommand)
      .command(markCommand)
      .command(cleanCommand)
      .strict()
      .recommendCommands()
      .help()
      .alias('h', 'help')
      .version()
      .wrap(Math.min(110, process.stdout.columns ?? 110))
      .fail((message, error, y) => {
        if (error) throw error;
        process.stderr.write(
          `${y.help() && ''}error: ${message}\nRun seed --help for the commands and options.\n`,
        );
        throw new UsageError(message);
      })
      .parseAsync();
    // A command that found problems (seed verify) sets process.exitCode itself.
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof UsageError) return 1;
    return reportFailure(error, json);
  }
}

class UsageError extends Error {}
