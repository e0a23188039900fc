// The app lock in the engines inspectors also carry (WebKit for iPhones, Firefox): the
// PIN set on the account page (a phone that never signed in), the rows sealed as
// IndexedDB holds them, a reload showing only the lock screen, a wrong PIN refused, the
// right one opening the records as they were. The Chromium suite (../app-lock) covers
// the idle lock, the raw read over CDP and the recovery by signing in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTableInPage } from '../../helpers/idb';
import { startServer, snapshotOfBuild, type RunningServer } from '../../helpers/server';
import { E2E_PIN } from '../../helpers/unseal';
import type { EngineDriver } from './driver';
import { launchFirefox } from './driver-firefox';
import { launchWebKit } from './driver-webkit';
import { EngineInspector, item } from './inspector';

const UNIT = '某县赜城镇卫生院';
const PROBLEM = '挂号室电脑使用弱口令123456';

const engines = [
  { engine: 'WebKit', launch: () => launchWebKit() },
  { engine: 'Firefox', launch: () => launchFirefox() },
];

describe.each(engines)('the app lock in $engine', ({ launch }) => {
  let server: RunningServer;
  let driver: EngineDriver;
  beforeAll(async () => {
    server = await startServer({ STATIC_DIR: snapshotOfBuild() });
    driver = await launch();
  }, 180_000);
  afterAll(async () => {
    await driver?.quit();
    await server?.stop();
  });

  it('seals what is stored, shows only the lock screen after a reload, and opens with the right PIN', async () => {
    const app = new EngineInspector(driver, server.url);
    await app.open();
    await app.newInspection({ unit: UNIT, inspectors: ['王堃'] });
    await app.addRoom('机房', '挂号室');
    await app.openRoom('挂号室');
    await app.answer(0, '不符合');
    await app.fillFinding(0, { problem: PROBLEM, measure: '更换强口令', owner: '张三', deadline: '2026-12-30' });

    await app.open('/account');
    const setup = { css: '[data-testid=lock-settings] [data-testid=pin-setup]' };
    await app.waitFor(setup);
    await driver.type({ css: 'input[name=pin]', within: setup }, E2E_PIN);
    await driver.type({ css: 'input[name=confirm]', within: setup }, E2E_PIN);
    await driver.click({ css: 'button[type=submit]', within: setup });
    await app.waitFor({ css: '[data-testid=lock-now]' }, 120_000);

    // As IndexedDB holds them: sealed, the finding's text nowhere.
    for (const table of ['inspections', 'findings', 'answers', 'outbox']) {
      const raw = await driver.evaluate(readTableInPage, { name: table, raw: true });
      expect(raw.length, table).toBeGreaterThan(0);
      for (const row of raw) expect(row, table).toHaveProperty('$sealed');
      expect(JSON.stringify(raw), table).not.toContain(PROBLEM);
      expect(JSON.stringify(raw), table).not.toContain(UNIT);
    }

    await driver.reload();
    await app.waitFor({ css: '[data-testid=lock-screen]' });
    expect(await driver.evaluate(() => document.body.innerText)).not.toContain(UNIT);
    expect(await app.count('.app-header')).toBe(0);

    await driver.type({ css: '[data-testid=lock-pin] input[name=pin]' }, '13572468');
    await driver.click({ css: '[data-testid=lock-pin] button[type=submit]' });
    await app.until(
      async () => (await app.text({ css: '[data-testid=lock-error]' }))?.includes('还可尝试 4 次') ?? false,
      'the wrong PIN to be refused',
      60_000,
    );
    await driver.type({ css: '[data-testid=lock-pin] input[name=pin]' }, E2E_PIN);
    await driver.click({ css: '[data-testid=lock-pin] button[type=submit]' });
    await app.waitFor({ css: '.app-header' }, 60_000);

    // The records as they were.
    await driver.click({ css: 'a.brand' });
    await app.waitFor({ css: '.unit', text: UNIT });
    await driver.click({ css: '.inspection-card a.card-link' });
    await app.waitFor({ css: '.room-name', text: '挂号室' });
    await app.openRoom('挂号室');
    expect(await app.value({ css: '[data-field=problem]', within: item(0) })).toBe(PROBLEM);
  });
});
