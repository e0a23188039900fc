/**
 * Part 5 of `npm run bench`: photos, in headless Chromium on a persistent (on-disk) profile
 * of its own. A camera photo goes through the item's camera input (setInputFiles), the
 * app's Web Worker (src/evidence/photo-compress.worker.ts) and into IndexedDB.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BrowserContext, Page } from 'playwright-core';
import type { Photo } from '../../src/shared/evidence';
import { phonePhoto } from '../../test/helpers/jpeg';
import { launchProfile } from '../../test/helpers/browser';
import { readTable } from '../../test/helpers/idb';
import { EvidenceApp } from '../../test/helpers/page-models/app';
import {
  checkLongTaskObserver,
  firstPage,
  installProbe,
  longTasksBetween,
  now,
  type LongTaskStats,
  type ProbeWindow,
} from './browser';
import { progress, sleep } from './util';

export const TIMED_RUNS = 5;
export const THROTTLED_RUNS = 3;
export const MANY = 30;
/** phonePhoto()'s recipe with other seeds: distinct bytes, so SHA-256 dedup never skips a write. */
const CACHE = join(tmpdir(), 'xunjian-bench-photos');
const seedsForRuns = [1, 2, 3, 4]; // + phonePhoto() itself (seed 7)
const seedsForThrottled = [5, 6, 8];
const seedsForMany = Array.from({ length: MANY }, (_, i) => 101 + i);

/** Kept on `window` by the init script: IndexedDB commits that touch `photos`, input changes. */
interface PhotoProbe {
  commits: { start: number; end: number }[];
  changes: number[];
}
type PhotoWindow = Window & { __photos: PhotoProbe };

function installPhotoProbe(): void {
  const probe: PhotoProbe = { commits: [], changes: [] };
  (window as unknown as PhotoWindow).__photos = probe;
  // The app writes through Dexie, which calls IDBDatabase#transaction: note when each
  // read-write transaction over `photos` starts and when it commits ('complete').
  const original = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    const tx = original.apply(this, args);
    const [names, mode] = args;
    if (mode === 'readwrite' && (typeof names === 'string' ? [names] : [...names]).includes('photos')) {
      const start = performance.now();
      tx.addEventListener('complete', () => probe.commits.push({ start, end: performance.now() }));
    }
    return tx;
  } as IDBDatabase['transaction'];
  document.addEventListener(
    'change',
    (e) => {
      if ((e.target as Element).matches?.('[data-testid=photo-camera]')) probe.changes.push(e.timeStamp);
    },
    true,
  );
}

export interface PhotoRun {
  inputBytes: number;
  /** performance.now() right before setInputFiles → the photo's write transaction committed. */
  store: number;
  /** input change event → the write transaction starts (worker: EXIF, decode, resize, encode, hash). */
  compress: number;
  /** the write transaction: start → 'complete'. */
  write: number;
  /** → the new thumbnail is in the DOM and decoded. */
  shown: number;
  bytes: number;
  width: number;
  height: number;
  longTasks: LongTaskStats;
  longestFrame: number;
}

export interface ManyReport {
  count: number;
  items: number;
  records: { bytes: number; width: number; height: number }[];
  stores: number[];
  idbBefore: number | undefined;
  idbAfter: number | undefined;
  seconds: number;
}

export interface PhotosReport {
  runs: PhotoRun[];
  longTasks: LongTaskStats;
  /** The same with 4× CPU throttling (informational). */
  throttled?: PhotoRun[];
  many: ManyReport;
}

const run = promisify(execFile);

/** The 4032×3024 JPEGs, made once and kept in the system temp dir between bench runs. */
async function photoFiles(seeds: number[]): Promise<string[]> {
  mkdirSync(CACHE, { recursive: true });
  const files = seeds.map((seed) => join(CACHE, `plasma-${seed}-4032x3024-q92.jpg`));
  const missing = seeds.filter((_, i) => !existsSync(files[i] as string));
  if (missing.length) progress(`photos: generating ${missing.length} 4032×3024 JPEGs with ImageMagick in ${CACHE}`);
  const make = async (seed: number) => {
    const file = join(CACHE, `plasma-${seed}-4032x3024-q92.jpg`);
    const tmp = `${file}.${process.pid}.tmp.jpg`;
    const recipe = ['-seed', String(seed), '-size', '4032x3024', 'plasma:fractal', '-blur', '0x2', '-quality', '92'];
    try {
      await run('convert', [...recipe, tmp], { timeout: 120_000 });
      renameSync(tmp, file);
    } finally {
      rmSync(tmp, { force: true });
    }
  };
  const queue = [...missing];
  await Promise.all(
    [0, 1].map(async () => {
      for (let seed = queue.shift(); seed !== undefined; seed = queue.shift()) await make(seed);
    }),
  );
  return files;
}

const photoCount = (page: Page) => page.evaluate(() => (window as unknown as PhotoWindow).__photos.commits.length);

