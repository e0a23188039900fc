import { defineConfig } from 'vitest/config';

// End-to-end tests drive the production build (dist/) served by the real server, in
// Debian's headless Chromium. Run `npm run build` first (`npm test` does).
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One Chromium at a time: the CI machine has 2 cores.
    fileParallelism: false,
  },
});
