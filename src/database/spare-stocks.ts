import pg from 'pg';
import { TOOLKIT_COMMENT } from '../migrations/template-database.js';
import { SPARES_CHANNEL } from './spare-clones.js';
import { type SpareStock, stockSpares } from './spare-stock.js';

export interface SpareStocksOptions {
  readonly adminUrl: string;
  /** Stocked from the start (the migrated template). */
  readonly templates: readonly string[];
  /** Spares per template. */
  readonly size: number;
  readonly log?: (line: string) => void;
}

/** Spare stocks of several templates, started as they are asked for. */
export interface SpareStocks {
  /** The stock of the first template (the migrated one): benchmarks and tests wait for it. */
  readonly first: SpareStock | undefined;
  /** Templates stocked so far. */
  templates(): string[];
  stop(): Promise<void>;
}

/**
 * Keeps spares of the migrated template from the start and, from the first time a test asks for
 * one (a clone that found none notifies SPARES_CHANNEL with the template's name, see
 * createTestDatabase), of every other template of the toolkit's on the server: the seeded templates
 * test files build when they need a world. Each template gets its own stockSpares (one connection,
 * one spare at a time). A notification naming anything but a template the toolkit made is ignored.
 *
 * @example
 * const stocks = stockSparesOnDemand({ adminUrl, templates: [server.template], size: 4 });
 * await stocks.stop();
 */
export function stockSparesOnDemand(options: SpareStocksOptions): SpareStocks {
  const stocks = new Map<string, SpareStock>();
  const start = (template: string) => {
    if (stocks.has(template)) return;
    stocks.set(
      template,
      stockSpares({ adminUrl: options.adminUrl, template, size: options.size, log: options.log }),
    );
  };
  for (const template of options.templates) start(template);
  let stopped = false;
  const listener = new pg.Client({
    connectionString: options.adminUrl,
    application_name: 'flatrender-seed spares (new templates)',
    connectionTimeoutMillis: 10_000,
  });
  listener.on('error', () => {});
  const checking = new Set<string>();
  listener.on('notification', (message) => {
    const template = message.payload;
    if (message.channel !== SPARES_CHANNEL || !template || stocks.has(template) || checking.has(template))
      return;
    checking.add(template);
    listener
      .query<{ ok: boolean }>(
        `SELECT datistemplate AND starts_with(coalesce(shobj_description(oid, 'pg_database'), ''), $2) AS ok
           FROM pg_database WHERE datname = $1`,
        [template, TOOLKIT_COMMENT],
      )
      .then(({ rows }) => {
        if (rows[0]?.ok && !stopped) start(template);
      })
      .catch(() => {})
      .finally(() => checking.delete(template));
  });
  const listening = (async () => {
    await listener.connect();
    await listener.query(`LISTEN ${SPARES_CHANNEL}`);
  })().catch((error) =>
    options.log?.(`Spare clones of new templates will not be made: ${(error as Error).message}`),
  );
  return {
    first: options.templates[0] ? stocks.get(options.templates[0]) : undefined,
    templates: () => [...stocks.keys()],
    async stop() {
      stopped = true;
      await listening;
      await listener.end().catch(() => {});
      await Promise.all([...stocks.values()].map((stock) => stock.stop()));
    },
  };
}
