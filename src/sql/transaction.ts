import type { Queryable } from './queryable.js';

/**
 * Runs `work` as one transaction on `client`, which must be a dedicated connection (a Client or a
 * checked-out PoolClient, not a Pool): COMMIT when it returns, ROLLBACK when it throws, and the
 * error that made it throw is the one rethrown (a failed ROLLBACK on a broken connection is not).
 *
 * @example
 * const summary = await inTransaction(client, () => runScenario(client, 'reseller'));
 */
export async function inTransaction<T>(client: Queryable, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}
