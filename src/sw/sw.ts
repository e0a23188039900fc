/// <reference lib="webworker" />
// The service worker: precached app (every chunk) and templates, a run-time cache for
// the PDF fonts, SPA navigation offline. It never activates itself over a running app:
// the page asks (SKIP_WAITING) when the user accepts "new version — reload".
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { ExpirationPlugin } from 'workbox-expiration';
import { CacheFirst } from 'workbox-strategies';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Every client-side route is the app shell; the API is never a navigation (and, not
// being registered, never cached: sync talks to the server or fails plainly).
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/api\//, /^\/healthz/] }));

// Fonts for the PDF record: too big to precache (the install would be fragile), so they
// are cached on first use and warmed by the app after start-up (src/ui/state/font-warmup.ts).
const FONT_CACHE = 'xunjian-fonts';
registerRoute(
  ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/assets/') && url.pathname.endsWith('.ttf'),
  // Font file names carry a content hash: after a font update the old files are never
  // asked for again, so keep only about one generation (205 files today).
  new CacheFirst({
    cacheName: FONT_CACHE,
    plugins: [new ExpirationPlugin({ maxEntries: 260, purgeOnQuotaError: true })],
  }),
);

// Anything else under /assets/ that was not precached (none today; a safety net):
// hashed file names never change content, so cache-first is safe.
registerRoute(
  ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/assets/'),
  new CacheFirst({
    cacheName: 'xunjian-lazy-chunks',
    plugins: [new ExpirationPlugin({ maxEntries: 100, purgeOnQuotaError: true })],
  }),
);

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// First install only: take control of the open page so it works offline without a
// reload. Updates still wait for SKIP_WAITING (see above).
clientsClaim();
