import type { CommandModule } from 'yargs';
import type { GlobalArgs } from '../main.js';

export const listCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'list',
  describe: 'List the scenarios with a one-line description',
  handler: async (args) => {
    const { scenarios } = await import('../../scenarios/registry.js');
    const { createOutput } = await import('../output.js');
    const out = createOutput(args);
    const all = [
      ...Object.values(scenarios),
      {
        name: 'load',
        description:
          'Bulk: many tenants of skewed sizes, ≈170k rows per --scale, by binary COPY from parallel workers',
        fills: [] as readonly string[],
      },
    ];
    out.result({ scenarios: all.map((s) => ({ name: s.name, description: s.description, fills: s.fills })) });
    const width = Math.max(...all.map((s) => s.name.length));
    for (const s of all) out.say(`${s.name.padEnd(width)}  ${s.description}`);
  },
};
