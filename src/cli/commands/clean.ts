import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../options.js';
import { migrationsOption, yesOption } from '../options.js';

interface CleanArgs extends GlobalArgs {
  'database-url'?: string;
  all?: boolean;
  yes?: boolean;
  migrations?: string;
}

/** One line of `seed clean`'s list. */
interface Item {
  readonly what: string;
  readonly kind: string;
  readonly inUse: boolean;
  readonly size?: string;
}

export const cleanCommand: CommandModule<GlobalArgs, CleanArgs> = {
  command: 'clean',
  describe:
    'List what the toolkit left in its data folder (or, with a URL, on that server) and remove it after asking',
  builder: (yargs: Argv<GlobalArgs>) =>
    yargs
      .option('database-url', {
        type: 'string',
        describe:
          'Clean a server instead: the templates, spare clones, kept test databases and served databases the toolkit made on it',
        defaultDescription: '$FLATRENDER_SEED_DATABASE_URL; else the embedded data folder',
      })
      .option('all', {
        type: 'boolean',
        describe: 'Data folder: also the cache entry and binaries copy in use (the next start rebuilds them)',
      })
      .option('yes', yesOption)
      .option('migrations', migrationsOption)
      .example('$0 clean', 'list what the data folder holds beyond the current cache, ask, remove')
      .example(
        '$0 clean --database-url postgresql://me@db.internal/postgres --yes',
        'remove the toolkit’s databases from a server',
      ),
  handler: async (args) => {
    const { resolveConfig } = await import('../../config/resolve-config.js');
    const { createOutput } = await import('../output.js');
    const { confirmRemoval } = await import('../confirm.js');
    const out = createOutput(args);
    const config = resolveConfig(
      {
        databaseUrl: args['database-url'],
        migrations: args.migrations,
        yes: args.yes,
        verbose: args.verbose,
      },
      process.env,
    );
    const items: Item[] = [];
    let remove: () => Promise<string[]>;
    let where: string;
    if (config.databaseUrl) {
      const { withDatabase, redact } = await import('../../sql/database-url.js');
      const { withClient } = await import('../../sql/with-client.js');
      const { listServerLeftovers, dropLeftover } = await import('../../database/served-databases.js');
      const adminUrl = withDatabase(config.databaseUrl, 'postgres');
      where = `the server at ${redact(adminUrl)} (from ${config.databaseUrlFrom})`;
      const leftovers = await withClient(adminUrl, (admin) => listServerLeftovers(admin, adminUrl));
      for (const l of leftovers) items.push({ what: l.name, kind: l.kind, inUse: l.inUse });
      remove = () =>
        withClient(adminUrl, async (admin) => {
          const removed: string[] = [];
          // Clones before templates: a template with a clone being made from it cannot be dropped.
          for (const l of [...leftovers].sort(
            (a, b) => Number(a.kind === 'template') - Number(b.kind === 'template'),
          )) {
            if (!l.inUse && (await dropLeftover(admin, l))) removed.push(l.name);
          }
          return removed;
        });
    } else {
      const { embeddedOptions } = await import('../../server/start-server.js');
      const { currentCacheKey } = await import('../../server/embedded/embedded-provider.js');
      const { listDataRootLeftovers, removeDataRootLeftover } = await import(
        '../../server/embedded/data-root-leftovers.js'
      );
      const embedded = embeddedOptions(config);
      const root = embedded.dataRoot;
      where = `the data folder ${root}`;
      const currentKey = await currentCacheKey(embedded).catch(() => undefined);
      const leftovers = await listDataRootLeftovers(root, { all: args.all === true, currentKey });
      for (const l of leftovers) {
        items.push({
          what: l.path,
          kind: l.kind === 'server' && !l.inUse ? 'server of a killed run' : l.kind,
          inUse: l.inUse,
          size: `${(l.kilobytes / 1024).toFixed(1)} MB`,
        });
      }
      remove = async () => {
        const removed: string[] = [];
        for (const l of leftovers) {
          if (l.inUse) continue;
          await removeDataRootLeftover(l);
          removed.push(l.path);
        }
        return removed;
      };
    }

    const removable = items.filter((i) => !i.inUse);
    out.say(items.length === 0 ? `Nothing the toolkit left in ${where}.` : `In ${where}, the toolkit left:`);
    for (const item of items) {
      out.say(
        `  ${item.inUse ? 'in use, kept' : 'remove      '}  ${item.kind.padEnd(24)} ${item.what}${item.size ? `  (${item.size})` : ''}`,
      );
    }
    let removed: string[] = [];
    if (removable.length > 0 && (await confirmRemoval(`Remove these ${removable.length}?`, config.yes))) {
      removed = await remove();
      out.say(`Removed ${removed.length} of ${removable.length}.`);
    } else if (removable.length > 0) {
      out.say('Nothing was removed. Run seed clean --yes to remove them.');
    }
    out.result({ where, items, removed });
  },
};
