import type { Kysely } from 'kysely';
import { createMiddleware } from 'hono/factory';
import { authenticate, type Session } from '../services/accounts';
import type { Schema } from '../storage/schema';
import { reject } from './respond';

export type AuthedEnv = { Variables: { session: Session } };

/** Resolve `Authorization: Bearer <device token>` to the device's session. */
export function requireDevice(db: Kysely<Schema>) {
  return createMiddleware<AuthedEnv>(async (c, next) => {
    const token = /^Bearer (\S+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    // No token at all: the app has not logged in on this device.
    if (!token) return reject(c, 401, 'unauthorized', 'send Authorization: Bearer <device token> (log in first)');
    const session = await authenticate(db, token);
    // Unknown token: never issued here, or the database was replaced.
    if (!session) return reject(c, 401, 'unauthorized', 'unknown device token: log in again');
    // Revoked by an admin (a lost phone) or by a logout: the app must log in again.
    if (session === 'revoked') return reject(c, 401, 'device-revoked', 'this device was signed out: log in again');
    c.set('session', session);
    await next();
  });
}
