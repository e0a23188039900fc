// /api/admin: what an office admin keeps an eye on, for their own organisation: the
// security log, and login limits in force (which they may lift). Admins only.
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { SYNC_FORMAT_VERSION } from '../../shared/sync-protocol';
import type { LoginThrottle, ThrottleEntry } from '../services/login-throttle';
import { logSecurityEvent, readSecurityEvents } from '../services/security-log';
import type { Schema } from '../storage/schema';
import { reject } from './respond';
import { requireDevice, type AuthedEnv } from './session';

export function adminRoutes(db: Kysely<Schema>, throttle: LoginThrottle) {
  const routes = new Hono<AuthedEnv>();
  routes.use(requireDevice(db));
  routes.use(async (c, next) => {
    if (c.var.session.role !== 'admin') return reject(c, 403, 'forbidden', 'only an admin reads the security log');
    return next();
  });

  routes.get('/security-events', async (c) => {
    const before = optionalInt(c.req.query('before'));
    const limit = optionalInt(c.req.query('limit'));
    if (before === null || limit === null) return reject(c, 400, 'malformed', 'before and limit are whole numbers');
    const events = await readSecurityEvents(db, {
      orgId: c.var.session.orgId,
      ...(before !== undefined ? { before } : {}),
      ...(limit !== undefined ? { limit } : {}),
    });
    return c.json({ format: SYNC_FORMAT_VERSION, events });
  });

  // A name typed at a failed login may be a password typed into the wrong field: an admin
  // sees the names of their own organisation's users, and addresses, nothing else.
  routes.get('/login-limits', async (c) => {
    const names = await orgNames(db, c.var.session.orgId);
    const limits = (await throttle.list()).filter((e) => isAddress(e) || names.has(e.key.slice('name:'.length)));
    return c.json({ format: SYNC_FORMAT_VERSION, limits });
  });

  routes.delete('/login-limits', async (c) => {
    const name = c.req.query('name');
    const address = c.req.query('address');
    if (!name === !address) return reject(c, 400, 'malformed', 'give ?name= or ?address=');
    if (name && !(await orgNames(db, c.var.session.orgId)).has(name.normalize('NFC').trim().toLowerCase()))
      return reject(c, 404, 'not-found', `no user "${name}" in your organisation`);
    const cleared = await throttle.clear(name ? { name } : { address: address! });
    const { orgId, userId, deviceId } = c.var.session;
    await logSecurityEvent(db, {
      kind: 'throttle-cleared',
      orgId,
      userId,
      deviceId,
      address: getConnInfo(c).remote.address ?? 'unknown',
      detail: name ? { name } : { clearedAddress: address },
    });
    return c.json({ format: SYNC_FORMAT_VERSION, cleared });
  });

  return routes;
}

const isAddress = (e: ThrottleEntry) => e.key.startsWith('address:');

async function orgNames(db: Kysely<Schema>, orgId: number): Promise<Set<string>> {
  const rows = await db.selectFrom('users').select('name').where('org_id', '=', orgId).execute();
  return new Set(rows.map((r) => r.name.normalize('NFC').trim().toLowerCase()));
}

/** undefined when absent, null when not a whole number ≥ 0. */
function optionalInt(value: string | undefined): number | undefined | null {
  if (value === undefined) return undefined;
  return /^\d{1,15}$/.test(value) ? Number(value) : null;
}
