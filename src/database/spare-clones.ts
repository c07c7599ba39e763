import pg from 'pg';
import type { ProviderName } from '../config/provider-names.js';
import type { Queryable } from '../sql/queryable.js';

/**
 * Spare clones: copies of the template made ahead of time, so that a test database is a rename
 * (~1 ms, the rename itself ~0.3 ms) instead of a `FILE_COPY` clone (~23 ms, ~50 ms for four at once).
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
export const MAX_NAME_BYTES = 63;
export const SUFFIX_HEX = 8;

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
 * ~3 ms this way against ~20–40 ms as three statements each (list, rename, notify).
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

/**
 * Tells the process that keeps spares on this server that `template` has none left: for a
 * template it already stocks, the same as a claim's notification (make the next one); for a new
 * one (a seeded template a test file just built), it starts stocking it (see stockSparesOnDemand).
 */
export async function askForSpares(admin: Queryable, template: string): Promise<void> {
  await admin.query('SELECT pg_notify($1, $2)', [SPARES_CHANNEL, template]);
}
