import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Photo } from '../../src/shared/evidence';
import { orientedJpeg, phonePhoto } from '../helpers/jpeg';
import { launchProfile } from '../helpers/browser';
import { blobFacts, readTable } from '../helpers/idb';
import { EvidenceApp } from '../helpers/page-models/app';
import { startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

/**
 * Chromium's IndexedDB checks a write against a cached "space remaining" figure and
 * asks the quota manager again only for a write larger than that figure. One random
 * (incompressible) put bigger than the cap refreshes it; it fails, and so will the next
 * big write. (Measured on Chromium 156.)
 */
async function refreshQuotaFigure(page: Page, bytes: number): Promise<string> {
  return page.evaluate(async (n) => {
    const open = indexedDB.open('quota-refresh', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('s');
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const data = new Uint8Array(n);
    for (let i = 0; i < n; i += 65536) crypto.getRandomValues(data.subarray(i, Math.min(n, i + 65536)));
    const tx = db.transaction('s', 'readwrite');
    tx.objectStore('s').put(data.buffer, 1);
    const outcome = await new Promise<string>((resolve) => {
      tx.oncomplete = () => resolve('committed');
      tx.onabort = () => resolve(tx.error?.name ?? 'aborted');
    });
    db.close();
    await new Promise((resolve) => {
      const del = indexedDB.deleteDatabase('quota-refresh');
      del.onsuccess = del.onerror = resolve;
    });
    return outcome;
  }, bytes);
}

describe('a full device', () => {
  it('says plainly that the photo was not saved, keeps everything saved before, and retries', async () => {
    const cap = 60 * 1024 * 1024;
    const { context } = await launchProfile();
    const page = context.pages()[0] ?? (await context.newPage());
    const cdp = await context.newCDPSession(page);
    await page.goto(`${server.url}/robots.txt`);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: server.url, quotaSize: cap });

    const app = new EvidenceApp(page, server.url);
    await app.open();
    await app.waitForServiceWorker();
    // The PDF fonts (15 MB) are cached after start-up; let that finish before the squeeze.
    await expect.poll(() => page.getByTestId('fonts-status').textContent(), { timeout: 60_000 }).toContain('已就绪');
    await app.newInspection({ unit: '某县统计局', inspectors: ['陈镕'] });
    await app.addRoom('机房', '机房');
    await app.openRoom('机房');
    await app.answer(0, '符合');
    await app.attachPhoto(0, orientedJpeg(1));
    const [first] = await readTable<Photo>(page, 'photos');

    // The phone is full. (Below current usage: Cache Storage's reported usage drifts by a
    // few hundred KB as it settles, which could otherwise leave room for a photo.)
    const { usage } = (await cdp.send('Storage.getUsageAndQuota', { origin: server.url })) as { usage: number };
    await cdp.send('Storage.overrideQuotaForOrigin', {
      origin: server.url,
      quotaSize: Math.max(0, usage - 1024 * 1024),
    });
    expect(await refreshQuotaFigure(page, cap + 1024 * 1024)).toBe('QuotaExceededError');

    // A phone photo (≈ 300 KB once compressed) does not fit.
    await app.item(1).locator('[data-testid=photo-camera]').setInputFiles(phonePhoto());
    const error = page.getByTestId('save-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('设备存储空间已满');
    expect(await error.textContent()).toContain('已保存的内容不受影响');
    expect(await readTable<Photo>(page, 'photos')).toHaveLength(1);
    expect((await blobFacts(page, first!.sha256)).computedSha256).toBe(first!.sha256);
    expect(await app.item(0).getAttribute('data-status')).toBe('done');

    // Space is freed: retry stores exactly the photo that failed.
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: server.url });
    await error.getByRole('button', { name: '重试' }).click();
    await app.item(1).locator('.photos img').waitFor();
    expect(await readTable<Photo>(page, 'photos')).toHaveLength(2);
    await context.close();
  });

  it('never says the PDF fonts are ready when the cache could not keep them', async () => {
    const { context } = await launchProfile();
    const page = context.pages()[0] ?? (await context.newPage());
    const cdp = await context.newCDPSession(page);
    await page.goto(`${server.url}/robots.txt`);
    // Room for the app (≈ 1.6 MB precached), not for the 2 × 2.4 MB main font faces.
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: server.url, quotaSize: 4 * 1024 * 1024 });
    const app = new EvidenceApp(page, server.url);
    await app.open();
    await app.waitForServiceWorker();
    const status = page.getByTestId('fonts-status');
    // The warm-up ends (every file fetched) with the count the cache really holds.
    await expect.poll(() => status.textContent(), { timeout: 60_000 }).not.toMatch(/正在下载/);
    const text = (await status.textContent())!;
    expect(text).not.toContain('已就绪');
    const [, cached, total] = /(\d+)\/(\d+)/.exec(text)!.map(Number);
    expect(cached).toBeLessThan(total!);
    expect(text).toMatch(/无法生成 PDF|可能无法打印/);
    expect(await status.getAttribute('class')).toContain('warn');
    await context.close();
  });
});
