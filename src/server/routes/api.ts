import { Hono } from 'hono';
import type { Logger } from '../log';
import type { BlobStore } from '../services/blobs';
import type { LoginThrottle } from '../services/login-throttle';
import type { Storage } from '../storage/storage';
import { adminRoutes } from './admin';
import { authRoutes } from './auth';
import { clientAddress } from './client-address';
import { blobRoutes } from './blobs';
import { inspectionRoutes, peopleRoutes } from './inspections';
import { reject } from './respond';
import { syncRoutes } from './sync';

/** What the API needs besides configuration: opened and migrated by main.ts (or a test). */
export interface ApiDeps {
  storage: Storage;
  blobs: BlobStore;
  throttle: LoginThrottle;
  /** TRUSTED_PROXIES: whose X-Forwarded-For names the client. */
  trustedProxies?: readonly string[];
}

/** The sync API under /api: accounts, push/pull, blobs. */
export function apiRoutes({ storage, blobs, throttle, trustedProxies = [] }: ApiDeps, log: Logger) {
  const api = new Hono();
  const addressOf = clientAddress(trustedProxies);
  api.use(async (c, next) => {
    await next();
    // Answers about one account's data: never cached by the browser or a proxy.
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
  });
  // A JSON endpoint takes JSON only: a form or text/plain body is what a foreign page can
  // send without asking (a CORS "simple" request), so it never reaches one.
  api.use(async (c, next) => {
    if (c.req.method !== 'POST' || c.req.path.startsWith('/api/blobs/')) return next();
    // A POST with no body at all (a logout) carries nothing to misread.
    const hasBody = Number(c.req.header('content-length') ?? 0) > 0 || c.req.header('transfer-encoding') !== undefined;
    if (!hasBody) return next();
    const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json')
      return reject(c, 415, 'unsupported-media-type', 'send the body as Content-Type: application/json');
    return next();
  });
  api.route('/', authRoutes(storage.db, throttle, addressOf, log));
  api.route('/admin', adminRoutes(storage.db, throttle, addressOf));
  api.route('/sync', syncRoutes(storage.db, log));
  api.route('/blobs', blobRoutes(storage.db, blobs, log));
  api.route('/inspections', inspectionRoutes(storage.db, log));
  api.route('/people', peopleRoutes(storage.db));
  // An API path that does not exist is a client bug, not an app-shell route.
  api.all('*', (c) => reject(c, 404, 'not-found', `no API route ${c.req.method} ${c.req.path}`));
  return api;
}
