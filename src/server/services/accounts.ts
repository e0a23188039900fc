import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { SYNC_FORMAT_VERSION, type LoginRequest, type LoginResponse, type Role } from '../../shared/sync-protocol';
import { TEXT_LIMITS } from '../../shared/text-limits';
import { lockServerOrder } from '../storage/order-lock';
import type { Schema } from '../storage/schema';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords';
import { failedEntries } from './push';

type Db = Kysely<Schema>;

/** Who is calling: resolved from the device token on every API request. */
export interface Session {
  deviceId: string;
  userId: number;
  orgId: number;
  role: Role;
}

/** A request the admin cannot have meant (unknown organisation, name taken…). */
export class AccountError extends Error {}

export async function createOrganisation(db: Db, name: string): Promise<{ id: number; name: string }> {
  const trimmed = name.trim();
  if (!trimmed) throw new AccountError('an organisation needs a name');
  const taken = await db.selectFrom('organisations').select('id').where('name', '=', trimmed).executeTakeFirst();
  if (taken) throw new AccountError(`organisation "${trimmed}" exists already`);
  const row = await db
    .insertInto('organisations')
    .values({ name: trimmed, created_at: Date.now() })
    .returning(['id', 'name'])
    .executeTakeFirstOrThrow();
  return row;
}

export async function createUser(
  db: Db,
  input: { organisation: string; name: string; role: Role; password: string },
): Promise<{ id: number; orgId: number }> {
  const org = await db
    .selectFrom('organisations')
    .select('id')
    .where('name', '=', input.organisation.trim())
    .executeTakeFirst();
  if (!org) throw new AccountError(`no organisation "${input.organisation}" (create-org first)`);
  const name = input.name.trim();
  if (!name) throw new AccountError('a user needs a name');
  // The name is printed as who reviewed, reopened or captured a signature: the records' bound.
  if (name.length > TEXT_LIMITS.person)
    throw new AccountError(`a user's name has at most ${TEXT_LIMITS.person} characters`);
  checkPassword(input.password);
  const taken = await db.selectFrom('users').select('id').where('name', '=', name).executeTakeFirst();
  if (taken) throw new AccountError(`user "${name}" exists already (login names are unique on the server)`);
  return db
    .insertInto('users')
    .values({
      org_id: org.id,
      name,
      role: input.role,
      password_hash: await hashPassword(input.password),
      created_at: Date.now(),
    })
    .returning(['id', 'org_id as orgId'])
    .executeTakeFirstOrThrow();
}

/**
 * A new password; the user's devices are signed out too unless `keepDevices` (a reset
 * usually means the old password, or a phone, is in someone else's hands). Returns the
 * user and how many devices were revoked.
 */
export async function resetPassword(
  db: Db,
  name: string,
  password: string,
  options: { keepDevices?: boolean } = {},
): Promise<{ userId: number; orgId: number; revoked: number }> {
  checkPassword(password);
  const hash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .updateTable('users')
      .set({ password_hash: hash })
      .where('name', '=', name.trim())
      .returning(['id', 'org_id'])
      .executeTakeFirst();
    if (!user) throw new AccountError(`no user "${name}"`);
    const revoked = options.keepDevices
      ? 0
      : Number(
          (
            await trx
              .updateTable('devices')
              .set({ revoked_at: Date.now() })
              .where('user_id', '=', user.id)
              .where('revoked_at', 'is', null)
              .executeTakeFirst()
          ).numUpdatedRows,
        );
    return { userId: user.id, orgId: user.org_id, revoked };
  });
}

function checkPassword(password: string): void {
  if (password.length < 8) throw new AccountError('a password needs at least 8 characters');
}

