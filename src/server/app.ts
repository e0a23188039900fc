import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { secureHeaders } from 'hono/secure-headers';
import type { ServerConfig } from './config';
import type { Logger } from './log';
import { apiRoutes, type ApiDeps } from './routes/api';

/** Files that must be revalidated on every load, or a new deployment is never seen. */
const NO_CACHE = new Set(['/', '/sw.js', '/index.html', '/manifest.webmanifest', '/checklists/index.json']);

/** The server: the built PWA, and the sync API under /api when its storage is given. */
export function createApp(config: ServerConfig, log: Logger, api?: ApiDeps): Hono {
  const app = new Hono();
  const indexPath = join(config.staticDir, 'index.html');
  const indexHtml = existsSync(indexPath) ? readFileSync(indexPath, 'utf8') : undefined;

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
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  const jsonLimit = bodyLimit({
    maxSize: 1024 * 1024,
    onError: (c) => c.json({ error: 'body-too-large', message: 'a request body may have at most 1 MiB' }, 413),
  });
  // Photos are bigger: the blob route counts its own (larger) limit while it streams.
  app.use((c, next) => (c.req.path.startsWith('/api/blobs/') ? next() : jsonLimit(c, next)));
  app.onError((err, c) => {
    log('error', 'unhandled error', { method: c.req.method, path: c.req.path, error: String(err.stack ?? err) });
    return c.json({ error: 'internal', message: 'the server failed; nothing was changed by this request' }, 500);
  });

  app.get('/healthz', (c) => c.json({ ok: true }));
  if (api) app.route('/api', apiRoutes(api, log));

  app.use('*', async (c, next) => {
    await next();
    if (NO_CACHE.has(c.req.path)) c.header('Cache-Control', 'no-cache');
    else if (c.req.path.startsWith('/assets/')) c.header('Cache-Control', 'public, max-age=31536000, immutable');
    // Icons and templates keep their names across releases: revalidate daily.
    else if (c.res.ok) c.header('Cache-Control', 'public, max-age=86400');
  });
  app.use('*', serveStatic({ root: config.staticDir }));

  // Client-side routes (/i/…/r/…) are the app shell; anything with a file extension is a real 404.
  app.get('*', (c) => {
    if (!indexHtml || /\.[a-z0-9]+$/i.test(c.req.path)) return c.text('Not found', 404);
    c.header('Cache-Control', 'no-cache');
    return c.html(indexHtml);
  });
  return app;
}
