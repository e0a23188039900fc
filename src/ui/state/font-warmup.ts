// After start-up, while online, fetch every PDF font once through the service worker so
// that its cache holds them: the record must be makeable in a basement with rare names.
import { createSignal } from 'solid-js';

export type FontWarmup = { state: 'idle' | 'loading' | 'ready' | 'failed'; done: number; total: number };
const [fontWarmup, setFontWarmup] = createSignal<FontWarmup>({ state: 'idle', done: 0, total: 0 });
export { fontWarmup };

const CACHE = 'xunjian-fonts';

export async function warmFonts(): Promise<void> {
  if (!('caches' in window) || !('serviceWorker' in navigator)) return;
  // On the first visit the worker takes control a little after start-up: wait for it,
  // since only requests it sees end up in its cache.
  if (!navigator.serviceWorker.controller)
    await new Promise((resolve) =>
      navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
    );
  const { FONT_URLS } = await import('../../report/font-urls');
  const urls = Object.values(FONT_URLS).filter((u) => u.endsWith('.ttf'));
  const cache = await caches.open(CACHE);
  const cached = new Set((await cache.keys()).map((r) => new URL(r.url).pathname));
  const missing = urls.filter((u) => !cached.has(new URL(u, location.href).pathname));
  const total = urls.length;
  if (missing.length === 0) return void setFontWarmup({ state: 'ready', done: total, total });
  if (!navigator.onLine) return void setFontWarmup({ state: 'failed', done: total - missing.length, total });
  let done = total - missing.length;
  setFontWarmup({ state: 'loading', done, total });
  let failed = false;
  // A few at a time: it is background work on a phone's connection.
  const queue = [...missing];
  const worker = async () => {
    for (let url = queue.shift(); url; url = queue.shift()) {
      const ok = await fetch(url).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) setFontWarmup({ state: 'loading', done: ++done, total });
      else failed = true;
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  setFontWarmup({ state: failed ? 'failed' : 'ready', done, total });
}
