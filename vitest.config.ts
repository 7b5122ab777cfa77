import { defineConfig } from 'vitest/config';

// Unit tests are pure and fast; integration tests talk to the real local PostgreSQL and to the
// Metabase emulator over real HTTP. They are separate projects so each can be run alone.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.int.test.ts', 'test/e2e-docker/**'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.int.test.ts', 'test/e2e-docker/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Each integration file creates its own scratch database; two cores are all we have.
          maxWorkers: 2,
          // Integration files run after the unit tests, with their own worker limit.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
