import type { QueryResult, QueryResultRow } from 'pg';

/**
 * The narrowest database handle the toolkit needs: a `pg` Client, Pool or PoolClient all fit.
 *
 * @example
 * const pool = new pg.Pool({ connectionString });
 * await f.tenant.create(pool); // or a Client, or a PoolClient inside a transaction
 */
export interface Queryable {
  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
}

/**
 * Where a handle that is neither a pg Client nor a Pool (the vitest `db` fixture) keeps the Client
 * or Pool its queries run on, so bulk paths can run COPY on the same connection. A registered
 * symbol: it matches across copies of this package.
 *
 * @example
 * // A logging wrapper that keeps createList's COPY path:
 * const logged = { query: (text, values) => (log(text), client.query(text, values)), [COPY_VIA]: client };
 * await createFactories(logged).notification.createList(500);
 */
export const COPY_VIA: unique symbol = Symbol.for('@flatrender/seed.copyVia');
