import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { secureHeaders } from 'hono/secure-headers';
import { readAppShell } from './app-shell';
import type { ServerConfig } from './config';
import type { Logger } from './log';
import { apiRoutes, type ApiDeps } from './routes/api';
import type { SyncError } from '../shared/sync-protocol';

/** The largest JSON body: a push of 500 entries stays well under it. */
const MAX_JSON_BODY = 1024 * 1024;

/** Files that must be revalidated on every load, or a new deployment is never seen. */
const NO_CACHE = new Set(['/sw.js', '/manifest.webmanifest', '/checklists/index.json']);

/** Served instead of a blank page while index.html or its scripts are missing; it retries by itself. */
const UPDATING_PAGE =
  '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta http-equiv="refresh" content="5">' +
  '<title>巡检 · 正在更新</title><p>应用正在更新，请稍后重试。</p><p>The app is being updated, retry in a moment.</p></html>';

/** The server: the built PWA, and the sync API under /api when its storage is given. */
export function createApp(config: ServerConfig, log: Logger, api?: ApiDeps): Hono {
  const app = new Hono();

  app.use(async (c, next) => {
    const start = performance.now();
    await next();
    log('info', 'request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - start),
    });
  });
  // Text assets (the app shell, templates) shrink 3–4× on the wire.
  app.use(compress());
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Solid sets inline style attributes (progress bars); no inline <style> or script.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        workerSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        // No manifest-src: WebKit does not know it and logs an error on every load; where
        // it is known, default-src 'self' covers the manifest just the same.
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  const tooLarge = (c: Context) =>
    c.json({ error: 'body-too-large', message: 'a request body may have at most 1 MiB' }, 413);
  const jsonLimit = bodyLimit({ maxSize: MAX_JSON_BODY, onError: tooLarge });
  app.use((c, next) => {
    // Photos are bigger: the blob route counts its own (larger) limit while it streams.
    if (c.req.path.startsWith('/api/blobs/')) return next();
    // A declared length is checked without touching the body: bodyLimit reads
    // `c.req.raw.body`, and on @hono/node-server that builds a whole web Request, through
    // whose stream a push's JSON then comes instead of straight from the socket. Node
    // never delivers more than the declared length; a chunked body is counted by bodyLimit.
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined)
      return parseInt(length, 10) > MAX_JSON_BODY ? Promise.resolve(tooLarge(c)) : next();
    return jsonLimit(c, next);
  });
  app.onError((err, c) => {
    log('error', 'unhandled error', { method: c.req.method, path: c.req.path, error: String(err.stack ?? err) });
    return c.json(
      { error: 'internal', message: 'the server failed; nothing was changed by this request' } satisfies SyncError,
      500,
    );
  });

  app.get('/healthz', (c) => c.json({ ok: true }));
  if (api) app.route('/api', apiRoutes(api, log));

  app.use('*', async (c, next) => {
    await next();
    // The app shell sets its own policy.
    if (c.res.headers.has('Cache-Control')) return;
    if (NO_CACHE.has(c.req.path)) c.header('Cache-Control', 'no-cache');
    // A missing file may be there after the deploy finishes: a 404 is never cached.
    else if (!c.res.ok) return;
    else if (c.req.path.startsWith('/assets/')) c.header('Cache-Control', 'public, max-age=31536000, immutable');
    // Icons and templates keep their names across releases: revalidate daily.
    else c.header('Cache-Control', 'public, max-age=86400');
  });

  // `/` and every client-side route (/login, /i/…/r/…) get the current build's index.html,
  // read per request, so a rebuild is seen without a restart.
  const serveShell = (c: Context) => {
    const shell = readAppShell(config.staticDir);
    if (!shell) {
      c.header('Cache-Control', 'no-store');
      c.header('Retry-After', '5');
      return c.html(UPDATING_PAGE, 503);
    }
    // Revalidated on every load: a cached shell names assets a later build has deleted.
    c.header('Cache-Control', 'no-cache');
    c.header('ETag', shell.etag);
    if (c.req.header('if-none-match') === shell.etag) return c.body(null, 304);
    return c.html(shell.html);
  };
  app.get('/', serveShell);
  app.get('/index.html', serveShell);
  app.use('*', serveStatic({ root: config.staticDir }));
  // Anything with a file extension that serveStatic did not find is a real 404.
  app.get('*', (c) => (/\.[a-z0-9]+$/i.test(c.req.path) ? c.text('Not found', 404) : serveShell(c)));
  return app;
}
