// After start-up, while online, fetch every PDF font once through the service worker so
// that its cache holds them: the record must be makeable in a basement with rare names.
// What the list shows is counted in the cache itself, never taken from the fetches.
import { createSignal } from 'solid-js';
import { updateWaiting } from '../sw-bridge';
import { fontCacheStatus, type FontCacheStatus } from './font-cache';

export type FontWarmup = FontCacheStatus & { state: 'idle' | 'loading' | 'ready' | 'incomplete' };
const [fontWarmup, setFontWarmup] = createSignal<FontWarmup>({
  state: 'idle',
  cached: 0,
  total: 0,
  mainCached: false,
});
export { fontWarmup };

const CACHE = 'xunjian-fonts';

async function cachedStatus(urls: Readonly<Record<string, string>>, mainFiles: string[]): Promise<FontCacheStatus> {
  const cache = await caches.open(CACHE);
  const paths = new Set((await cache.keys()).map((r) => new URL(r.url).pathname));
  return fontCacheStatus(urls, paths, location.href, mainFiles);
}

/** The main faces, as the coverage index (precached with the app) names them. */
async function mainFontFiles(fetchFontBytes: (file: string) => Promise<Uint8Array>): Promise<string[]> {
  const { COVERAGE_INDEX_FILE, coverageIndexSchema } = await import('../../report/model/font-coverage');
  const json: unknown = JSON.parse(new TextDecoder().decode(await fetchFontBytes(COVERAGE_INDEX_FILE)));
  const { files } = coverageIndexSchema.parse(json).main;
  return [files['400'].file, files['700'].file];
}

/** Whether the service worker's copy of `url` shows up within a few seconds. */
async function appearsInCache(cache: Cache, url: string): Promise<boolean> {
  for (let wait = 50; wait <= 1600; wait *= 2) {
    if (await cache.match(url)) return true;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
  return !!(await cache.match(url));
}

const settled = (s: FontCacheStatus): FontWarmup => ({ ...s, state: s.cached === s.total ? 'ready' : 'incomplete' });

/** Fill the font cache (a few files at a time) and say what it holds; never throws. */
export async function warmFonts(): Promise<void> {
  if (!('caches' in window) || !('serviceWorker' in navigator)) return;
  try {
    // On the first visit the worker takes control a little after start-up: wait for it,
    // since only requests it sees end up in its cache.
    if (!navigator.serviceWorker.controller)
      await new Promise((resolve) =>
        navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
      );
    const { FONT_URLS, fetchFontBytes } = await import('../../report/font-urls');
    const mainFiles = await mainFontFiles(fetchFontBytes);
    const before = await cachedStatus(FONT_URLS, mainFiles);
    if (before.cached === before.total || !navigator.onLine) return void setFontWarmup(settled(before));
    setFontWarmup({ ...before, state: 'loading' });
    const cache = await caches.open(CACHE);
    const queue = Object.entries(FONT_URLS)
      .filter(([file, url]) => file.endsWith('.ttf') && !url.startsWith('data:'))
      .map(([, url]) => url);
    let cached = before.cached;
    // Files the cache did not keep in a row: a full device refuses all the rest too, so
    // stop asking (the next start tries again) instead of waiting on every file.
    let refusedInARow = 0;
    // A few at a time: it is background work on a phone's connection. A new version
    // waiting stops it: the browser activates that version only once the worker in control
    // has no fetch in flight, so a warm-up that kept going would hold the update back for
    // as long as it runs (minutes on a busy phone). The new version warms what is left.
    const worker = async () => {
      for (let url = queue.shift(); url && refusedInARow < 3 && !updateWaiting(); url = queue.shift()) {
        if (await cache.match(url)) continue;
        // The service worker is the one writer of its cache (its expiration bookkeeping and
        // purge-on-quota stay right); it puts a file only after answering, so the page reads
        // the whole body, then looks for the copy for a bounded time. A put the quota
        // refused never shows up, and the file is not counted.
        const fetched = await fetch(url)
          .then(async (r) => r.ok && (await r.arrayBuffer()).byteLength > 0)
          .catch(() => false);
        const stored = fetched && (await appearsInCache(cache, url));
        refusedInARow = stored ? 0 : refusedInARow + 1;
        if (stored) setFontWarmup({ ...before, cached: ++cached, state: 'loading' });
      }
    };
    await Promise.all([worker(), worker(), worker()]);
    setFontWarmup(settled(await cachedStatus(FONT_URLS, mainFiles)));
  } catch {
    // A reload while the worker takes control, or a cache the browser refused: the list
    // then shows the last count it had, and the next start checks again.
    const last = fontWarmup();
    if (last.state === 'loading') setFontWarmup({ ...last, state: 'incomplete' });
  }
}
