import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The examples import Roster as a user does (roster/testing, roster/client); in the test run
// they import the sources, so they need no build.
const alias = {
  'roster/testing': fileURLToPath(new URL('./src/testing/index.ts', import.meta.url)),
  'roster/client': fileURLToPath(new URL('./src/client/index.ts', import.meta.url)),
};

export default defineConfig({
  test: {
    // Picks (and starts, when needed) the PostgreSQL and Redis of the run; see test/global-setup.ts.
    globalSetup: ['test/global-setup.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts', 'examples/**/*.vitest.test.ts'],
          exclude: ['test/reliability/**'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        // Slow suites that start real processes, inject faults and fuzz; each is bounded in time.
        test: {
          name: 'reliability',
          include: ['test/reliability/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 180_000,
          pool: 'forks',
          fileParallelism: false,
        },
      },
    ],
  },
});
