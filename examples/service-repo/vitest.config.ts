import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Starts one embedded PostgreSQL for the whole run and migrates the template database once.
    globalSetup: ['@flatrender/seed/vitest/global-setup'],
    // Test files run side by side, each in its own worker process with its own cloned database.
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 4,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
