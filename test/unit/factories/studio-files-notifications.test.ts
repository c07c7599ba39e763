import { describe, expect, test } from 'vitest';
import { createFactories } from '../../../src/factories/index.js';
import type { Queryable } from '../../../src/sql/queryable.js';

// The DB-free part of test/integration/factories/studio-files-notifications.test.ts.
const NOW = '2026-06-01T00:00:00Z';

describe('every studio, file_mgr and notification factory', () => {
  test('build() makes rows without a database', () => {
    const offline: Queryable = {
      query: () => {
        throw new Error('build() must not touch the database');
      },
    };
    const f = createFactories(offline, { seed: 3, now: NOW });
    const saved = f.savedProject.withVoiceover().build();
    expect(saved.voiceover_url).toMatch(/^minio:\/\/voiceovers\//);
    const file = f.file.video().build();
    expect(file.object_key).toContain(String(file.id));
    expect(f.notificationDelivery.delivered().build().status).toBe('Delivered');
  });
});
