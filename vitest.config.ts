import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          // No PostgreSQL: no global setup. Some tests spawn the CLI from source (refused input, --help),
          // about a second of CPU each, so a busy machine needs more than vitest's default 5 s.
          include: ['test/unit/**/*.test.ts'],
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
