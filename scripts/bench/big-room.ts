/**
 * Part 4b of `npm run bench`: an office of 40 PCs (a real floor of a county government,
 * ≈ 730 items) in headless Chromium on a persistent profile, unthrottled and with 4× CPU
 * throttling: how long the room takes to open, how long adding a PC takes, tap → shown
 * pressed, long tasks while scrolling and answering, DOM nodes.
 */
import { rmSync } from 'node:fs';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { launchProfile } from '../../test/helpers/browser';
import { InspectorApp } from '../../test/helpers/page-models/app';
import {
  firstPage,
  installProbe,
  longTasksBetween,
  now,
  scrollPhase,
  type LongTaskStats,
  type ProbeWindow,
  type ScrollStats,
} from './browser';
import { progress, sleep } from './util';

export const BIG_OFFICE_PCS = 40;
const TAPS = 40;
const RESULTS = ['符合', '不符合', '部分符合', '不适用'] as const;

export interface BigRoomPass {
  /** Tap on the room's card in the inspection → its PC headers and the open PC's items are in the DOM. */
  openMs: number[];
  /** The same after a cold start of the app on the room's URL (page load, scripts, IndexedDB). */
  coldMs: number[];
  /** Submit of the PC form → the new PC's block is open with its items. */
  addMs: number;
  /** Tap → the result shows pressed. */
  shown: number[];
  answerLongTasks: LongTaskStats;
  scroll: ScrollStats;
}

export interface BigRoomReport {
  computers: number;
  /** Every item of the room (the office's own and each PC's). */
  items: number;
  domNodes: number;
  unthrottled: BigRoomPass;
  throttled?: BigRoomPass;
}

/** The room's item count as its progress line says it ("answered/total"). */
async function roomItems(page: Page): Promise<number> {
  const text = (await page.locator('.bottom-bar .progress-text').textContent()) ?? '';
  return Number(text.split('/')[1]);
}

async function openRoom(page: Page, roomUrl: string, computers: number): Promise<number> {
  await page.goto('about:blank');
  await page.goto(roomUrl, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    (n) =>
      document.querySelectorAll('.computer-header').length >= n &&
      document.querySelectorAll('section.computer-block.open article.item').length > 0
        ? performance.now()
        : false,
    computers,
    { polling: 'raf', timeout: 60_000 },
  );
  return (await handle.jsonValue()) as number;
}

/** From the inspection's page (loaded fresh, not timed): tap the room's card until the room shows. */
async function openFromInspection(page: Page, roomUrl: string, computers: number): Promise<number> {
  const inspectionUrl = roomUrl.replace(/\/r\/[^/]+$/, '');
  await page.goto(inspectionUrl);
  const card = page.locator(`a.card-link[href="${new URL(roomUrl).pathname}"]`);
  await card.waitFor();
  await sleep(300);
  const start = await now(page);
  await card.click();
  const handle = await page.waitForFunction(
    (n) =>
      document.querySelectorAll('.computer-header').length >= n &&
      document.querySelectorAll('section.computer-block.open article.item').length > 0
        ? performance.now()
        : false,
    computers,
    { polling: 'raf', timeout: 60_000 },
  );
  return ((await handle.jsonValue()) as number) - start;
}

/** Add one PC through the form; the time from submit to its open block with items. */
async function addTimed(page: Page, assetTag: string): Promise<number> {
  const before = await page.locator('.computer-header').count();
  await page.getByRole('button', { name: '+ 添加计算机' }).click();
  const form = page.locator('form.computer-form').last();
  await form.locator('input[name=assetTag]').fill(assetTag);
  const start = await now(page);
  await form.locator('button[type=submit]').click();
  const handle = await page.waitForFunction(
    (n) => {
      const block = document.querySelectorAll('section.computer-block')[n];
      return block?.classList.contains('open') && block.querySelector('article.item') ? performance.now() : false;
    },
    before,
    { polling: 'raf', timeout: 60_000 },
  );
  return ((await handle.jsonValue()) as number) - start;
}

