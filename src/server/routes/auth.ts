import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { LoginRequest } from '../../shared/sync-protocol';
import type { Logger } from '../log';
import { login, revokeDevice } from '../services/accounts';
import type { LoginLimiter } from '../services/login-limiter';
import type { Schema } from '../storage/schema';
import { describeIssues, readJson, reject } from './respond';
import { requireDevice, type AuthedEnv } from './session';

export function authRoutes(db: Kysely<Schema>, limiter: LoginLimiter, log: Logger) {
  const routes = new Hono<AuthedEnv>();

  routes.post('/login', async (c) => {
    const parsed = LoginRequest.safeParse(await readJson(c));
    // Not JSON, or not {name, password}: a client bug, not a wrong password.
    if (!parsed.success) return reject(c, 400, 'malformed', describeIssues(parsed.error));
    const { name } = parsed.data;
    const address = getConnInfo(c).remote.address ?? 'unknown';
    const wait = limiter.retryAfter(name, address);
    // Too many wrong passwords for this name from here: not even checked, so guessing stays slow.
    if (wait > 0) {
      c.header('Retry-After', String(Math.ceil(wait / 1000)));
      return reject(c, 429, 'too-many-attempts', 'too many failed logins: wait before trying again');
    }
    const session = await login(db, parsed.data);
    // Same answer for an unknown name and a wrong password: names are not disclosed.
    if (!session) {
      limiter.fail(name, address);
      // Not the typed name: it is sometimes a password typed into the wrong field.
      log('warn', 'login failed', { address });
      return reject(c, 401, 'invalid-credentials', 'wrong name or password');
    }
    limiter.succeed(name, address);
    log('info', 'login', { name, deviceId: session.deviceId });
    return c.json(session);
  });

  routes.post('/logout', requireDevice(db), async (c) => {
    await revokeDevice(db, c.var.session.deviceId);
    log('info', 'logout', { deviceId: c.var.session.deviceId });
    return c.body(null, 204);
  });

  return routes;
}
