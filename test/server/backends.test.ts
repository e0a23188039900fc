// The server and sync suites run on SQLite, and on PostgreSQL when a server is given
// (vitest.config.ts). Without one this says so in the results, and on CI it fails:
// .ci/run starts a throwaway PostgreSQL, so a CI run without it lost half its coverage.
import { describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL } from '../helpers/test-backend';

describe('backends', () => {
  // Skipped (with the warning printed at start-up) only on a developer's machine without
  // PostgreSQL; on CI (CI=true, set by .ci/run) a missing server fails here.
  it.skipIf(!TEST_DATABASE_URL && !process.env.CI)(
    'PostgreSQL: runs the server and sync suites (needs XUNJIAN_TEST_DATABASE_URL; scripts/tools/pg-throwaway.sh starts a server)',
    () =>
      expect(TEST_DATABASE_URL, 'CI must set XUNJIAN_TEST_DATABASE_URL (.ci/run starts PostgreSQL)').toMatch(
        /^postgres(ql)?:\/\//,
      ),
  );
});
