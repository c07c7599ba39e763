import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { messageOf, SeedError } from '../errors.js';
import type { ProviderName } from '../server/started-server.js';
import { quoteIdent, redact } from './database-url.js';
import type { Queryable } from './queryable.js';

/**
 * Spare clones: copies of the template made ahead of time, so that a test database is a rename
 * (~0.3 ms) instead of a `FILE_COPY` clone (~20 ms, and a few times that when several run at once).
 * The process that owns the server keeps the stock (`stockSpares`); any process claims from it
 * (`claimSpare`) and tells the owner on a channel, which makes the next one in the background.
 * The same idea as IntegreSQL's pool of test databases.
 *
 * Only on servers the toolkit started (embedded, docker): stopping them deletes every spare. On a
 * server the user owns (url), a killed run would leave its spares behind, so there are none.
 */

/** The channel claimers notify, with the template's name as the payload. */
export const SPARES_CHANNEL = 'flatrender_seed_spares';

/** PostgreSQL cuts identifiers at 63 bytes; a spare's name must stay whole to be found by its prefix. */
const MAX_NAME_BYTES = 63;
const SUFFIX_HEX = 8;

/** `<template>_spare_`: every spare of a template, and nothing else, starts with it. */
export function sparePrefix(template: string): string {
  return `${template}_spare_`;
}

/** The number of spares to keep for a server: the configured count, but none on a server the user owns. */
export function spareClonesFor(provider: ProviderName, configured: number): number {
  return provider === 'url' ? 0 : configured;
}

/** Names of the spares of `template` on the server, in no particular order. */
export async function listSpares(admin: Queryable, template: string): Promise<string[]> {
  // starts_with, not LIKE: `_` is a LIKE wildcard, and template names are full of them.
  const { rows } = await admin.query<{ name: string }>(
    'SELECT datname AS name FROM pg_database WHERE starts_with(datname, $1)',
    [sparePrefix(template)],
  );
  return rows.map((row) => row.name);
}

/**
 * Renames one spare of `template` to `wantedName` and tells its owner, which makes another.
 * Returns false when there is none left (the caller clones instead). Another claimer may take a
 * spare first (it is gone: 3D000) and nobody should be connected to one (55006): either way the
 * next is tried, in a random order so that parallel claimers rarely want the same one. Other
 * errors (e.g. `wantedName` exists) are thrown.
 *
 * One statement: a DO block lists, renames and notifies in one round trip and one transaction, so
 * the owner hears of a claim only once it committed. Measured on 2 CPUs, four parallel claims took
 * ~3 ms this way against ~20 ms as three statements each (list, rename, notify).
 */
export async function claimSpare(admin: Queryable, template: string, wantedName: string): Promise<boolean> {
  const literal = (text: string) => pg.escapeLiteral(text);
  try {
    await admin.query(`DO $claim$
      DECLARE spare text;
      BEGIN
        FOR spare IN
          SELECT datname FROM pg_database WHERE starts_with(datname, ${literal(sparePrefix(template))}) ORDER BY random()
        LOOP
          BEGIN
            EXECUTE format('ALTER DATABASE %I RENAME TO %I', spare, ${literal(wantedName)});
            PERFORM pg_notify(${literal(SPARES_CHANNEL)}, ${literal(template)});
            RETURN;
          EXCEPTION WHEN invalid_catalog_name OR object_in_use THEN
            -- Taken by another claimer (or, against the rules, in use): try the next one.
            NULL;
          END;
        END LOOP;
        RAISE EXCEPTION 'no spare clone of % left', ${literal(template)} USING ERRCODE = 'no_data_found';
      END
    $claim$`);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === NO_DATA_FOUND) return false;
    throw error;
  }
}

const NO_DATA_FOUND = 'P0002';

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
