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
  // Only after the user accepted the update does the new worker take over; then load
  // the new app code.
  // `controlling` also fires when the first worker claims this page (offline from the
  // first visit); only a change of an existing controller is an update.
  let controlled = !!navigator.serviceWorker.controller;
  wb.addEventListener('controlling', () => {
    if (!controlled) {
      controlled = true;
      return;
    }
    if (accepted) window.location.reload();
    else {
      // Another tab accepted the update: offer the reload here too, never force it.
      takenOverElsewhere = true;
      setUpdateWaiting(true);
    }
  });
  void wb.register();
  // A phone keeps the app open for days: look for a new version now and then.
  setInterval(() => void wb?.update(), 60 * 60 * 1000);
}

/** The user pressed "reload" on the update banner. */
export function applyUpdate(): void {
  accepted = true;
  if (!wb || takenOverElsewhere) window.location.reload();
  else wb.messageSkipWaiting();
}

export function dismissUpdate(): void {
  setUpdateWaiting(false);
}
