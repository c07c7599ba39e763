import type { CommandModule } from 'yargs';
import type { GlobalArgs } from '../options.js';

export const listCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'list',
  describe:
    'List the scenarios (built-in ones and those of flatrender-seed.config.*) with a one-line description',
  handler: async (args) => {
    const { scenarioCatalog } = await import('../../seeding/scenario-catalog.js');
    const { createOutput } = await import('../output.js');
    const out = createOutput(args);
    const all = await scenarioCatalog();
    out.result({
      scenarios: all.map((s) => ({
        name: s.name,
        description: s.description,
        fills: s.fills,
        kind: s.kind,
        origin: s.origin,
      })),
    });
    const { alignColumns } = await import('../text-width.js');
    const rows = all.map((s) => [
      s.name,
      `${s.description}${s.origin === 'built-in' ? '' : `  (${s.origin})`}${s.refuses('refresh') ? ' (seed only: refresh cannot use it, see seed refresh --help)' : ''}`,
    ]);
    for (const line of alignColumns(rows, '')) out.say(line);
  },
};
