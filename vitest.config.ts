import solid from 'vite-plugin-solid';
import { defineConfig } from 'vitest/config';

/** The suites that talk to the server's database: they run once per backend. */
const BACKEND_SUITES = [
  'test/server/adversarial.test.ts',
  'test/server/batch-insert.test.ts',
  'test/server/blobs.test.ts',
  'test/server/concurrency.test.ts',
  'test/server/crash.test.ts',
  'test/server/durable.test.ts',
  'test/server/migrate.test.ts',
  'test/server/nul.test.ts',
  'test/server/review.test.ts',
  'test/server/scope.test.ts',
  'test/server/history.test.ts',
  'test/server/login-throttle.test.ts',
  'test/server/security.test.ts',
  'test/server/wire-bounds.test.ts',
  'test/server/sync.test.ts',
  'test/sync/**/*.test.ts',
];

/**
 * Suites that start a process (the server, a CLI, pdftotext, ImageMagick) or a heavy
 * render: on a busy 2-core machine their hooks and tests take many seconds, so they get
 * timeouts that fit what they do. Every other unit test keeps Vitest's 5 s, so a unit
 * test that hangs is still caught quickly.
 */
const PROCESS_SUITES = [
  ...BACKEND_SUITES,
  'test/server/tls.test.ts',
  'test/server/static-rebuild.test.ts',
  'test/server/shutdown.test.ts',
  'test/shared/checklist-cli.test.ts',
  'test/report/record-pdf.test.ts',
  'test/report/text-layer.test.ts',
  'test/report/jspdf-patch.test.ts',
  'test/report/build-fonts.test.ts',
];
/** Starting a server or a CLI on a loaded machine: seconds, not milliseconds. */
const PROCESS_TIMEOUTS = { testTimeout: 60_000, hookTimeout: 90_000 };

const postgresUrl = process.env.XUNJIAN_TEST_DATABASE_URL;
if (!postgresUrl)
  // Never silently: test/server/backends.test.ts also shows it as a skipped test (and fails on CI).
  console.warn(
    '\n  ⚠ PostgreSQL run SKIPPED: XUNJIAN_TEST_DATABASE_URL is not set, so the server and sync suites ran on SQLite only.' +
      '\n    Start a throwaway server with `eval "$(bash scripts/tools/pg-throwaway.sh start)"` and run the tests again.\n',
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
          name: 'unit',
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: ['test/e2e/**', 'node_modules/**', ...PROCESS_SUITES],
          env: { XUNJIAN_TEST_BACKEND: 'sqlite' },
        },
      },
      {
        extends: true as const,
        test: {
          name: 'sqlite',
          include: PROCESS_SUITES,
          env: { XUNJIAN_TEST_BACKEND: 'sqlite' },
          ...PROCESS_TIMEOUTS,
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
                // Each suite also creates its database before it starts servers on it.
                ...PROCESS_TIMEOUTS,
              },
            },
          ]
        : []),
    ],
  },
});
