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
