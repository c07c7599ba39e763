import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { messageOf, SeedError } from '../errors.js';
import { redact } from '../sql/database-url.js';
import { quoteIdent } from '../sql/identifiers.js';
import { listSpares, MAX_NAME_BYTES, SPARES_CHANNEL, SUFFIX_HEX, sparePrefix } from './spare-clones.js';

export interface StockSparesOptions {
  /** URL of the server's maintenance database (StartedServer.adminUrl). */
  readonly adminUrl: string;
  /** The template the spares are cloned from. */
  readonly template: string;
  /** How many spares to keep; 0 keeps none and opens no connection. */
  readonly size: number;
  /** Where the one line about a failure goes; stocking stops after it, clones still work. */
  readonly log?: (line: string) => void;
}

export interface SpareStock {
  /**
   * Resolves when the stock first reaches its size (benchmarks, tests); rejects if stocking stopped
   * before that. Nothing needs to wait for it: a claim finding no spare clones instead.
   */
  ready(): Promise<void>;
  /** Stops listening, waits for the spare being made (if any) and closes the connection. Never throws. */
  stop(): Promise<void>;
}

/**
 * Keeps `size` spares of `template` on the server, in the background, from now until `stop()`.
 * One dedicated connection listens on SPARES_CHANNEL and makes the spares one at a time, so that
 * refilling never takes more than one CPU from the tests; claims arriving while it works are picked
 * up by the same pass (it counts again before each clone). A failure is logged once and stops the
 * stocking: it never throws into the process.
 *
 * Call it only for a server whose spares are deleted with it (see spareClonesFor).
 *
 * @example
 * const stock = stockSpares({ adminUrl: server.adminUrl, template: server.template, size: 4 });
 * const db = await createTestDatabase({ adminUrl: server.adminUrl, template: server.template, spares: true });
 * await stock.stop();
 */
export function stockSpares(options: StockSparesOptions): SpareStock {
  const { adminUrl, template, size } = options;
  if (!Number.isInteger(size) || size < 0) {
    throw new SeedError('E_BAD_SPARE_CLONES', `Cannot keep ${size} spare clones of "${template}".`, {
      fix: 'Pass a whole number of spares (0 for none).',
    });
  }
  if (Buffer.byteLength(sparePrefix(template)) + SUFFIX_HEX > MAX_NAME_BYTES) {
    throw new SeedError(
      'E_BAD_SPARE_CLONES',
      `Cannot name spare clones of "${template}": "${sparePrefix(template)}" plus ${SUFFIX_HEX} characters is longer than PostgreSQL's ${MAX_NAME_BYTES}-byte names.`,
      { fix: 'Use a template with a shorter name (ensureTemplate() names are 31 characters).' },
    );
  }
  if (size === 0) return { ready: () => Promise.resolve(), stop: () => Promise.resolve() };

  let settleReady: { resolve: () => void; reject: (error: Error) => void } | undefined;
  const readyPromise = new Promise<void>((resolve, reject) => {
    settleReady = { resolve, reject };
  });
  // Nobody has to wait for ready(): its rejection must not count as unhandled.
  readyPromise.catch(() => {});

  const client = new pg.Client({
    connectionString: adminUrl,
    // Names the connection in pg_stat_activity (63 bytes at most).
    application_name: `flatrender-seed spares ${template}`.slice(0, MAX_NAME_BYTES),
    connectionTimeoutMillis: 10_000,
  });
  let listening = false;
  let stopped = false;
  let failed = false;
  /** Set by a claim's notification: the fill pass must count again before it ends. */
  let wanted = true;
  let pass: Promise<void> | undefined;
  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= client.end().catch(() => {});
    return closed;
  };

  const fail = (error: unknown) => {
    if (failed || stopped) return;
    failed = true;
    options.log?.(
      `Stopped making spare clones of template "${template}" on ${redact(adminUrl)}: ${messageOf(error)}. Test databases are cloned when asked for instead (slower, nothing else changes). Fix: check the server log; FLATRENDER_SEED_SPARE_CLONES=0 turns spare clones off.`,
    );
    settleReady?.reject(
      new SeedError('E_SPARES', `Stopped making spare clones of "${template}": ${messageOf(error)}.`, {
        cause: error,
      }),
    );
    void close();
  };

  const fill = async () => {
    while (wanted && !stopped && !failed) {
      wanted = false;
      for (;;) {
        if (stopped || failed) return;
        const have = (await listSpares(client, template)).length;
        if (stopped || failed) return;
        if (have >= size) {
          settleReady?.resolve();
          break;
        }
        const name = sparePrefix(template) + randomBytes(SUFFIX_HEX / 2).toString('hex');
        // Invisible to claimers until it commits, so a half-made spare is never taken.
        await client.query(
          `CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)} STRATEGY FILE_COPY`,
        );
      }
    }
  };

  const kick = () => {
    wanted = true;
    if (pass || !listening || stopped || failed) return;
    pass = fill()
      .catch(fail)
      .finally(() => {
        pass = undefined;
        if (wanted) kick();
      });
  };

  client.on('error', fail);
  client.on('notification', (message) => {
    if (message.channel === SPARES_CHANNEL && message.payload === template) kick();
  });
  const started = (async () => {
    await client.connect();
    await client.query(`LISTEN ${SPARES_CHANNEL}`);
    listening = true;
    kick();
  })().catch(fail);

  let stopping: Promise<void> | undefined;
  return {
    ready: () => readyPromise,
    stop() {
      stopping ??= (async () => {
        stopped = true;
        settleReady?.reject(new SeedError('E_SPARES', `Stopped making spare clones of "${template}".`));
        await started;
        await pass;
        await close();
      })();
      return stopping;
    },
  };
}
