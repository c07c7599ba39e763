import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          // No PostgreSQL, no child processes: `npm run test:unit` runs in seconds.
          include: ['test/unit/**/*.test.ts'],
          exclude: ['test/unit/**/*.process.test.ts'],
        },
      },
      {
        test: {
          name: 'process',
          // Still no PostgreSQL (no global setup), but each test starts the CLI as a process from the
          // sources (refused input, --help, did-you-mean): about a second of CPU each, so a busy
          // machine needs more than vitest's default 5 s.
          include: ['test/unit/**/*.process.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // Dogfood: the toolkit's own global setup starts the server these tests use.
          globalSetup: ['./src/vitest/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
