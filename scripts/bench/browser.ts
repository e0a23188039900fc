/**
 * Parts 3 and 4 of `npm run bench`, in headless Chromium on a persistent (on-disk)
 * profile, so IndexedDB writes hit the disk as on a phone (incognito keeps them in memory).
 */
import { rmSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { launchProfile } from '../../test/helpers/browser';
import { InspectorApp } from '../../test/helpers/page-models/app';
import { E2E_PIN } from '../../test/helpers/unseal';
import { progress, sleep } from './util';

export const COMPUTERS = 10;
export const TAPS = 60;
export const THROTTLED_TAPS = 40;
const RESULTS = ['符合', '不符合', '部分符合', '不适用'] as const;

/** What the init script keeps on `window` (installed before any app code runs). */
interface Probe {
  longTasks: { start: number; duration: number }[];
  events: { name: string; duration: number }[];
  tapAt: number;
  pressedAt: number;
  frames: number[];
  recordFrames: boolean;
}
export type ProbeWindow = Window & { __bench: Probe };

export function installProbe(): void {
  const probe: Probe = { longTasks: [], events: [], tapAt: 0, pressedAt: 0, frames: [], recordFrames: false };
  (window as unknown as ProbeWindow).__bench = probe;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) probe.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) probe.events.push({ name: e.name, duration: e.duration });
    }).observe({ type: 'event', buffered: true, durationThreshold: 16 } as PerformanceObserverInit);
  } catch {
    // Event Timing unsupported: the figure is reported as n/a.
  }
  // Tap → the result button shows as pressed (the commit plus the re-render from IndexedDB).
  document.addEventListener('click', (e) => ((probe.tapAt = e.timeStamp), (probe.pressedAt = 0)), true);
  new MutationObserver((records) => {
    if (probe.pressedAt === 0 && records.some((r) => (r.target as Element).getAttribute('aria-pressed') === 'true'))
      probe.pressedAt = performance.now();
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['aria-pressed'] });
  let last = 0;
  const frame = (t: number) => {
    if (probe.recordFrames && last) probe.frames.push(t - last);
    last = t;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

export interface LongTaskStats {
  count: number;
  over100: number;
  longest: number;
}

export interface PhaseStats {
  longTasks: LongTaskStats;
}

export interface AnswerStats extends PhaseStats {
  taps: number;
  commits: number[];
  /** Tap → button shows aria-pressed=true. */
  shown: number[];
  /** Event Timing durations of the taps' click events (≥ 16 ms only, as the API reports them). */
  eventMax: number | undefined;
}

export interface ScrollStats extends PhaseStats {
  steps: number;
  reachedBottom: boolean;
  longestFrame: number;
  framesOver50: number;
}

export interface BrowserReport {
  firstScreenScripts: string[];
  items: number;
  domNodes: number;
  renderMs: number[];
  renderLongTasks: LongTaskStats;
  scroll: ScrollStats;
  answer: AnswerStats;
  throttled?: { scroll: ScrollStats; answer: AnswerStats };
  /** The same taps once the app lock is set up: every row sealed (AES-GCM) on its way in. */
  sealed: AnswerStats;
}

export const now = (page: Page) => page.evaluate(() => performance.now());

export async function longTasksBetween(page: Page, from: number, to: number): Promise<LongTaskStats> {
  const all = await page.evaluate(() => (window as unknown as ProbeWindow).__bench.longTasks);
  const tasks = all.filter((t) => t.start >= from && t.start < to);
  return {
    count: tasks.length,
    over100: tasks.filter((t) => t.duration > 100).length,
    longest: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
  };
}

export async function scrollPhase(page: Page): Promise<ScrollStats> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await sleep(500);
  await page.mouse.move(180, 400);
  await page.evaluate(() => ((window as unknown as ProbeWindow).__bench.frames = []));
  await page.evaluate(() => ((window as unknown as ProbeWindow).__bench.recordFrames = true));
  const t0 = await now(page);
  let steps = 0;
  let atBottom = false;
  let stuck = 0;
  while (!atBottom && steps < 600 && stuck < 10) {
    const before = await page.evaluate(() => window.scrollY);
    await page.mouse.wheel(0, 300);
    await sleep(50);
    steps++;
    const { y, bottom } = await page.evaluate(() => ({
      y: window.scrollY,
      bottom: window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2,
    }));
    atBottom = bottom;
    stuck = y === before ? stuck + 1 : 0;
  }
  await sleep(300);
  const t1 = await now(page);
  const frames = await page.evaluate(() => {
    const probe = (window as unknown as ProbeWindow).__bench;
    probe.recordFrames = false;
    return probe.frames;
  });
  return {
    steps,
    reachedBottom: atBottom,
    longestFrame: frames.reduce((m, f) => Math.max(m, f), 0),
    framesOver50: frames.filter((f) => f > 50).length,
    longTasks: await longTasksBetween(page, t0, t1),
  };
}

