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

describe('the drafted self-inspection report', () => {
  it('is drafted from the data, keeps the inspector’s edits across reloads, and resets on request', async () => {
    const { context } = await launchProfile();
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('dialog', (d) => void d.accept());
    const app = new InspectorApp(page, server.url);
    await app.open();
    await app.newInspection({ unit: '某镇人民政府', inspectors: ['王堃'], basis: '县委网信办〔2026〕9号' });
    await app.addRoom('机房', '机房');
    await app.openRoom('机房');
    await app.answer(0, '不符合');
    await app.fillFinding(0, { problem: '机房门常开', measure: '加装闭门器', owner: '李喆', deadline: '2026-12-30' });
    await page.goto(page.url().replace(/\/r\/.*$/, '/summary'));
    await page.getByRole('link', { name: '自查报告草稿' }).click();

    const section = (id: string) => page.locator(`.draft-section[data-section=${id}] textarea`);
    await expect.poll(() => section('opening').inputValue()).toMatch(/^根据县委网信办〔2026〕9号要求，/);
    // Not signed in: the unit speaks for itself.
    expect(await section('problems').inputValue()).toBe(
      '经自查，我单位网络安全工作还存在以下问题：\n一是机房门常开（机房）。',
    );
    expect(await section('measures').inputValue()).toContain('责任人：李喆，2026年12月30日前完成。');

    await section('basic').fill('本次检查由王堃实施。（人工改写）');
    await section('basic').blur();
    await page.getByTestId('saved').waitFor();
    await page.reload();
    await expect.poll(() => section('basic').inputValue()).toBe('本次检查由王堃实施。（人工改写）');
    expect(await page.locator('.draft-section[data-section=basic]').textContent()).toContain('已修改');

    // Typing on while our own saves echo back from IndexedDB loses nothing.
    const closing = section('closing');
    await closing.click();
    await closing.press('End');
    await closing.pressSequentially('（盖章）abc', { delay: 410 });
    await closing.blur();
    await page.getByTestId('saved').waitFor();
    expect(await closing.inputValue()).toMatch(/（盖章）abc$/);
    await page.reload();
    await expect.poll(() => section('closing').inputValue()).toMatch(/（盖章）abc$/);

    await page.getByRole('button', { name: '全部恢复自动生成' }).click();
    await expect.poll(() => section('basic').inputValue()).toMatch(/^本次自查由王堃具体实施/);

    // A higher office's 检查组 inspected: the inspector switches the voice, and it is kept.
    await page.getByRole('button', { name: '上级检查' }).click();
    const office = /^根据县委网信办〔2026〕9号要求，检查组于.+对某镇人民政府开展了网络安全检查/;
    await expect.poll(() => section('opening').inputValue()).toMatch(office);
    await page.reload();
    await expect.poll(() => section('opening').inputValue()).toMatch(office);
    expect(await page.getByRole('button', { name: '上级检查' }).getAttribute('aria-pressed')).toBe('true');
    await context.close();
  });
});
