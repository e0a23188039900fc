import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/shared/inspection';
import { killBrowser, launchProfile } from '../helpers/browser';
import { readTable } from '../helpers/idb';
import { InspectorApp } from '../helpers/page-models/app';
import { startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('typed values', () => {
  it('keeps a number typed with the cursor still in the field when the app is killed', async () => {
    const { context, dir } = await launchProfile();
    const page = context.pages()[0] ?? (await context.newPage());
    const app = new InspectorApp(page, server.url);
    await app.open();
    await app.newInspection({ unit: '某县统计局', inspectors: ['王堃'] });
    await app.addRoom('机房', '一楼机房');
    await app.openRoom('一楼机房');

    // Typed key by key, as a finger does: the field never loses focus, so no change event.
    const ups = page.locator('article.item input[type=number]').first();
    const key = await ups.locator('xpath=ancestor::article').getAttribute('data-key');
    await ups.click();
    await page.keyboard.type('6.5');
    await expect
      .poll(async () => (await readTable<Answer>(page, 'answers')).find((a) => a.id === key)?.value)
      .toBe(6.5);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('number');
    const roomUrl = page.url();

    await killBrowser(context, dir);

    const reopened = await launchProfile(dir);
    const again = reopened.context.pages()[0] ?? (await reopened.context.newPage());
    await again.goto(roomUrl);
    const field = again.locator(`article.item[data-key="${key}"] input[type=number]`);
    await field.waitFor();
    expect(await field.inputValue()).toBe('6.5');

    // Half typed, not yet a number: the input reports '' (badInput). Leaving the field
    // then must not clear what is stored.
    await field.click();
    await again.keyboard.press('Control+A');
    await again.keyboard.type('-');
    expect(await field.evaluate((el: HTMLInputElement) => el.validity.badInput)).toBe(true);
    await field.blur();
    // A later write to the same table commits after any write the blur started.
    const other = again
      .locator('article.item')
      .filter({ has: again.locator('.results') })
      .first();
    const otherKey = await other.getAttribute('data-key');
    await other.locator('.results button', { hasText: /^符合$/ }).click();
    await expect
      .poll(async () => (await readTable<Answer>(again, 'answers')).find((a) => a.id === otherKey)?.result)
      .toBe('pass');
    expect((await readTable<Answer>(again, 'answers')).find((a) => a.id === key)?.value).toBe(6.5);
    await reopened.context.close();
  });
});
