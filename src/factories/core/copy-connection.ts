import pg from 'pg';
import type { Queryable } from '../../sql/queryable.js';

/** A connection COPY can run on, and how to give it back. */
export interface CopyConnection {
  readonly client: pg.ClientBase;
  /** True when it is the caller's own Client, which may be inside a transaction of theirs. */
  readonly callers: boolean;
  release(): void;
}

type Releasable = pg.ClientBase & { release?: (error?: Error) => void };

export type CopyConnector = () => Promise<CopyConnection>;

/**
 * How to reach a connection for COPY from a query handle: the handle itself when it is a pg
 * Client (or PoolClient), a pooled connection when it is a Pool, the one it declares as `copyVia`
 * (the vitest `db` fixture); undefined for any other handle, which then takes the INSERT path.
 * Recognised by class (pg's public exports, no duck typing): a Client or Pool of another copy of
 * `pg` (a different version than the toolkit's) is not recognised and takes the INSERT path,
 * slower but the same rows.
 */
export function copyConnector(db: Queryable): CopyConnector | undefined {
  const handle: unknown = db.copyVia ?? db;
  if (handle instanceof pg.Client) return async () => ({ client: handle, callers: true, release: () => {} });
  if (handle instanceof pg.Pool) {
    return async () => {
      const client: Releasable = await handle.connect();
      return { client, callers: false, release: () => client.release?.() };
    };
  }
  return undefined;
}
