import { describe, expect } from 'vitest';
import { runLoad } from '../../../src/load/run-load.js';
import { verifyDatabase } from '../../../src/verify/verify-database.js';
import { createSeedTest } from '../../../src/vitest/index.js';

const test = createSeedTest({ isolation: 'test' });

describe('runLoad: a database seed verify accepts', () => {
  test(
    'verifyDatabase finds no violation on a load --scale 1 database',
    { timeout: 300_000 },
    async ({ db }) => {
      const result = await runLoad({ databaseUrl: db.url }, { scale: 1, seed: 1 });
      expect(result.rows).toBeGreaterThan(90_000);
      expect(await verifyDatabase(db, { limit: 5 })).toEqual([]);

      const { rows } = await db.query<{ status: string; n: number }>(
        'SELECT status::text, count(*)::int AS n FROM render.render_jobs GROUP BY 1 ORDER BY 1',
      );
      // The invariants above are not vacuous: every status is there.
      expect(rows.map((r) => r.status)).toEqual(['Cancelled', 'Completed', 'Failed', 'Queued', 'Running']);
      const parked = await db.query<{ n: number }>(
        `SELECT (SELECT count(*) FROM identity.tenant_api_request_logs_default)
            + (SELECT count(*) FROM render.node_health_logs_default) AS n`,
      );
      expect(Number(parked.rows[0]!.n)).toBe(0);
    },
  );
});
