import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchProfile } from '../helpers/browser';
import { QuickAnswersApp } from '../helpers/page-models/quick-answers';
import { startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

const ask = (count: number) => `将 ${count} 项未检查的标为符合？`;

describe('fewer taps: 其余符合 and 同上一台', () => {
  it('marks the rest of a block compliant, undoes it exactly, and starts a PC from the one before', async () => {
    const { context } = await launchProfile();
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const app = new QuickAnswersApp(page, server.url);
      await app.open();
      await app.waitForServiceWorker();
      await app.newInspection({ unit: '某镇人民政府', inspectors: ['王堃'] });
      await app.addRoom('办公室', '综合办公室');
      await app.openRoom('综合办公室');

      // The office's own items: one 不符合 by hand, then the rest in one action.
      const office = app.block(0);
      const officeResults = await app.itemIds(office, 'result');
      const [first] = officeResults;
      await app.tap(app.itemOf(office, first!), '不符合');
      const before = await app.pressed(office);
      expect(await app.restCompliant(office)).toBe(ask(officeResults.length - 1));
      const marked = await app.pressed(office);
      for (const id of officeResults) expect(marked[(await app.itemIds(office)).indexOf(id)]).not.toBe('');
      expect(marked.filter((r) => r === '不符合')).toHaveLength(1);
      // Undo takes back exactly those, never the answer given by hand.
      await app.undo();
      await expect.poll(() => app.pressed(office)).toEqual(before);
      expect(await app.itemOf(office, first!).getAttribute('data-status')).toBe('finding-incomplete');

      // The first PC: nothing to copy yet, so no offer.
      expect(await app.addComputerCarrying({ assetTag: 'PC-001', user: '赵一' }, true)).toBeUndefined();
      const pc1 = app.block(1);
      const pcResults = await app.itemIds(pc1, 'result');
      const pcValues = await app.itemIds(pc1, 'value');
      const failed = pcResults[1]!;
      await app.tap(app.itemOf(pc1, failed), '不符合');
      expect(await app.restCompliant(pc1)).toBe(ask(pcResults.length - 1));
      // Items that record a value need their value: not marked.
      expect(pcValues.length).toBeGreaterThan(0);
      for (const id of pcValues) expect(await app.itemOf(pc1, id).getAttribute('data-status')).toBe('unanswered');

      // The second PC starts from the first (ticked by default), each copy marked as such.
      // Its block opens and the first one's closes: one PC open at a time.
      const pc1Pressed = await app.pressed(pc1);
      const offer = await app.addComputerCarrying({ assetTag: 'PC-002', user: '钱二' }, true);
      expect(offer).toEqual({ label: expect.stringContaining('计算机 1'), ticked: true });
      const pc2 = app.block(2);
      await expect.poll(() => app.pressed(pc2)).toEqual(pc1Pressed);
      expect(await pc1.locator('article.item').count()).toBe(0);
      expect(await pc2.locator('[data-testid=carried]').count()).toBe(pcResults.length);
      // A carried 不符合 is this PC's own problem: its finding is still to be written.
      const carriedFail = app.itemOf(pc2, failed);
      expect(await carriedFail.getAttribute('data-status')).toBe('finding-incomplete');
      // One tap changes a copy, and it is no longer a copy.
      await app.tap(carriedFail, '符合');
      await carriedFail.locator('[data-testid=carried]').waitFor({ state: 'detached' });
      expect(await pc2.locator('[data-testid=carried]').count()).toBe(pcResults.length - 1);

      // A classified PC gets only what applies to it: its own items stay open.
      const ordinary = await app.itemIds(pc2);
      await app.addComputerCarrying({ assetTag: 'PC-003', user: '孙三', classified: true }, true);
      const pc3 = app.block(3);
      await pc3.locator('article.item').first().waitFor();
      const classified = await app.itemIds(pc3);
      const classifiedOnly = classified.filter((id) => !ordinary.includes(id));
      expect(classifiedOnly.length).toBeGreaterThan(0);
      expect(ordinary.some((id) => !classified.includes(id))).toBe(true);
      for (const id of classifiedOnly) expect(await app.itemOf(pc3, id).getAttribute('data-status')).toBe('unanswered');
      // Carried: PC 2's answers on the items both PCs have (the one touched on PC 2 too).
      const common = pcResults.filter((id) => classified.includes(id));
      await expect.poll(() => pc3.locator('[data-testid=carried]').count()).toBe(common.length);

      // Unticked: the PC starts empty.
      await app.addComputerCarrying({ assetTag: 'PC-004', user: '李四' }, false);
      const pc4 = app.block(4);
      await pc4.locator('article.item').first().waitFor();
      expect((await app.pressed(pc4)).filter(Boolean)).toEqual([]);

      // All of it is stored: a reload shows the same.
      const pc3Pressed = await app.pressed(await app.openComputer(3));
      await page.reload();
      expect(await app.pressed(await app.openComputer(3))).toEqual(pc3Pressed);
      expect(await (await app.openComputer(2)).locator('[data-testid=carried]').count()).toBe(pcResults.length - 1);
    } finally {
      await context.close();
    }
  }, 240_000);

  it('offers the owners already named and the usual deadlines, one tap each', async () => {
    const { context } = await launchProfile();
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const app = new QuickAnswersApp(page, server.url);
      await app.open();
      await app.newInspection({ unit: '某县教育局', inspectors: ['陈镕'] });
      await app.addRoom('机房', '机房');
      await app.openRoom('机房');
      await app.answer(0, '不符合');
      // Nobody named yet: no owner to offer.
      expect(await app.item(0).getByTestId('owner-suggestions').count()).toBe(0);
      await app.fillFinding(0, { problem: '门禁失效', measure: '维修门禁', owner: '张三', deadline: '2026-12-30' });

      await app.answer(1, '部分符合');
      const second = app.item(1);
      await second.getByTestId('owner-suggestions').getByRole('button', { name: '张三' }).click();
      await expect.poll(() => second.locator('[data-field=owner]').inputValue()).toBe('张三');
      await second.getByTestId('deadline-presets').getByRole('button', { name: '30 天内' }).click();
      const in30 = await page.evaluate(() => {
        const d = new Date();
        d.setDate(d.getDate() + 30);
        return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
      });
      await expect.poll(() => second.locator('[data-field=deadline]').inputValue()).toBe(in30);
      // The owner a form already has is not offered to itself.
      expect(await second.getByTestId('owner-suggestions').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