export function countUsers(db: Db): Promise<number> {
  return db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

/** A login's answer, or whose account a wrong password was for (none for an unknown name). */
export type LoginOutcome = { ok: true; response: LoginResponse } | { ok: false; user?: { id: number; orgId: number } };

/** Check the password and open a device session. */
export async function login(db: Db, request: LoginRequest): Promise<LoginOutcome> {
  const user = await db
    .selectFrom('users')
    .innerJoin('organisations', 'organisations.id', 'users.org_id')
    .select([
      'users.id as id',
      'users.name as name',
      'users.role as role',
      'users.password_hash as hash',
      'organisations.id as orgId',
      'organisations.name as orgName',
    ])
    .where('users.name', '=', request.name)
    .executeTakeFirst();
  // An unknown name costs a hash too, so timing does not tell which names exist.
  const ok = await verifyPassword(request.password, user?.hash ?? DUMMY_HASH);
  if (!user) return { ok: false };
  if (!ok) return { ok: false, user: { id: user.id, orgId: user.orgId } };
  const token = randomBytes(32).toString('base64url');
  const recoveryKey = randomBytes(32).toString('base64url');
  const deviceId = randomUUID();
  const now = Date.now();
  await db
    .insertInto('devices')
    .values({
      id: deviceId,
      user_id: user.id,
      org_id: user.orgId,
      token_hash: tokenHash(token),
      label: request.deviceLabel ?? '',
      created_at: now,
      last_seen_at: now,
      revoked_at: null,
      recovery_key: recoveryKey,
    })
    .execute();
  // Only the same user's own earlier device: another user's outbox is none of this phone's business.
  const previous =
    request.previousDeviceId === undefined
      ? undefined
      : await db
          .selectFrom('devices')
          .select(['devices.id as id', 'devices.recovery_key as recoveryKey'])
          .where('devices.id', '=', request.previousDeviceId)
          .where('devices.user_id', '=', user.id)
          .executeTakeFirst();
  // Its recovery secret too, revoked or not: the user proved who they are just now, and
  // the phone may be locked after too many wrong PINs (SECURITY.md).
  const previousDevice = previous && {
    ...(await settlePreviousDevice(db, user.orgId, previous.id, now)),
    ...(previous.recoveryKey ? { recoveryKey: previous.recoveryKey } : {}),
  };
  const response: LoginResponse = {
    format: SYNC_FORMAT_VERSION,
    token,
    deviceId,
    user: { id: user.id, name: user.name, role: user.role },
    organisation: { id: user.orgId, name: user.orgName },
    recoveryKey,
    ...(previousDevice ? { previousDevice } : {}),
  };
  return { ok: true, response };
}

/**
 * How far a device the phone used before got, and retire it: revoked under the
 * organisation's server order (the lock pushes take), so no push still in flight with its
 * old token applies after this answer (applyPush checks revocation under the same lock).
 */
function settlePreviousDevice(
  db: Db,
  orgId: number,
  deviceId: string,
  now: number,
): Promise<NonNullable<LoginResponse['previousDevice']>> {
  return db.transaction().execute(async (trx) => {
    await lockServerOrder(trx, orgId);
    await trx.updateTable('devices').set({ revoked_at: now }).where('id', '=', deviceId).execute();
    const outbox = await trx
      .selectFrom('device_outbox')
      .select('last_seq')
      .where('device_id', '=', deviceId)
      .executeTakeFirst();
    const lastSeq = Number(outbox?.last_seq ?? 0);
    return { id: deviceId, lastSeq, failed: await failedEntries(trx, deviceId, { through: lastSeq }) };
  });
}

/** A device's recovery secret, made now for a device from before the app lock. */
export async function deviceRecoveryKey(db: Db, deviceId: string): Promise<string> {
  const made = randomBytes(32).toString('base64url');
  // Only where none is set, so two tabs asking at once get the same one.
  await db
    .updateTable('devices')
    .set({ recovery_key: made })
    .where('id', '=', deviceId)
    .where('recovery_key', 'is', null)
    .execute();
  const row = await db
    .selectFrom('devices')
    .select('recovery_key')
    .where('id', '=', deviceId)
    .executeTakeFirstOrThrow();
  return row.recovery_key ?? made;
}

/** How stale a device's last_seen_at may get: one write a minute per device, not one per request. */
const SEEN_EVERY_MS = 60_000;

/**
 * The session a bearer token stands for ('revoked' for a revoked device, undefined for
 * an unknown token), noting that the device was seen: admins tell a lost phone by it.
 */
export async function authenticate(db: Db, token: string): Promise<Session | 'revoked' | undefined> {
  const now = Date.now();
  const device = await db
    .selectFrom('devices')
    .innerJoin('users', 'users.id', 'devices.user_id')
    .select(['devices.id as deviceId', 'devices.user_id as userId', 'devices.org_id as orgId', 'users.role as role'])
    .select(['devices.revoked_at as revokedAt', 'devices.last_seen_at as lastSeenAt'])
    .where('devices.token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  if (!device) return undefined;
  if (device.revokedAt !== null) return 'revoked';
  if (device.lastSeenAt <= now - SEEN_EVERY_MS)
    await db.updateTable('devices').set({ last_seen_at: now }).where('id', '=', device.deviceId).execute();
  return { deviceId: device.deviceId, userId: device.userId, orgId: device.orgId, role: device.role };
}

/** Revoke a device session (a lost phone, a logout): its token stops working at once. Its owner, or undefined when there was none to revoke. */
export async function revokeDevice(db: Db, deviceId: string): Promise<{ userId: number; orgId: number } | undefined> {
  const row = await db
    .updateTable('devices')
    .set({ revoked_at: Date.now() })
    .where('id', '=', deviceId)
    .where('revoked_at', 'is', null)
    .returning(['user_id', 'org_id'])
    .executeTakeFirst();
  return row && { userId: row.user_id, orgId: row.org_id };
}

export function listDevices(db: Db, userName?: string) {
  let query = db
    .selectFrom('devices')
    .innerJoin('users', 'users.id', 'devices.user_id')
    .select(['devices.id', 'users.name as user', 'devices.label', 'devices.created_at', 'devices.revoked_at'])
    .orderBy('devices.created_at');
  if (userName) query = query.where('users.name', '=', userName);
  return query.execute();
}

/** Tokens are 32 random bytes, so a fast hash is enough: nothing to brute-force. */
function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