/** Tap `taps` items spread over the room (offset so a second pass hits other items). */
async function answerPhase(
  page: Page,
  app: InspectorApp,
  items: number,
  taps: number,
  offset: number,
): Promise<AnswerStats> {
  await page.evaluate(() => {
    performance.clearMeasures('answer-commit');
    (window as unknown as ProbeWindow).__bench.events = [];
  });
  const t0 = await now(page);
  const shown: number[] = [];
  for (let i = 0; i < taps; i++) {
    const index = (Math.floor((i * items) / taps) + offset) % items;
    await app.item(index).scrollIntoViewIfNeeded();
    await app.answer(index, RESULTS[(i + offset) % RESULTS.length] as (typeof RESULTS)[number]);
    const dt = await page.evaluate(() => {
      const p = (window as unknown as ProbeWindow).__bench;
      return p.pressedAt > 0 ? p.pressedAt - p.tapAt : NaN;
    });
    if (Number.isFinite(dt)) shown.push(dt);
    await sleep(100); // a person taps a few times a second at most
  }
  await page.waitForFunction((n) => performance.getEntriesByName('answer-commit').length >= n, taps, {
    timeout: 15_000,
  });
  await sleep(300);
  const t1 = await now(page);
  const { commits, events } = await page.evaluate(() => ({
    commits: performance.getEntriesByName('answer-commit').map((e) => e.duration),
    events: (window as unknown as ProbeWindow).__bench.events,
  }));
  const clicks = events.filter((e) => e.name === 'click' || e.name === 'pointerup' || e.name === 'pointerdown');
  return {
    taps,
    commits,
    shown,
    eventMax: clicks.length ? Math.max(...clicks.map((e) => e.duration)) : undefined,
    longTasks: await longTasksBetween(page, t0, t1),
  };
}

/** Set up the app lock on the account page (sealing what is stored), then measure in the room. */
async function withAppLock<T>(page: Page, app: InspectorApp, roomUrl: string, measure: () => Promise<T>): Promise<T> {
  await app.open('/account');
  const form = page.getByTestId('lock-settings').getByTestId('pin-setup');
  await form.locator('input[name=pin]').fill(E2E_PIN);
  await form.locator('input[name=confirm]').fill(E2E_PIN);
  await form.locator('button[type=submit]').click();
  await page.getByTestId('lock-now').waitFor({ timeout: 120_000 });
  await page.goto(roomUrl);
  await app.unlockIfLocked();
  await app.items().first().waitFor();
  return measure();
}

/** Zero long tasks must mean none happened, not a deaf observer: make one on purpose. */
export async function checkLongTaskObserver(page: Page): Promise<void> {
  const t0 = await now(page);
  // (In a task of the page's own: code run by page.evaluate is not reported as a long task.)
  await page.evaluate(
    () =>
      new Promise<void>((done) =>
        setTimeout(() => {
          const start = performance.now();
          while (performance.now() - start < 150);
          done();
        }),
      ),
  );
  await sleep(300);
  const check = await longTasksBetween(page, t0, await now(page));
  if (check.longest < 100)
    throw new Error('the long-task observer did not see a 150 ms busy loop: long-task figures would be wrong');
}

