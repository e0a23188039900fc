import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchProfile } from './browser';
import { InspectorApp } from './page-models/app';
import { startServer, type RunningServer } from './server';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('the first start', () => {
  it('tells the inspector never to record classified content, until acknowledged', async () => {
    const { context } = await launchProfile();
    const page = context.pages()[0] ?? (await context.newPage());
    const app = new InspectorApp(page, server.url);
    await app.open();
    const notice = page.getByTestId('secrecy-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('涉密信息不上网');
    // Still there after a reload: only the inspector's acknowledgement removes it.
    await page.reload();
    await notice.waitFor();
    await notice.getByRole('button', { name: '我知道了' }).click();
    await notice.waitFor({ state: 'detached' });
    await page.reload();
    await page.getByTestId('storage-info').or(page.locator('section.storage-info')).first().waitFor();
    expect(await notice.count()).toBe(0);
    await context.close();
  });
});