/** Taps spread over the PCs: every fifth tap opens another PC first (not timed). */
async function answerAcross(page: Page, app: InspectorApp, computers: number, offset: number) {
  const t0 = await now(page);
  const shown: number[] = [];
  for (let i = 0; i < TAPS; i++) {
    if (i % 5 === 0) await app.openComputer(((Math.floor(i / 5) * 7 + offset) % computers) + 1);
    const visible = await app.items().count();
    const index = (i * 3 + offset) % visible;
    await app.item(index).scrollIntoViewIfNeeded();
    await app.answer(index, RESULTS[(i + offset) % RESULTS.length] as (typeof RESULTS)[number]);
    const dt = await page.evaluate(() => {
      const p = (window as unknown as ProbeWindow).__bench;
      return p.pressedAt > 0 ? p.pressedAt - p.tapAt : NaN;
    });
    if (Number.isFinite(dt)) shown.push(dt);
    await sleep(100);
  }
  await sleep(300);
  return { shown, longTasks: await longTasksBetween(page, t0, await now(page)) };
}

async function pass(page: Page, app: InspectorApp, roomUrl: string, computers: number, addTag: string, offset: number) {
  const openMs: number[] = [];
  const coldMs: number[] = [];
  for (let run = 0; run < 3; run++) openMs.push(await openFromInspection(page, roomUrl, computers));
  for (let run = 0; run < 3; run++) coldMs.push(await openRoom(page, roomUrl, computers));
  const addMs = await addTimed(page, addTag);
  const scroll = await scrollPhase(page);
  const answered = await answerAcross(page, app, computers, offset);
  return { openMs, coldMs, addMs, shown: answered.shown, answerLongTasks: answered.longTasks, scroll };
}

export async function runBigRoom(
  baseUrl: string,
  opts: { throttle: boolean; onContext?: (context: BrowserContext) => void },
): Promise<BigRoomReport> {
  const { context, dir } = await launchProfile();
  opts.onContext?.(context);
  try {
    await context.addInitScript({ content: `globalThis.__name ??= (f) => f;\n(${installProbe.toString()})();` });
    const page = await firstPage(context);
    page.setDefaultTimeout(60_000);
    const app = new InspectorApp(page, baseUrl);
    await app.open('/');
    await app.waitForServiceWorker();
    progress(`big room: an office with ${BIG_OFFICE_PCS} PCs (adding ${BIG_OFFICE_PCS - 1} through the form)`);
    await app.newInspection({ unit: '某县人民政府', inspectors: ['甲', '乙'], representative: '丙', basis: 'bench' });
    await app.addRoom('办公室', '三楼大办公室');
    await app.openRoom('三楼大办公室');
    for (let i = 1; i < BIG_OFFICE_PCS; i++)
      await app.addComputer({
        assetTag: `PC-${String(i).padStart(3, '0')}`,
        user: `用户${i}`,
        classified: i % 7 === 0,
      });
    const roomUrl = page.url();

    progress(`big room: opening it 3 times, adding PC ${BIG_OFFICE_PCS}, scrolling, ${TAPS} taps`);
    const unthrottled = await pass(page, app, roomUrl, BIG_OFFICE_PCS - 1, `PC-${BIG_OFFICE_PCS}`, 0);
    const items = await roomItems(page);
    await page.goto(roomUrl);
    await openRoom(page, roomUrl, BIG_OFFICE_PCS);
    await sleep(500);
    const domNodes = await page.evaluate(() => document.getElementsByTagName('*').length);

    let throttled: BigRoomPass | undefined;
    if (opts.throttle) {
      progress('big room: again with 4× CPU throttling');
      let cdp: CDPSession | undefined;
      try {
        cdp = await context.newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
        throttled = await pass(page, app, roomUrl, BIG_OFFICE_PCS, `PC-${BIG_OFFICE_PCS + 1}`, 3);
      } finally {
        await cdp?.send('Emulation.setCPUThrottlingRate', { rate: 1 }).catch(() => undefined);
      }
    }
    return { computers: BIG_OFFICE_PCS, items, domNodes, unthrottled, throttled };
  } finally {
    await context.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
