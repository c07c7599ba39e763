import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../options.js';

interface CodegenArgs extends GlobalArgs {
  check?: boolean;
  out?: string;
  docs?: string;
  migrations?: string;
}

export const codegenCommand: CommandModule<GlobalArgs, CodegenArgs> = {
  command: 'codegen',
  describe:
    'Generate the row types (src/schema/generated/tables.ts) and the schema pages (docs/schema) from a freshly migrated database',
  builder: (yargs: Argv<GlobalArgs>) =>
    yargs
      .option('check', {
        type: 'boolean',
        describe: 'Fail (exit 1) if the file differs from what the migrations produce',
      })
      .option('out', {
        type: 'string',
        describe: "Where to write the module (default: the toolkit's own src/schema/generated/tables.ts)",
      })
      .option('docs', {
        type: 'string',
        describe:
          "Where to write the schema pages (Markdown with Mermaid ER diagrams; default: the toolkit's own docs/schema)",
      })
      .option('migrations', {
        type: 'string',
        describe: 'A folder of NN_name.sql files instead of the bundled ones',
      }),
  handler: async (args) => {
    const { resolveConfig } = await import('../../config/resolve-config.js');
    const { writeRowTypes } = await import('../../codegen/generate-row-types.js');
    const { createOutput } = await import('../output.js');
    const out = createOutput(args);
    out.progress('Migrating a throwaway database to read its schema…');
    const config = resolveConfig({ migrations: args.migrations, verbose: args.verbose }, process.env);
    const result = await writeRowTypes(config, { out: args.out, check: args.check, docs: args.docs });
    out.result(result);
    out.say(
      args.check
        ? `${result.path}${result.docs ? ` and ${result.docs}` : ''} match the migrations.`
        : result.changed
          ? `Wrote ${result.path}${result.docs ? ` and ${result.docs}` : ''}.`
          : `${result.path}${result.docs ? ` and ${result.docs}` : ''} were already up to date.`,
    );
  },
};