/** Attach one file to an item's camera input; resolves with the timings (page clock, ms). */
async function storeOne(app: EvidenceApp, index: number, file: string, waitForThumb: boolean) {
  const page = app.page;
  const strip = app.item(index).locator('.photos[data-attached-to=item]');
  await strip.scrollIntoViewIfNeeded();
  const imgs = await strip.locator('img').count();
  const commits = await photoCount(page);
  const t0 = await now(page);
  await strip.locator('[data-testid=photo-camera]').setInputFiles(file);
  await page.waitForFunction((n) => (window as unknown as PhotoWindow).__photos.commits.length > n, commits, {
    polling: 'raf',
    timeout: 30_000,
  });
  const probe = await page.evaluate(() => (window as unknown as PhotoWindow).__photos);
  const commit = probe.commits[commits] as { start: number; end: number };
  const change = probe.changes[probe.changes.length - 1] ?? NaN;
  let shownAt = NaN;
  if (waitForThumb) {
    const handle = await strip.elementHandle();
    const at = await page.waitForFunction(
      ({ el, n }) => {
        const img = el?.querySelectorAll('img')[n] as HTMLImageElement | undefined;
        return img?.complete && img.naturalWidth > 0 ? performance.now() : false;
      },
      { el: handle, n: imgs },
      { polling: 'raf', timeout: 30_000 },
    );
    shownAt = (await at.jsonValue()) as number;
  }
  return { t0, store: commit.end - t0, compress: commit.start - change, write: commit.end - commit.start, shownAt };
}

/** One store, timed, with the long tasks and rAF gaps from setInputFiles to 300 ms after the thumbnail shows. */
async function timedRun(app: EvidenceApp, index: number, file: string, seen: Set<string>): Promise<PhotoRun> {
  const page = app.page;
  await page.evaluate(() => {
    const p = (window as unknown as ProbeWindow).__bench;
    p.frames = [];
    p.recordFrames = true;
  });
  const s = await storeOne(app, index, file, true);
  await sleep(300);
  const frames = await page.evaluate(() => {
    const p = (window as unknown as ProbeWindow).__bench;
    p.recordFrames = false;
    return p.frames;
  });
  const to = await now(page);
  const fresh = (await readTable<Photo>(page, 'photos')).filter((p) => !seen.has(p.id));
  const record = fresh[0];
  if (fresh.length !== 1 || !record) throw new Error(`${fresh.length} new photo records after one store`);
  seen.add(record.id);
  const run: PhotoRun = {
    inputBytes: statSync(file).size,
    store: s.store,
    compress: s.compress,
    write: s.write,
    shown: s.shownAt - s.t0,
    bytes: record.bytes,
    width: record.width,
    height: record.height,
    longTasks: await longTasksBetween(page, s.t0, to),
    longestFrame: frames.reduce((m, f) => Math.max(m, f), 0),
  };
  await sleep(500);
  return run;
}

/** IndexedDB usage of the origin as Chromium's quota manager counts it (on-disk size). */
async function idbUsage(context: BrowserContext, page: Page, origin: string): Promise<number | undefined> {
  const cdp = await context.newCDPSession(page);
  try {
    const { usageBreakdown } = await cdp.send('Storage.getUsageAndQuota', { origin });
    return usageBreakdown.find((b) => b.storageType === 'indexeddb')?.usage;
  } catch {
    return undefined;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

export async function runPhotos(
  baseUrl: string,
  opts: { throttle: boolean; onContext?: (context: BrowserContext) => void },
): Promise<PhotosReport> {
  progress('photos: preparing the input JPEGs (test/helpers/jpeg.ts phonePhoto() and variants)');
  const runFiles = [phonePhoto(), ...(await photoFiles(seedsForRuns))];
  const throttledFiles = await photoFiles(seedsForThrottled);
  const manyFiles = await photoFiles(seedsForMany);

  const { context, dir } = await launchProfile();
  opts.onContext?.(context);
  try {
    const probes = `(${installProbe.toString()})();\n(${installPhotoProbe.toString()})();`;
    await context.addInitScript({ content: `globalThis.__name ??= (f) => f;\n${probes}` });
    const page = await firstPage(context);
    page.setDefaultTimeout(30_000);
    const app = new EvidenceApp(page, baseUrl);
    await app.open('/');
    await app.waitForServiceWorker();
    await app.newInspection({ unit: '照片基准测试', inspectors: ['甲'], basis: 'bench' });
    await app.addRoom('机房', '机房');
    await app.openRoom('机房');
    const items = await app.items().count();
    await sleep(1000);

    progress(`photos: ${TIMED_RUNS} timed stores of a 4032×3024 JPEG`);
    const runs: PhotoRun[] = [];
    const seen = new Set<string>();
    const from = await now(page);
    for (let i = 0; i < TIMED_RUNS; i++) runs.push(await timedRun(app, i % items, runFiles[i] as string, seen));
    const longTasks = await longTasksBetween(page, from, await now(page));
    await checkLongTaskObserver(page);

    let throttled: PhotoRun[] | undefined;
    if (opts.throttle) {
      progress(`photos: ${THROTTLED_RUNS} more with 4× CPU throttling`);
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      try {
        throttled = [];
        for (let i = 0; i < THROTTLED_RUNS; i++)
          throttled.push(await timedRun(app, (TIMED_RUNS + i) % items, throttledFiles[i] as string, seen));
      } finally {
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 }).catch(() => undefined);
      }
    }

    progress(`photos: storing ${MANY} distinct photos on ${Math.min(10, items)} items`);
    const origin = new URL(baseUrl).origin;
    const before = new Set((await readTable<Photo>(page, 'photos')).map((p) => p.id));
    const idbBefore = await idbUsage(context, page, origin);
    const stores: number[] = [];
    const started = Date.now();
    for (let i = 0; i < MANY; i++)
      stores.push((await storeOne(app, (i % 10) % items, manyFiles[i] as string, false)).store);
    const seconds = (Date.now() - started) / 1000;
    await sleep(1000);
    const records = (await readTable<Photo>(page, 'photos')).filter((p) => !before.has(p.id));
    const idbAfter = await idbUsage(context, page, origin);
    return {
      runs,
      longTasks,
      throttled,
      many: { count: MANY, items: Math.min(10, items), records, stores, idbBefore, idbAfter, seconds },
    };
  } finally {
    await context.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
