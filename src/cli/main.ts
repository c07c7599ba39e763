import type { Argv, CommandModule } from 'yargs';
import yargs from 'yargs';
import { closestNames } from '../did-you-mean.js';
import { toolkitVersion } from '../version.js';
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
import type { GlobalArgs } from './options.js';
import { reportFailure } from './output.js';

/** The commands in --help order; `$0` is `seed --scenario …`. */
// biome-ignore lint/suspicious/noExplicitAny: each command module has its own argument type
const commands: CommandModule<GlobalArgs, any>[] = [
  seedCommand,
  listCommand,
  migrateCommand,
  upCommand,
  codegenCommand,
  verifyCommand,
  resetCommand,
  refreshCommand,
  markCommand,
  cleanCommand,
];

const GLOBAL_FLAGS = ['json', 'quiet', 'verbose', 'show-password', 'help', 'version'];

/** The name a command is typed by (`seed` for the default one). */
function nameOf(command: CommandModule<GlobalArgs, unknown>): string {
  const name = String(command.command ?? '').split(' ')[0] ?? '';
  return name === '$0' ? 'seed' : name;
}

/** The flags a command takes (its own and the global ones), read from its builder. */
function flagsOf(command: CommandModule<GlobalArgs, unknown>): string[] {
  const probe = yargs([]) as unknown as Argv<GlobalArgs>;
  if (typeof command.builder === 'function') command.builder(probe);
  const own = Object.keys((probe as unknown as { getOptions(): { key: object } }).getOptions().key);
  return [...new Set([...own, ...GLOBAL_FLAGS])];
}

/**
 * yargs says "Unknown argument: lst"; this adds what the user probably meant: a command for a
 * word, a flag of that command for a --flag.
 */
export function suggestFor(message: string, argv: readonly string[]): string {
  const unknown = /^Unknown arguments?: (.+)$/.exec(message)?.[1]?.split(', ');
  if (!unknown) return '';
  const commandNames = commands.map(nameOf).filter((n) => n !== 'seed');
  const typed = argv.find((a) => !a.startsWith('-'));
  const command = commands.find((c) => nameOf(c) === typed) ?? seedCommand;
  const hints: string[] = [];
  for (const name of unknown) {
    const asFlag = argv.some((a) => a === `--${name}` || a.startsWith(`--${name}=`) || a === `-${name}`);
    if (asFlag) {
      const close = closestNames(name, flagsOf(command));
      const usage = nameOf(command) === 'seed' ? 'seed' : `seed ${nameOf(command)}`;
      hints.push(
        close.length
          ? `--${name}: did you mean ${close.map((c) => `--${c}`).join(' or ')}? (${usage} --help lists its options)`
          : `--${name} is not an option of ${usage} (${usage} --help lists them)`,
      );
    } else {
      const close = closestNames(name, commandNames);
      hints.push(
        close.length
          ? `${name}: did you mean seed ${close.join(' or seed ')}?`
          : `${name} is not a command (the commands: ${commandNames.join(', ')}, completion)`,
      );
    }
  }
  return hints.map((h) => `${h}\n`).join('');
}

/**
 * Runs the `seed` CLI and returns its exit code (0 success, 1 user error, 2 toolkit bug, 128 + n
 * when a signal stopped a load after it put the database back).
 * Commands are thin: each parses its flags and calls the library function that does the work.
 */
export async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  // `seed list | head -2`: the reader left; what is left to print has nobody to read it.
  process.stdout.on('error', ignoreClosedPipe);
  try {
    let cli = yargs(argv)
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
      .option('verbose', {
        type: 'boolean',
        describe: "Progress output even off a terminal, and the migration runner's own log",
        global: true,
      })
      .option('show-password', {
        type: 'boolean',
        describe: 'Print URLs of your own server with their password (redacted otherwise)',
        global: true,
      }) as unknown as Argv<GlobalArgs>;
    for (const command of commands) cli = cli.command(command);
    await cli
      .completion('completion', 'Print a bash/zsh completion script (seed completion >> ~/.bashrc)')
      .strict()
      .recommendCommands()
      .help()
      .alias('h', 'help')
      // The toolkit's own version: yargs' default reads the package.json nearest the working folder.
      .version(toolkitVersion)
      .wrap(Math.min(110, process.stdout.columns ?? 110))
      .fail((message, error) => {
        if (error) throw error;
        process.stderr.write(
          `error: ${message}\n${suggestFor(message, argv)}Run seed --help for the commands and options.\n`,
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

function ignoreClosedPipe(error: NodeJS.ErrnoException): void {
  if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
  throw error;
}

class UsageError extends Error {}
