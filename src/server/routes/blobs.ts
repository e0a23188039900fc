import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { Logger } from '../log';
import { BLOB_TYPES, BlobHashMismatchError, BlobTooLargeError, type BlobStore, type BlobType } from '../services/blobs';
import { mayReadBlob } from '../services/scope';
import type { Schema } from '../storage/schema';
import { reject } from './respond';
import { requireDevice, type AuthedEnv } from './session';

const SHA256 = /^[0-9a-f]{64}$/;

export function blobRoutes(db: Kysely<Schema>, store: BlobStore, log: Logger) {
  const routes = new Hono<AuthedEnv>();
  routes.use(requireDevice(db));

  routes.put('/:sha256', async (c) => {
    const sha256 = c.req.param('sha256');
    // Blobs are named by the lower-case hex SHA-256 of their bytes, nothing else.
    if (!SHA256.test(sha256)) return reject(c, 400, 'malformed', 'the path must be a lower-case hex SHA-256');
    const mime = c.req.header('content-type')?.split(';')[0]?.trim();
    // Only what the app stores: JPEG photos and PNG signatures.
    if (!BLOB_TYPES.includes(mime as BlobType))
      return reject(c, 415, 'unsupported-media-type', `Content-Type must be one of ${BLOB_TYPES.join(', ')}`);
    const declared = Number(c.req.header('content-length') ?? 0);
    // Refused before reading a byte when the client says it is too big.
    if (declared > store.maxBytes)
      return reject(c, 413, 'body-too-large', `a blob may have at most ${store.maxBytes} bytes`);
    const body = c.req.raw.body;
    if (!body) return reject(c, 400, 'malformed', 'the body is empty');
    try {
      const { stored } = await store.put(db, c.var.session, sha256, mime as BlobType, body);
      log('info', 'blob', { sha256, stored, deviceId: c.var.session.deviceId });
      return c.json({ sha256, stored });
    } catch (err) {
      // Chunked uploads have no Content-Length: the limit is also counted while reading.
      if (err instanceof BlobTooLargeError) return reject(c, 413, 'body-too-large', err.message);
      // Cut off or corrupted on the way: nothing kept, the app uploads again.
      if (err instanceof BlobHashMismatchError) return reject(c, 400, 'hash-mismatch', err.message);
      throw err;
    }
  });

  // Hono answers HEAD with the GET route (and drops the body): HEAD is the phone asking
  // whether to upload at all, so it must not read the bytes.
  routes.get('/:sha256', async (c) => {
    const sha256 = c.req.param('sha256');
    if (!SHA256.test(sha256)) return reject(c, 400, 'malformed', 'the path must be a lower-case hex SHA-256');
    // Only bytes an inspection in the user's scope names: the same 404 as for unknown bytes.
    if (!(await mayReadBlob(db, c.var.session, sha256)))
      return reject(c, 404, 'not-found', 'no such blob for your organisation');
    if (c.req.method === 'HEAD') {
      const known = await store.has(db, c.var.session.orgId, sha256);
      if (!known) return reject(c, 404, 'not-found', 'no such blob for your organisation');
      c.header('Content-Type', known.mime);
      c.header('Content-Length', String(known.bytes));
      return c.body(null, 200);
    }
    const blob = await store.get(db, c.var.session.orgId, sha256);
    // Not uploaded yet, or another organisation's: the same answer, so hashes disclose nothing.
    if (!blob) return reject(c, 404, 'not-found', 'no such blob for your organisation');
    c.header('Content-Type', blob.mime);
    // Content-addressed: the bytes under this name never change.
    c.header('Cache-Control', 'private, max-age=31536000, immutable');
    c.header('ETag', `"${sha256}"`);
    return c.body(new Uint8Array(blob.data));
  });

  return routes;
}
