import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { LoginRequest, type RecoveryKeyResponse } from '../../shared/sync-protocol';
import type { Logger } from '../log';
import { deviceRecoveryKey, login, revokeDevice } from '../services/accounts';
import type { LoginThrottle } from '../services/login-throttle';
import { HashingBusyError } from '../services/passwords';
import { logSecurityEvent } from '../services/security-log';
import type { Schema } from '../storage/schema';
import type { AddressOf } from './client-address';
import { describeIssues, readJson, reject } from './respond';
import { requireDevice, type AuthedEnv } from './session';

export function authRoutes(db: Kysely<Schema>, throttle: LoginThrottle, addressOf: AddressOf, log: Logger) {
  const routes = new Hono<AuthedEnv>();

  routes.post('/login', async (c) => {
    const parsed = LoginRequest.safeParse(await readJson(c));
    // Not JSON, or not {name, password}: a client bug, not a wrong password.
    if (!parsed.success) return reject(c, 400, 'malformed', describeIssues(parsed.error));
    const { name } = parsed.data;
    const address = addressOf(c);
    const block = await throttle.attempt(name, address);
    const heldBack = (retryAfterMs: number) => {
      c.header('Retry-After', String(Math.ceil(retryAfterMs / 1000)));
      return reject(c, 429, 'too-many-attempts', 'too many failed logins: wait before trying again');
    };
    // Held back: not even checked, so guessing stays slow (and costs the server no hash).
    if (block && !block.unlessRight) return heldBack(block.retryAfterMs);
    let outcome;
    try {
      outcome = await login(db, parsed.data);
    } catch (err) {
      // Not a wrong password: the attempt is given back as a right one would be, minus the pair.
      await throttle.refund(name, address);
      // A flood of logins: the queue for password hashing is full; the phone retries.
      if (!(err instanceof HashingBusyError)) throw err;
      c.header('Retry-After', '5');
      return reject(c, 503, 'busy', err.message);
    }
    // Same answer for an unknown name and a wrong password: names are not disclosed.
    if (!outcome.ok) {
      // Counted already (by attempt): is the name or the address held back from now on?
      const started = await throttle.blocked(name, address);
      // Not the typed name when it is nobody's: it is sometimes a password typed into the wrong field.
      const who = outcome.user ? { userId: outcome.user.id, orgId: outcome.user.orgId } : {};
      await logSecurityEvent(db, { kind: 'login-failed', address, ...who });
      if (started)
        await logSecurityEvent(db, {
          kind: 'login-throttled',
          address,
          ...(started.by === 'name' ? who : {}),
          detail: { by: started.by, retryAfterMs: started.retryAfterMs },
        });
      log('warn', 'login failed', { address });
      // Spared the address's block only if right: a wrong password is answered as held back.
      if (block?.unlessRight) return heldBack(block.retryAfterMs);
      return reject(c, 401, 'invalid-credentials', 'wrong name or password');
    }
    const session = outcome.response;
    await throttle.succeed(name, address);
    await logSecurityEvent(db, {
      kind: 'login',
      orgId: session.organisation.id,
      userId: session.user.id,
      deviceId: session.deviceId,
      address,
      detail: session.previousDevice ? { replacedDevice: session.previousDevice.id } : {},
    });
    log('info', 'login', { name, deviceId: session.deviceId });
    return c.json(session);
  });

  routes.post('/logout', requireDevice(db), async (c) => {
    const { deviceId, userId, orgId } = c.var.session;
    await revokeDevice(db, deviceId);
    await logSecurityEvent(db, { kind: 'logout', orgId, userId, deviceId });
    log('info', 'logout', { deviceId });
    return c.body(null, 204);
  });

  // A phone signed in before the app lock existed sets up its lock with this.
  routes.get('/session/recovery-key', requireDevice(db), async (c) => {
    const body: RecoveryKeyResponse = { recoveryKey: await deviceRecoveryKey(db, c.var.session.deviceId) };
    return c.json(body);
  });

  return routes;
}
