// /api/admin: what an office admin keeps an eye on, for their own organisation: the
// security log, and login limits in force (which they may lift). Admins only.
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { SYNC_FORMAT_VERSION } from '../../shared/sync-protocol';
import { nameKey, type LoginThrottle } from '../services/login-throttle';
import { logSecurityEvent, readSecurityEvents } from '../services/security-log';
import type { Schema } from '../storage/schema';
import type { AddressOf } from './client-address';
import { reject } from './respond';
import { requireDevice, type AuthedEnv } from './session';

export function adminRoutes(db: Kysely<Schema>, throttle: LoginThrottle, addressOf: AddressOf) {
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

  // An organisation's admin sees and lifts the limits on its own users' names. Addresses
  // are the server's, shared by every organisation on it: the operator's (npm run admin --
  // login-limits / clear-limit), or one organisation's admin could lift a sprayer's limit.
  routes.get('/login-limits', async (c) => {
    const names = await orgNames(db, c.var.session.orgId);
    const limits = (await throttle.list([...names.values()]))
      .filter((e) => names.has(e.key))
      .map(({ key, ...rest }) => ({ name: names.get(key)!, ...rest }));
    return c.json({ format: SYNC_FORMAT_VERSION, limits });
  });

  routes.delete('/login-limits', async (c) => {
    const name = c.req.query('name');
    if (!name) return reject(c, 400, 'malformed', 'give ?name= (a user of your organisation)');
    if (!(await orgNames(db, c.var.session.orgId)).has(nameKey(name)))
      return reject(c, 404, 'not-found', `no user "${name}" in your organisation`);
    const cleared = await throttle.clear({ name });
    const { orgId, userId, deviceId } = c.var.session;
    await logSecurityEvent(db, {
      kind: 'throttle-cleared',
      orgId,
      userId,
      deviceId,
      address: addressOf(c),
      detail: { name },
    });
    return c.json({ format: SYNC_FORMAT_VERSION, cleared });
  });

  return routes;
}

/** The organisation's users by the throttle's key for their names. */
async function orgNames(db: Kysely<Schema>, orgId: number): Promise<Map<string, string>> {
  const rows = await db.selectFrom('users').select('name').where('org_id', '=', orgId).execute();
  return new Map(rows.map((r) => [nameKey(r.name), r.name]));
}

/** undefined when absent, null when not a whole number ≥ 0. */
function optionalInt(value: string | undefined): number | undefined | null {
  if (value === undefined) return undefined;
  return /^\d{1,15}$/.test(value) ? Number(value) : null;
}
