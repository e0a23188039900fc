import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { writeBuild } from '../helpers/static-build';

function appOver(build: string) {
  const dir = mkdtempSync(join(tmpdir(), 'xunjian-static-'));
  writeBuild(dir, build);
  return { dir, app: createApp(loadConfig({ STATIC_DIR: dir, LOG_LEVEL: 'silent' }), () => {}) };
}

describe('the app shell', () => {
  it('lets a browser revalidate it cheaply, until the build changes', async () => {
    const { dir, app } = appOver('AAAA');
    const first = await app.request('/login');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/".+"$/);
    const again = await app.request('/login', { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(again.headers.get('cache-control')).toBe('no-cache');
    writeBuild(dir, 'BBBB');
    const rebuilt = await app.request('/login', { headers: { 'if-none-match': etag! } });
    expect(rebuilt.status).toBe(200);
    expect(await rebuilt.text()).toContain('/assets/app-BBBB.js');
  });

  it('is not served while a file it loads is missing (the build is still writing)', async () => {
    const { dir, app } = appOver('AAAA');
    rmSync(join(dir, 'assets', 'app-AAAA.css'));
    const res = await app.request('/i/abc/r/def');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
  });

  it('is not served while index.html is empty (truncated, not yet written)', async () => {
    const { dir, app } = appOver('AAAA');
    writeFileSync(join(dir, 'index.html'), '');
    expect((await app.request('/')).status).toBe(503);
    expect((await app.request('/index.html')).status).toBe(503);
  });

  it('is not served while index.html is written only part way', async () => {
    const { dir, app } = appOver('AAAA');
    const whole = (await (await app.request('/')).text()).trimEnd();
    writeFileSync(join(dir, 'index.html'), whole.slice(0, whole.indexOf('</body>')));
    expect((await app.request('/login')).status).toBe(503);
    writeFileSync(join(dir, 'index.html'), whole);
    expect((await app.request('/login')).status).toBe(200);
  });

  it('leaves other real files their daily revalidation', async () => {
    const { app } = appOver('AAAA');
    const icon = await app.request('/icon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers.get('cache-control')).toBe('public, max-age=86400');
    expect((await app.request('/missing.png')).status).toBe(404);
  });
});
