import { appendFileSync, cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchProfile } from '../helpers/browser';
import { InspectorApp } from '../helpers/page-models/app';
import { startServer, type RunningServer } from '../helpers/server';

// A deployment of our own (a copy of dist/) so the test can publish a "new version".
const deployment = mkdtempSync(join(tmpdir(), 'xunjian-deploy-'));
let server: RunningServer;
beforeAll(async () => {
  cpSync('dist', deployment, { recursive: true });
  server = await startServer({ STATIC_DIR: deployment });
});
afterAll(async () => {
  await server?.stop();
});

describe('a new deployment', () => {
  it('is offered as “new version available — reload” and never reloads by itself', async () => {
    const { context } = await launchProfile();
    const page = context.pages()[0] ?? (await context.newPage());
    const app = new InspectorApp(page, server.url);
    await app.open();
    await app.waitForServiceWorker();
    await app.newInspection({ unit: '某镇人民政府', inspectors: ['王堃'] });
    await app.addRoom('机房', '机房');
    await app.openRoom('机房');
    await app.answer(0, '符合');
    const roomUrl = page.url();
    // A marker that a reload would wipe.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

    appendFileSync(join(deployment, 'sw.js'), '\n// deployment 2\n');
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));

    const banner = page.locator('.banner', { hasText: '新版本可用' });
    await banner.waitFor();
    // Keep working: no reload happens on its own.
    await app.answer(1, '不适用');
    await page.waitForTimeout(1500);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    expect(page.url()).toBe(roomUrl);

    // The user chooses to reload: the new worker takes over and the page comes back in place.
    await Promise.all([page.waitForEvent('load'), banner.getByRole('button', { name: '重新加载' }).click()]);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBeUndefined();
    expect(page.url()).toBe(roomUrl);
    await app.item(1).waitFor();
    expect(await app.item(1).getAttribute('data-status')).toBe('done');
    const scriptUrl = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      return { active: !!reg?.active, waiting: !!reg?.waiting };
    });
    expect(scriptUrl).toEqual({ active: true, waiting: false });
    await context.close();
  });
});
