// The app lock on a phone-sized Chromium against the real server: set up at sign-in,
// locked when idle (the page's clock moved on), refused a wrong PIN, opened by the right
// one; IndexedDB read raw through the DevTools protocol holds no finding text and no
// JPEG bytes; a reload while locked shows the lock screen alone; too many wrong PINs
// ask for an online sign-in, which opens the data with nothing lost.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/shared/inspection';
import { CHROMIUM_ARGS, PHONE } from '../helpers/browser';
import { readTable } from '../helpers/idb';
import { phonePhoto } from '../helpers/jpeg';
import { SyncApp } from '../helpers/page-models/sync';
import { startServer, type RunningServer } from '../helpers/server';
import { PASSWORD, rows, seedDataDir } from '../helpers/sync-harness';
import { E2E_PIN } from '../helpers/unseal';

const UNIT = '某县堃镕人民检察院';
const PROBLEM = '机要室电脑接入互联网，未拆除无线网卡';

let dataDir: string;
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let app: SyncApp;

beforeAll(async () => {
  dataDir = await seedDataDir();
  server = await startServer({ DATA_DIR: dataDir });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  context = await browser.newContext({ ...PHONE, locale: 'zh-CN' });
  // The page's clock runs as usual, and the test can move it on (five idle minutes).
  await context.clock.install();
  app = new SyncApp(await context.newPage(), server.url);
});
afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

const lockScreen = (page: Page) => page.getByTestId('lock-screen');

async function typePin(page: Page, pin: string): Promise<void> {
  const form = page.getByTestId('lock-pin');
  await form.locator('input[name=pin]').fill(pin);
  await form.locator('button[type=submit]').click();
}

/** What the screen shows, as text: nothing of the records may be on it while locked. */
const screenText = (page: Page) => page.evaluate(() => document.body.innerText);

/**
 * Every value of every object store of the app's databases, read through the DevTools
 * protocol (not through the app), searched in the page for the finding's text (as a
 * string or its UTF-8 bytes) and for JPEG bytes (the SOI marker at the start of a buffer,
 * or a JFIF/Exif header anywhere).
 */
async function plaintextAtRest(page: Page, text = PROBLEM): Promise<string[]> {
  const cdp = await context.newCDPSession(page);
  const securityOrigin = new URL(server.url).origin;
  const { databaseNames } = await cdp.send('IndexedDB.requestDatabaseNames', { securityOrigin });
  expect(databaseNames).toContain('xunjian');
  const found: string[] = [];
  for (const databaseName of databaseNames) {
    const { databaseWithObjectStores } = await cdp.send('IndexedDB.requestDatabase', { securityOrigin, databaseName });
    for (const store of databaseWithObjectStores.objectStores) {
      const { objectStoreDataEntries } = await cdp.send('IndexedDB.requestData', {
        securityOrigin,
        databaseName,
        objectStoreName: store.name,
        skipCount: 0,
        pageSize: 1000,
      });
      for (const entry of objectStoreDataEntries) {
        if (!entry.value.objectId) continue;
        const { result } = await cdp.send('Runtime.callFunctionOn', {
          objectId: entry.value.objectId,
          functionDeclaration: `function (text) {
            const needle = new TextEncoder().encode(text);
            const markers = [needle, new TextEncoder().encode('JFIF\\0'), new TextEncoder().encode('Exif\\0\\0')];
            const has = (bytes, m) => {
              outer: for (let i = 0; i + m.length <= bytes.length; i++) {
                for (let j = 0; j < m.length; j++) if (bytes[i + j] !== m[j]) continue outer;
                return true;
              }
              return false;
            };
            const hits = [];
            const visit = (v, depth) => {
              if (depth > 8 || v === null || v === undefined) return;
              if (typeof v === 'string') { if (v.includes(text)) hits.push('text'); return; }
              if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) {
                const bytes = v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
                if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) hits.push('jpeg start');
                for (const m of markers) if (has(bytes, m)) hits.push(m === needle ? 'text bytes' : 'jpeg header');
                return;
              }
              if (typeof v === 'object') for (const k of Object.keys(v)) visit(v[k], depth + 1);
            };
            visit(this, 0);
            return hits;
          }`,
          arguments: [{ value: text }],
          returnByValue: true,
        });
        for (const hit of result.value as string[]) found.push(`${databaseName}.${store.name}: ${hit}`);
      }
    }
  }
  await cdp.detach();
  return found;
}