export async function firstPage(context: BrowserContext): Promise<Page> {
  return context.pages()[0] ?? (await context.newPage());
}

/** `onContext` hands the browser to the caller, so a timed-out run can still be closed. */
export async function runBrowser(
  baseUrl: string,
  opts: { throttle: boolean; onContext?: (context: BrowserContext) => void },
): Promise<BrowserReport> {
  const { context, dir } = await launchProfile();
  opts.onContext?.(context);
  try {
    // tsx (esbuild keepNames) wraps named inner functions in `__name(…)`: give the page one.
    await context.addInitScript({ content: `globalThis.__name ??= (f) => f;\n(${installProbe.toString()})();` });
    const page = await firstPage(context);
    page.setDefaultTimeout(30_000);
    const app = new InspectorApp(page, baseUrl);

    progress('browser: first visit to / (recording the scripts it loads)');
    const scripts = new Set<string>();
    page.on('response', (res) => {
      const url = new URL(res.url());
      if (url.origin === baseUrl && res.request().resourceType() === 'script') scripts.add(url.pathname);
    });
    await app.open('/');
    await page.waitForLoadState('networkidle');
    await sleep(1000);
    const firstScreenScripts = [...scripts];
    await app.waitForServiceWorker();

    progress(`browser: new inspection, an office with ${COMPUTERS} computers`);
    await app.newInspection({ unit: '基准测试单位', inspectors: ['甲', '乙'], representative: '丙', basis: 'bench' });
    await app.addRoom('办公室', '大办公室');
    await app.openRoom('大办公室');
    for (let i = 1; i <= COMPUTERS; i++)
      await app.addComputer({
        assetTag: `PC-${String(i).padStart(3, '0')}`,
        user: `用户${i}`,
        classified: i % 3 === 0,
      });
    // The room holds every item; one PC's block is open at a time, so fewer are on the page.
    const items = Number(((await page.locator('.bottom-bar .progress-text').textContent()) ?? '').split('/')[1]);
    const visible = await app.items().count();
    if (items < 150) progress(`browser: WARNING: only ${items} items in the room (the big-room case wants ≥ 150)`);
    const roomUrl = page.url();

    progress(`browser: ${items} items; timing 3 cold renders of the room`);
    const renderMs: number[] = [];
    let renderLongTasks: LongTaskStats = { count: 0, over100: 0, longest: 0 };
    for (let run = 0; run < 3; run++) {
      await page.goto('about:blank');
      await page.goto(roomUrl, { waitUntil: 'commit' });
      const handle = await page.waitForFunction(
        (n) => (document.querySelectorAll('article.item').length >= n ? performance.now() : false),
        visible,
        { polling: 'raf', timeout: 30_000 },
      );
      const at = (await handle.jsonValue()) as number;
      renderMs.push(at);
      renderLongTasks = await longTasksBetween(page, 0, at + 1);
    }
    await sleep(1000);
    const domNodes = await page.evaluate(() => document.getElementsByTagName('*').length);

    progress('browser: scrolling top to bottom');
    const scroll = await scrollPhase(page);
    progress(`browser: ${TAPS} answer taps`);
    const answer = await answerPhase(page, app, visible, TAPS, 0);

    let throttled: BrowserReport['throttled'];
    if (opts.throttle) {
      progress(`browser: again with 4× CPU throttling (scroll, ${THROTTLED_TAPS} taps)`);
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      try {
        throttled = {
          scroll: await scrollPhase(page),
          answer: await answerPhase(page, app, visible, THROTTLED_TAPS, 1),
        };
      } finally {
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 }).catch(() => undefined);
      }
    }
    progress(`browser: the app lock set up (rows sealed), ${TAPS} answer taps`);
    const sealed = await withAppLock(page, app, roomUrl, () => answerPhase(page, app, visible, TAPS, 2));
    await checkLongTaskObserver(page);
    return { firstScreenScripts, items, domNodes, renderMs, renderLongTasks, scroll, answer, throttled, sealed };
  } finally {
    await context.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
