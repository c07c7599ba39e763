import { describe, expect } from 'vitest';
import { deferIndexes, restoreIndexes } from '../../../src/load/deferred-indexes.js';
import { LOADED_TABLES } from '../../../src/load/load-order.js';
import { runLoad } from '../../../src/load/run-load.js';
import { createSeedTest } from '../../../src/vitest/index.js';
import { catalogDefinitions } from '../../support/load-databases.js';

const test = createSeedTest({ isolation: 'test' });
const tables = LOADED_TABLES.map((t) => t.name);

describe('deferred indexes', () => {
  test('a COPY load leaves every index and constraint of the schema as it found it', async ({ db }) => {
    const before = await catalogDefinitions(db);
    await runLoad({ databaseUrl: db.url }, { scale: 0.02, workers: 2, seed: 5 });
    const after = await catalogDefinitions(db);
    // The load adds monthly partitions (with their own indexes); everything that existed is unchanged.
    const partition =
      /^(index|constraint) (identity\.tenant_api_request_logs|render\.node_health_logs)_20\d\d_\d\d /;
    expect(after.filter((line) => !partition.test(line) || before.includes(line))).toEqual(before);
    expect(after.length).toBeGreaterThan(before.length);
  });

  test('defers the secondary indexes and foreign keys of empty tables only, and restores them exactly', async ({
    db,
  }) => {
    // A table whose autovacuum setting is the schema's own keeps it (the load turns the others off).
    await db.query('ALTER TABLE render.frame_repair_jobs SET (autovacuum_enabled = true)');
    const before = await catalogDefinitions(db);
    await db.query(`INSERT INTO render.nodes (name, hmac_secret_encrypted) VALUES ('thr-ae-99', '\\x00')`);
    const deferred = await deferIndexes(db, tables);
    expect(deferred.autovacuumOff).toContain('render.render_jobs');
    expect(deferred.autovacuumOff).not.toContain('render.frame_repair_jobs');
    expect(deferred.tables).not.toContain('render.nodes');
    // identity.tenants holds the platform tenant the migrations insert.
    expect(deferred.tables).not.toContain('identity.tenants');
    expect(deferred.tables).toContain('render.render_jobs');
    expect(deferred.indexes.map((i) => i.name)).toContain('render.idx_render_jobs_status_priority_queued_at');
    expect(deferred.indexes.map((i) => i.name)).not.toContain('render.idx_nodes_name');
    expect(deferred.foreignKeys.map((k) => `${k.table} ${k.name}`)).toContain(
      'render.frame_jobs frame_jobs_render_job_id_fkey',
    );
    const during = await catalogDefinitions(db);
    for (const index of deferred.indexes) {
      expect(during.some((line) => line.includes(` ${index.name.split('.')[1]} valid=`))).toBe(false);
    }
    expect(during.some((line) => line.includes(' frame_jobs_render_job_id_fkey f '))).toBe(false);
    // Keys of the empty tables go too, and so do the foreign keys elsewhere that point at them.
    expect(deferred.keys.map((k) => `${k.table} ${k.name}`)).toContain('render.render_jobs render_jobs_pkey');
    expect(during.some((line) => line.includes(' render_jobs_pkey p '))).toBe(false);
    expect(deferred.foreignKeys.map((k) => `${k.table} ${k.name}`)).toContain(
      'identity.payments payments_user_id_fkey',
    );
    expect(during).toContain('options render.render_jobs: {autovacuum_enabled=false}');
    expect(during).toContain('options identity.tenant_api_request_logs_default: {autovacuum_enabled=false}');
    expect(during).toContain('options render.frame_repair_jobs: {autovacuum_enabled=true}');
    // The tables that were not empty keep theirs.
    expect(during.some((line) => line.includes(' tenants_pkey p '))).toBe(true);
    expect(during.some((line) => line.includes(' nodes_pkey p '))).toBe(true);

    await restoreIndexes([db], deferred);
    expect(await catalogDefinitions(db)).toEqual(before);
  });

  test('a rule the loaded rows break fails the rebuild, names it, and restores everything else', async ({
    db,
  }) => {
    const before = await catalogDefinitions(db);
    const deferred = await deferIndexes(db, ['render.render_jobs', 'render.frame_jobs']);
    await db.query(
      `INSERT INTO render.frame_jobs (render_job_id, tenant_id, chunk_index, start_frame, end_frame)
       VALUES (gen_random_uuid(), gen_random_uuid(), 0, 0, 10)`,
    );
    await expect(restoreIndexes([db], deferred)).rejects.toThrow(/frame_jobs_render_job_id_fkey/);
    await db.query('DELETE FROM render.frame_jobs');
    await db.query(`ALTER TABLE render.frame_jobs VALIDATE CONSTRAINT frame_jobs_render_job_id_fkey`);
    expect(await catalogDefinitions(db)).toEqual(before);
  });
});
