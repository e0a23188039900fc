import { Hono, type Context } from 'hono';
import type { Kysely } from 'kysely';
import { formatOf, PullRequest, PushRequest, SYNC_FORMAT_VERSION } from '../../shared/sync-protocol';
import type { Logger } from '../log';
import { pullChanges } from '../services/pull';
import { MalformedCursorError } from '../services/pull-cursor';
import { applyPush, DeviceRevokedError, SeqGapError } from '../services/push';
import { failpoint } from '../failpoints';
import type { Schema } from '../storage/schema';
import { describeIssues, readJson, reject } from './respond';
import { requireDevice, type AuthedEnv } from './session';

export function syncRoutes(db: Kysely<Schema>, log: Logger) {
  const routes = new Hono<AuthedEnv>();
  routes.use(requireDevice(db));

  routes.post('/push', async (c) => {
    // Every role may push: what each may write is checked per entry (services/apply-mutation.ts).
    const { session } = c.var;
    const body = await readJson(c);
    const refused = refuseFormat(c, body);
    if (refused) return refused;
    const parsed = PushRequest.safeParse(body);
    // The envelope is wrong (not one bad entry, which fails alone): nothing is applied.
    if (!parsed.success) return reject(c, 400, 'malformed', describeIssues(parsed.error));
    // A device pushes only its own outbox; its seq numbers mean nothing for another device.
    if (parsed.data.deviceId !== session.deviceId)
      return reject(c, 403, 'device-mismatch', 'deviceId is not the device this token was issued to');
    try {
      const result = await applyPush(db, session, parsed.data);
      failpoint('push-after-commit');
      log('info', 'push', {
        deviceId: session.deviceId,
        entries: parsed.data.entries.length,
        appliedThroughSeq: result.appliedThroughSeq,
        failed: result.failed.length,
      });
      return sized(c, result);
    } catch (err) {
      // Entries are missing before this push: applying it would lose them for good.
      if (err instanceof SeqGapError) return reject(c, 409, 'seq-gap', err.message, { expectedSeq: err.expectedSeq });
      if (err instanceof DeviceRevokedError) return reject(c, 401, 'device-revoked', err.message);
      throw err;
    }
  });

  routes.post('/pull', async (c) => {
    const body = await readJson(c);
    const refused = refuseFormat(c, body);
    if (refused) return refused;
    const parsed = PullRequest.safeParse(body);
    if (!parsed.success) return reject(c, 400, 'malformed', describeIssues(parsed.error));
    try {
      return c.json(await pullChanges(db, c.var.session, parsed.data));
    } catch (err) {
      if (err instanceof MalformedCursorError) return reject(c, 400, 'malformed', err.message);
      throw err;
    }
  });

  return routes;
}

/**
 * JSON with its length said. `c.json` says none, so `compress()` gzips even a reply of
 * 60 bytes through a stream, sent chunked: on a push that cost more than reading its body.
 * With the length, replies under compress's threshold go out as they are.
 */
function sized(c: Context, value: unknown) {
  const text = JSON.stringify(value);
  return c.body(text, 200, {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(text)),
  });
}

/** Refuse a body that is not JSON, or speaks another version of the protocol. */
function refuseFormat(c: Context, body: unknown) {
  if (body === undefined) return reject(c, 400, 'malformed', 'the body is not JSON');
  const format = formatOf(body);
  if (format === SYNC_FORMAT_VERSION) return undefined;
  // An app from before or after this server's protocol: it must update (or the server must).
  return reject(
    c,
    400,
    'unsupported-format',
    `this server speaks sync format ${SYNC_FORMAT_VERSION}, the request says ${JSON.stringify(format) ?? 'nothing'}`,
    { serverFormat: SYNC_FORMAT_VERSION },
  );
}
