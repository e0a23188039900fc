import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server';
import { referencedFiles, writeBuild } from '../helpers/static-build';

// A rebuild on a running server: deep links must get the new index.html at once, never
// a cached or stale one whose scripts answer 404 (a blank page until a restart).
describe('static files across a rebuild', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xunjian-static-'));
  const routes = ['/', '/login', '/i/some-id/r/room'];
  let server: RunningServer | undefined;

  beforeAll(async () => {
    writeBuild(dir, 'AAAA');
    server = await startServer({ STATIC_DIR: dir });
  }, 90_000);
  afterAll(() => server?.stop(), 60_000);

  const get = (path: string) => fetch(`${server!.url}${path}`);

  /** Every route answers `build`'s index.html, revalidated on each load, and all it loads is there. */
  async function expectShellOf(build: string): Promise<void> {
    for (const route of routes) {
      const res = await get(route);
      expect(res.status, route).toBe(200);
      expect(res.headers.get('cache-control'), route).toBe('no-cache');
      const html = await res.text();
      expect(html, route).toContain(`src="/assets/app-${build}.js"`);
      const files = referencedFiles(html);
      expect(files).toContain(`/assets/app-${build}.js`);
      for (const file of files) expect((await get(file)).status, file).toBe(200);
    }
  }

  it('serves the new build on every route without a restart', { timeout: 60_000 }, async () => {
    await expectShellOf('AAAA');
    writeBuild(dir, 'BBBB');
    await expectShellOf('BBBB');
    expect((await get('/assets/app-AAAA.js')).status).toBe(404);
  });

  it('answers 503 while index.html is absent, and keeps running', { timeout: 60_000 }, async () => {
    rmSync(join(dir, 'index.html'));
    for (const route of routes) {
      const res = await get(route);
      expect(res.status, route).toBe(503);
      expect(res.headers.get('cache-control'), route).toBe('no-store');
      expect(await res.text(), route).toContain('The app is being updated, retry');
    }
    expect((await get('/healthz')).status).toBe(200);
    writeBuild(dir, 'CCCC');
    await expectShellOf('CCCC');
  });

  it('keeps hashed assets immutable and a missing one an uncached 404', { timeout: 60_000 }, async () => {
    writeBuild(dir, 'DDDD');
    const present = await get('/assets/app-DDDD.js');
    expect(present.status).toBe(200);
    expect(present.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const missing = await get('/assets/missing-XXXX.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control')).toBeNull();
  });
});
