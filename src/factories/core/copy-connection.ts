import type pg from 'pg';
import { COPY_VIA, type Queryable } from '../../sql/queryable.js';

/** A connection COPY can run on, and how to give it back. */
export interface CopyConnection {
  readonly client: pg.ClientBase;
  /** True when it is the caller's own Client, which may be inside a transaction of theirs. */
  readonly callers: boolean;
  release(): void;
}

type Releasable = pg.ClientBase & { release?: (error?: Error) => void };

/** A pg Client/PoolClient (COPY on that very connection, inside its transaction if any). */
function isClient(handle: unknown): handle is pg.ClientBase {
  return typeof handle === 'object' && handle !== null && 'connection' in handle && 'query' in handle;
}

/** A pg Pool (COPY on a connection of its own, committed on its own). */
function isPool(handle: unknown): handle is pg.Pool {
  return (
    typeof handle === 'object' &&
    handle !== null &&
    'totalCount' in handle &&
    typeof (handle as pg.Pool).connect === 'function'
  );
}

export type CopyConnector = () => Promise<CopyConnection>;

/**
 * How to reach a connection for COPY from a query handle: the handle itself when it is a Client,
 * a pooled connection when it is a Pool, what it names under COPY_VIA (the vitest `db` fixture);
 * undefined for any other handle, which then takes the INSERT path.
 */
export function copyConnector(db: Queryable): CopyConnector | undefined {
  const handle = (db as { [COPY_VIA]?: unknown })[COPY_VIA] ?? db;
  if (isClient(handle)) return async () => ({ client: handle, callers: true, release: () => {} });
  if (isPool(handle)) {
    return async () => {
      const client: Releasable = await handle.connect();
      return { client, callers: false, release: () => client.release?.() };
    };
  }
  return undefined;
}