describe('the app lock', () => {
  it('seals the records at rest, locks when idle, and opens with the right PIN only', async () => {
    await app.signIn('a1', PASSWORD);
    await app.waitForServiceWorker();
    // Offline from here: what follows is the phone's only copy until the last test.
    await context.setOffline(true);
    await app.newInspection({ unit: UNIT, inspectors: ['王堃'] });
    await app.addRoom('机房', '机要室');
    await app.openRoom('机要室');
    await app.answer(0, '不符合');
    await app.fillFinding(0, { problem: PROBLEM, measure: '拆除无线网卡', owner: '张三', deadline: '2026-12-30' });
    await app.attachPhoto(0, phonePhoto());

    // The app reads its records as ever (the test's own decryption agrees: readTable).
    const findings = await readTable<Finding>(app.page, 'findings');
    expect(findings.map((f) => f.problem)).toContain(PROBLEM);
    // IndexedDB itself holds no finding text and no JPEG bytes, in any store.
    expect(await plaintextAtRest(app.page)).toEqual([]);
    // The same search finds what is meant to stay readable: the checklists (the app's own).
    expect(await plaintextAtRest(app.page, '网络安全检查（通用）')).toContain('xunjian.templates: text');

    // Five minutes without a touch: locked, and the screen shows nothing of the records.
    await app.page.clock.fastForward('05:30');
    await lockScreen(app.page).waitFor();
    expect(await screenText(app.page)).not.toContain(UNIT);
    expect(await app.page.locator('.app-header').count()).toBe(0);

    await typePin(app.page, '13572468');
    await expect.poll(() => app.page.getByTestId('lock-error').textContent()).toContain('PIN 不正确，还可尝试 4 次');
    await typePin(app.page, E2E_PIN);
    await app.page.locator('.app-header').waitFor();
    await app.openList();
    await app.listRow(UNIT).waitFor();
  });

  it('shows only the lock screen after a reload while locked', async () => {
    await app.openAccount();
    await app.page.getByTestId('lock-now').click();
    await lockScreen(app.page).waitFor();
    await app.page.reload();
    await lockScreen(app.page).waitFor();
    const text = await screenText(app.page);
    expect(text).toContain('应用已锁定');
    expect(text).not.toContain(UNIT);
    expect(text).not.toContain(PROBLEM);
    expect(await app.page.locator('.app-header').count()).toBe(0);
  });

  it('after five wrong PINs asks for an online sign-in, which opens the data with nothing lost', async () => {
    const outboxBefore = (await readTable(app.page, 'outbox')).length;
    expect(outboxBefore).toBeGreaterThan(0);
    const serverFindings = () =>
      rows(dataDir, `select body from records where kind = 'finding'`).map(
        (r) => (JSON.parse(r.body as string) as Finding).problem,
      );
    expect(serverFindings()).toEqual([]);
    for (let n = 0; n < 5; n++) {
      await typePin(app.page, `wrong-${n}-pin`);
      await app.page.getByTestId('lock-error').or(app.page.getByTestId('lock-sign-in')).first().waitFor();
    }
    const signIn = app.page.getByTestId('lock-sign-in');
    await signIn.waitFor();
    await context.setOffline(false);
    expect(await signIn.textContent()).toContain('本机的记录不会被删除');
    // Another account cannot open this phone's data.
    await signIn.locator('input[name=name]').fill('a2');
    await signIn.locator('input[name=password]').fill(PASSWORD);
    await signIn.locator('button[type=submit]').click();
    await expect.poll(() => app.page.getByTestId('lock-error').textContent()).toContain('这个账号不能解锁本机的数据');
    // The phone's own user can, and sets a new PIN.
    await signIn.locator('input[name=name]').fill('a1');
    await signIn.locator('input[name=password]').fill(PASSWORD);
    await signIn.locator('button[type=submit]').click();
    await app.choosePin(app.page.getByTestId('pin-setup'), '86420975');
    await app.page.locator('.app-header').waitFor();
    await app.openList();
    await app.listRow(UNIT).waitFor();
    // The work that existed only on the phone reaches the server, under the new device.
    await expect.poll(serverFindings, { timeout: 30_000 }).toEqual([PROBLEM]);

    // The new PIN opens it from now on; the old one does not.
    await app.page.reload();
    await typePin(app.page, E2E_PIN);
    await expect.poll(() => app.page.getByTestId('lock-error').textContent()).toContain('PIN 不正确');
    await typePin(app.page, '86420975');
    await app.page.locator('.app-header').waitFor();
  });
});
