import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';

function staticDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'xunjian-static-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>巡检</title><div id="root"></div></html>');
  writeFileSync(join(dir, 'sw.js'), 'self.x=1');
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
  return dir;
}

const app = createApp(loadConfig({ STATIC_DIR: staticDir(), LOG_LEVEL: 'silent' }), () => {});

describe('server', () => {
  it('answers /healthz', async () => {
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('serves the app shell for client-side routes, never for missing files', async () => {
    const route = await app.request('/i/abc/r/def');
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<div id="root">');
    expect((await app.request('/assets/missing.js')).status).toBe(404);
  });

  it('lets the service worker and index revalidate, and caches hashed assets forever', async () => {
    expect((await app.request('/sw.js')).headers.get('cache-control')).toBe('no-cache');
    expect((await app.request('/')).headers.get('cache-control')).toBe('no-cache');
    expect((await app.request('/assets/index-abc.js')).headers.get('cache-control')).toContain('immutable');
  });

  it('sends security headers with a CSP that allows only this origin', async () => {
    const res = await app.request('/');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    // Only directives every engine knows: WebKit lacks manifest-src (default-src covers it).
    expect(csp).not.toContain('manifest-src');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses bodies over the limit with a clear error', async () => {
    const res = await app.request('/healthz', { method: 'POST', body: 'x'.repeat(2 * 1024 * 1024) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: 'body-too-large' });
  });
});

describe('configuration', () => {
  it('has safe defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    expect(c.dataDir).toMatch(/data$/);
  });
  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });
});

describe('compression', () => {
  it('gzips text when the client accepts it', async () => {
    const dir = staticDir();
    const { writeFileSync: write } = await import('node:fs');
    write(join(dir, 'assets', 'big-abc.js'), 'console.log("巡检");\n'.repeat(2000));
    const local = createApp(loadConfig({ STATIC_DIR: dir, LOG_LEVEL: 'silent' }), () => {});
    const res = await local.request('/assets/big-abc.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect((await res.arrayBuffer()).byteLength).toBeLessThan(2000);
  });
});
