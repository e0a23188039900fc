import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchProfile } from '../helpers/browser';
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

const SEEN = 'notice.secrecy.seen';

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
    await expect
      .poll(async () =>
        (await readTable<{ key: string; value: unknown }>(page, 'settings')).find((r) => r.key === SEEN),
      )
      .toEqual({ key: SEEN, value: true });
    await page.reload();
    // The setting was read (not merely not loaded yet), and it says: acknowledged.
    await page.getByTestId('secrecy-acknowledged').waitFor({ state: 'attached' });
    expect(await notice.count()).toBe(0);
    await context.close();
  });
});
