import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchProfile } from '../helpers/browser';
import { InspectorApp } from '../helpers/page-models/app';
import { startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

async function firstPage(context: BrowserContext): Promise<Page> {
  return context.pages()[0] ?? (await context.newPage());
}

describe('the offline inspection walk', () => {
  it('installs, works offline, and keeps everything across a browser restart', async () => {
    const { context, dir } = await launchProfile();
    // Any Content-Security-Policy violation on the way is a bug (the server's CSP is strict).
    await context.addInitScript(() => {
      const w = window as unknown as { cspViolations: string[] };
      w.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        w.cspViolations.push(`${e.violatedDirective} ${e.sourceFile}:${e.lineNumber}`),
      );
      // Reads of an inspection's review row: only its state (once per /i/:id) reads it here.
      const reads = window as unknown as { reviewReads: number };
      reads.reviewReads = 0;
      const get = IDBObjectStore.prototype.get;
      IDBObjectStore.prototype.get = function (this: IDBObjectStore, ...args: Parameters<typeof get>) {
        if (this.name === 'reviews') reads.reviewReads++;
        return get.apply(this, args);
      };
    });
    let page = await firstPage(context);
    const app = new InspectorApp(page, server.url);
    const reviewReads = () => page.evaluate(() => (window as unknown as { reviewReads: number }).reviewReads);
    await app.open();
    await app.waitForServiceWorker();

    // Installable: the manifest and service worker satisfy Chromium.
    const cdp: CDPSession = await context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: { errorId: string }[];
    };
    expect(installabilityErrors).toEqual([]);

    // From here on, no network at all: a basement machine room.
    await context.setOffline(true);
    await page.reload();
    // The page itself came from the service worker; the server is unreachable.
    expect(
      await page.evaluate(() =>
        fetch('/healthz').then(
          () => 'reached',
          () => 'unreachable',
        ),
      ),
    ).toBe('unreachable');

    await app.newInspection({
      unit: '某县人民法院（王堃）',
      inspectors: ['王堃', '陈镕'],
      representative: '李喆',
      basis: '县网信办〔2026〕5号',
    });
    const readsOnOpen = await reviewReads();
    expect(readsOnOpen).toBeGreaterThan(0);
    await app.addRoom('机房', '一楼机房');
    await app.addRoom('办公室', '立案庭办公室');

    await app.openRoom('一楼机房');
    await app.answer(0, '符合');
    await app.answer(1, '不符合');
    await app.fillFinding(1, {
      problem: '进出登记簿缺失近两月记录',
      measure: '恢复登记并由专人核查',
      owner: '张三',
      deadline: '2026-12-30',
    });
    await app.answer(2, '部分符合');
    const machineRoomUrl = page.url();
    await page.goBack();

    await app.openRoom('立案庭办公室');
    for (const [i, user] of ['赵一', '钱二', '孙三'].entries())
      await app.addComputer({ assetTag: `PC-00${i + 1}`, user, classified: i === 2 });
    expect(await page.locator('.computer-header').count()).toBe(3);
    // One block per PC, open one at a time: the last added is open, the others show
    // their progress only. The classified PC walks the classified-only items instead of 涉密信息不上网.
    expect(await page.locator('.pc-toggle[aria-expanded=true]').count()).toBe(1);
    expect(await page.locator('.computer-block').nth(0).locator('article.item').count()).toBe(0);
    const blockKeys = async (n: number) =>
      (await app.openComputer(n + 1))
        .locator('article.item')
        .evaluateAll((els) => els.map((el) => el.getAttribute('data-key')!.split('/').pop()!));
    const [first, second, classified] = [await blockKeys(0), await blockKeys(1), await blockKeys(2)];
    expect(await page.locator('.pc-toggle[aria-expanded=true]').count()).toBe(1);
    expect(await app.computerProgress()).toEqual([`0/${first.length}`, `0/${second.length}`, `0/${classified.length}`]);
    expect(second).toEqual(first);
    expect(first).toContain('pc-no-classified-online');
    expect(first).not.toContain('pc-classified-isolated');
    expect(classified).toContain('pc-classified-isolated');
    expect(classified).not.toContain('pc-no-classified-online');
    const pcItems = classified.length;
    const lastPcFirstItem = (await app.items().count()) - pcItems;
    await app.answer(lastPcFirstItem, '不适用');
    await expect
      .poll(() => app.computerProgress())
      .toEqual([`0/${first.length}`, `0/${second.length}`, `1/${classified.length}`]);
    const officeUrl = page.url();
    const answeredKey = await app.item(lastPcFirstItem).getAttribute('data-key');
    // Moving between the inspection's screens kept its state: nothing was read again.
    expect(await reviewReads()).toBe(readsOnOpen);

    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);

    // Kill the browser: nothing shown as saved may be lost.
    await context.close();

    const reopened = await launchProfile(dir);
    page = await firstPage(reopened.context);
    await reopened.context.setOffline(true);
    const again = new InspectorApp(page, server.url);
    await again.open('/');
    // The app resumes in the office, at the item answered last.
    await page.waitForURL(officeUrl);
    await page.locator(`[data-key="${answeredKey}"]`).waitFor();
    expect(await page.locator(`[data-key="${answeredKey}"] button[aria-pressed=true]`).textContent()).toBe('不适用');
    const inView = await page.locator(`[data-key="${answeredKey}"]`).evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top < window.innerHeight && r.bottom > 0;
    });
    expect(inView).toBe(true);
    expect(await page.locator('.computer-header').count()).toBe(3);
    expect(await page.locator('.computer-header h3').allTextContents()).toEqual([
      expect.stringContaining('赵一'),
      expect.stringContaining('钱二'),
      expect.stringContaining('孙三'),
    ]);

    await page.goto(machineRoomUrl);
    const mr = new InspectorApp(page, server.url);
    await mr.item(1).waitFor();
    expect(await mr.item(0).getAttribute('data-status')).toBe('done');
    // The finding is complete; the template asks for a photo of this failure too.
    expect(await mr.item(1).getAttribute('data-status')).toBe('photo-missing');
    expect(await mr.item(1).locator('[data-field=problem]').inputValue()).toBe('进出登记簿缺失近两月记录');
    expect(await mr.item(1).locator('[data-field=deadline]').inputValue()).toBe('2026-12-30');
    expect(await mr.item(2).getAttribute('data-status')).toBe('finding-incomplete');

    // The summary numbers the findings and counts results.
    await page.goto(machineRoomUrl.replace(/\/r\/.*$/, '/summary'));
    await page.getByTestId('findings').waitFor();
    const findings = await page.locator('.finding-entry').allTextContents();
    expect(findings).toHaveLength(2);
    expect(findings[0]).toMatch(/^一、一楼机房：进出登记簿缺失近两月记录（不符合）/);
    expect(findings[1]).toMatch(/^二、一楼机房：/);
    expect(await page.locator('[data-bucket=pass]').textContent()).toBe('1');
    expect(await page.locator('[data-bucket=fail]').textContent()).toBe('1');
    expect(await page.locator('[data-bucket=na]').textContent()).toBe('1');

    // An unanswered item in the summary opens its room at that item.
    const group = page.locator('details.unanswered', { hasText: '一楼机房' });
    await group.locator('summary').click();
    const target = group.locator('li a').nth(5);
    const targetText = (await target.textContent())!;
    await target.click();
    const targetItem = page.locator('article.item', { has: page.locator('h3.question', { hasText: targetText }) });
    await targetItem.waitFor();
    await expect
      .poll(() =>
        targetItem.evaluate((el) => {
          const r = el.getBoundingClientRect();
          return r.top >= 0 && r.top < window.innerHeight;
        }),
      )
      .toBe(true);
    await page.goBack();

    // The list shows unit, date and progress.
    // (in-app: a fresh launch at / would resume the last place instead)
    await page.locator('a.brand').click();
    await page.waitForURL(server.url + '/');
    const card = page.getByTestId('inspection-list').locator('li').first();
    await expect.poll(() => card.textContent()).toContain('某县人民法院（王堃）');
    expect(await card.locator('.progress-text').textContent()).toMatch(/^4\/\d+$/);

    // English on request, kept for the next launch.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Inspections' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.reload();
    await page.getByRole('heading', { name: 'Inspections' }).waitFor();
    await reopened.context.close();
  });
});
