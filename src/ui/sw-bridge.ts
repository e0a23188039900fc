// The page's side of the service worker: register in production, tell the user when
// the app is ready offline and when a new version waits. Reloading is always the
// user's choice — never in the middle of an inspection by itself.
import { createSignal } from 'solid-js';
import type { Workbox } from 'workbox-window';

const [updateWaiting, setUpdateWaiting] = createSignal(false);
const [offlineReady, setOfflineReady] = createSignal(false);
export { offlineReady, updateWaiting };

let wb: Workbox | undefined;
let accepted = false;
let takenOverElsewhere = false;

/** Register once the page has loaded: the worker's precache must not compete with first paint. */
export async function registerServiceWorker(): Promise<void> {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  if (document.readyState !== 'complete') await new Promise((r) => window.addEventListener('load', r, { once: true }));
  const { Workbox } = await import('workbox-window');
  wb = new Workbox('/sw.js', { scope: '/' });
  wb.addEventListener('waiting', () => setUpdateWaiting(true));
  wb.addEventListener('installed', (event) => {
    if (!event.isUpdate) setOfflineReady(true);
  });
  // `controlling` fires when the first worker claims this page (offline from the first
  // visit): that is not an update. Only a different worker replacing the one in control
  // is, and without the user's acceptance here it was accepted in another tab: offer the
  // reload, never force it. (WebKit's one "banner with no new build" was a real new build:
  // dist/ rebuilt with changed code under a running test; test/e2e/engines/no-spurious-update
  // shows no banner without one, in WebKit and Firefox.)
  let current = navigator.serviceWorker.controller;
  wb.addEventListener('controlling', () => {
    const previous = current;
    current = navigator.serviceWorker.controller;
    if (accepted || !previous || previous === current) return;
    takenOverElsewhere = true;
    setUpdateWaiting(true);
  });
  void wb.register();
  // A phone keeps the app open for days: look for a new version now and then.
  setInterval(() => void wb?.update(), 60 * 60 * 1000);
}

/** The user pressed "reload" on the update banner. */
export function applyUpdate(): void {
  accepted = true;
  // The reload follows the new worker taking control, heard directly from the browser:
  // not through a flag read when the page started, which a loaded phone can get wrong.
  navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
  void navigator.serviceWorker.getRegistration().then((registration) => {
    // Nothing waiting any more (another tab's worker already took over): just reload.
    if (!wb || takenOverElsewhere || !registration?.waiting) window.location.reload();
    else wb.messageSkipWaiting();
  });
}

export function dismissUpdate(): void {
  setUpdateWaiting(false);
}
