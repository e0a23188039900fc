import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orientedJpeg } from '../helpers/jpeg';
import { launchProfile } from '../helpers/browser';
import { EvidenceApp } from '../helpers/page-models/app';
import { startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('the PDF record on the phone', () => {
  it('is made offline in a worker, with fonts warmed beforehand, and prints what the user typed', async () => {
    const { context } = await launchProfile();
    const page = context.pages()[0] ?? (await context.newPage());
    const app = new EvidenceApp(page, server.url);
    await app.open();
    await app.waitForServiceWorker();
    // Online once: the fonts for offline PDFs are fetched into the service worker's cache.
    await expect.poll(() => page.getByTestId('fonts-status').textContent(), { timeout: 60_000 }).toContain('已就绪');

    await context.setOffline(true);
    await app.newInspection({ unit: '某县赜城镇人民政府', inspectors: ['王堃', '陈镕'], representative: '李喆' });
    await app.addRoom('机房', '一楼机房');
    await app.openRoom('一楼机房');
    await app.answer(0, '不符合');
    await app.fillFinding(0, {
      problem: '门禁失效，登记簿缺失',
      measure: '更换门禁',
      owner: '王堃',
      deadline: '2026-12-30',
    });
    await app.attachPhoto(0, orientedJpeg(6));
    await app.item(1).getByRole('button', { name: '+ 添加备注' }).click();
    await app.item(1).locator('.note textarea').fill('<script>alert(1)</script> %PDF-1.7');
    await app.item(1).locator('.note textarea').blur();
    await page.getByTestId('saved').waitFor();

    await page.goto(page.url().replace(/\/r\/.*$/, '/summary'));
    await page.getByRole('button', { name: '生成检查记录 PDF' }).click();
    await page.getByTestId('pdf-ready').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('pdf-ready').textContent()).toContain('某县赜城镇人民政府-网络安全检查记录-');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '下载' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^某县赜城镇人民政府-网络安全检查记录-\d{8}\.pdf$/);
    const file = join(mkdtempSync(join(tmpdir(), 'xunjian-dl-')), 'record.pdf');
    await download.saveAs(file);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain('某县赜城镇人民政府网络安全检查记录');
    expect(text).toContain('门禁失效，登记簿缺失');
    expect(text).toContain('<script>alert(1)</script>%PDF-1.7');
    expect(text).toContain('王堃、陈镕');
    const images = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' });
    expect(images).toMatch(/\s300\s+400\s/); // the upright photo
    await context.close();
  });
});
