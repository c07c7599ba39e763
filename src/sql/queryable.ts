import type pg from 'pg';
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
  /**
   * For a handle that is not itself a pg Client, PoolClient or Pool (the vitest `db` fixture, a
   * logging wrapper): the one its queries run on, so the bulk paths (createList at scale) can run
   * COPY there. Without it such a handle takes the INSERT path.
   *
   * @example
   * const logged = { query: (text, values) => (log(text), client.query(text, values)), copyVia: client };
   * await createFactories(logged).notification.createList(500);
   */
  readonly copyVia?: pg.ClientBase | pg.Pool;
}
