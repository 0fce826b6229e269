import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['tests/setup/region.ts'],
        },
      },
      {
        // Every store against SQLite, and against PostgreSQL and Redis when TEST_DATABASE_URL and
        // TEST_REDIS_URL are set (tests/setup/services.ts says which, in one line).
        test: {
          name: 'stores',
          include: ['tests/stores/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['tests/setup/region.ts'],
          globalSetup: ['tests/setup/services.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        // Server and browser tests share one production build and one running server (tests/setup/server.ts).
        test: {
          name: 'e2e',
          include: ['tests/server/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/setup/server.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // A page re-rendering after a tap can take over a second on a loaded 2-core machine (the
          // list's "more" did, in a full run beside two builds): 1 s, Vitest's default, is too tight.
          expect: { poll: { timeout: 5000 } },
        },
      },
    ],
  },
})
