import solid from 'vite-plugin-solid';
import { defineConfig } from 'vitest/config';

/** The suites that talk to the server's database: they run once per backend. */
const BACKEND_SUITES = [
  'test/server/adversarial.test.ts',
  'test/server/batch-insert.test.ts',
  'test/server/blobs.test.ts',
  'test/server/concurrency.test.ts',
  'test/server/crash.test.ts',
  'test/server/migrate.test.ts',
  'test/server/review.test.ts',
  'test/server/sync.test.ts',
  'test/sync/**/*.test.ts',
];

const postgresUrl = process.env.XUNJIAN_TEST_DATABASE_URL;
if (!postgresUrl)
  // Never silently: test/server/backends.test.ts also shows it as a skipped test (and fails on CI).
  console.warn(
    '\n  ⚠ PostgreSQL run SKIPPED: XUNJIAN_TEST_DATABASE_URL is not set, so the server and sync suites ran on SQLite only.' +
      '\n    Start a throwaway server with `eval "$(bash scripts/pg-throwaway.sh start)"` and run the tests again.\n',
  );

export default defineConfig({
  plugins: [solid()],
  test: {
    environment: 'node',
    setupFiles: ['test/helpers/setup.ts'],
    projects: [
      {
        extends: true as const,
        test: {
          name: 'sqlite',
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: ['test/e2e/**', 'node_modules/**'],
          env: { XUNJIAN_TEST_BACKEND: 'sqlite' },
        },
      },
      ...(postgresUrl
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                include: BACKEND_SUITES,
                env: { XUNJIAN_TEST_BACKEND: 'postgres' },
                // Each suite creates its database and starts servers on it.
                testTimeout: 20_000,
                hookTimeout: 30_000,
              },
            },
          ]
        : []),
    ],
  },
});
