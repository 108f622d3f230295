import { defineConfig } from 'vitest/config'

// Unit and integration tests (the browser test is Playwright's: e2e/). Every test that touches data
// runs against a real database prepared once per run by tests/global-setup.ts: the embedded PGlite,
// or a fresh database on the PostgreSQL server named by DATABASE_URL.
export default defineConfig({
  root: '.',
  test: {
    include: ['server/**/*.test.ts', 'tests/**/*.test.ts', 'common/**/*.test.ts', 'web/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    pool: 'forks',
    // Files share one database and one job queue: a file's drainJobs would run (and, with its own
    // channel adapters, fail) another file's jobs. One file at a time keeps every test independent.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    env: { TZ: 'UTC' },
  },
})
