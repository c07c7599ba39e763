import { describe, expect, test } from 'vitest';
import { createFactories } from '../../../src/factories/index.js';

// The DB-free part of test/integration/factories/render.test.ts.
const NOW = '2026-06-01T00:00:00Z';

describe('f.renderJob', () => {
  test('build() makes a coherent job without a database', () => {
    const offline = {
      query: () => {
        throw new Error('build() must not touch the database');
      },
    };
    const f = createFactories(offline, { seed: 3, now: NOW });
    const job = f.renderJob.running().build();
    expect(job.status).toBe('Running');
    expect(job.total_frames).toBe(Math.round(Number(job.duration_sec) * Number(job.fps)));
    expect(job.frames_done).toBeLessThan(job.total_frames);
    expect(f.export.build().render_job_id).toBeTypeOf('string');
    expect(f.frameJob.build().start_frame).toBe(0);
    const again = createFactories(offline, { seed: 3, now: NOW }).renderJob.running().build();
    expect(again).toEqual(job);
  });
});
