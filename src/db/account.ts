// Who this device syncs as. The token authorises it for weeks offline, so it lives in
// IndexedDB with the data it protects, and leaves with it on logout. Whose data this is
// (user, organisation, device) is kept apart from the token: a revoked token goes, the
// owner stays, so nobody else signing in on this phone inherits the records.
import type { LoginResponse } from '../shared/sync-protocol';
import { database, write } from './connection';

const ACCOUNT = 'sync.account';
const OWNER = 'sync.owner';

export type Account = Omit<LoginResponse, 'format' | 'previousDevice'> & { signedInAt: number };

/** Whose records are on this device, and the device id they were last synced under. */
export type Owner = Pick<Account, 'user' | 'organisation' | 'deviceId'>;

/** Someone else's records are on this phone: they must be cleared (after a warning) first. */
export class OtherOwnerError extends Error {
  constructor(readonly owner: Owner) {
    super(`this device holds the records of ${owner.user.name} (${owner.organisation.name})`);
    this.name = 'OtherOwnerError';
  }
}

export async function getAccount(): Promise<Account | undefined> {
  return (await database().settings.get(ACCOUNT))?.value as Account | undefined;
}

export async function getOwner(): Promise<Owner | undefined> {
  return (await database().settings.get(OWNER))?.value as Owner | undefined;
}

/**
 * Keep a fresh login. Records made before any login become the user's. Another user's
 * records are refused (OtherOwnerError). A new device id numbers the outbox from 1
 * again: entries the previous device had pushed and the server applied (up to
 * `previousDevice.lastSeq`) are dropped, the others renumbered; the first pull of the
 * new session starts from the beginning.
 */
export async function saveAccount(account: Account, previousDevice?: LoginResponse['previousDevice']): Promise<void> {
  await write((db) =>
    db.transaction('rw', db.settings, db.outbox, db.inspections, async () => {
      const owner = (await db.settings.get(OWNER))?.value as Owner | undefined;
      const foreign = owner && (owner.user.id !== account.user.id || owner.organisation.id !== account.organisation.id);
      if (foreign && ((await db.inspections.count()) > 0 || (await db.outbox.count()) > 0))
        throw new OtherOwnerError(owner);
      if (owner?.deviceId !== account.deviceId) {
        const applied = previousDevice && previousDevice.id === owner?.deviceId ? previousDevice.lastSeq : 0;
        await db.outbox.filter((e) => e.seq !== undefined && e.seq <= applied).delete();
        await db.outbox.toCollection().modify((e) => void delete e.seq);
        await db.settings.bulkPut([
          { key: 'sync.nextSeq', value: 1 },
          { key: 'sync.cursor', value: 0 },
        ]);
      }
      const { user, organisation, deviceId } = account;
      await db.settings.bulkPut([
        { key: ACCOUNT, value: account },
        { key: OWNER, value: { user, organisation, deviceId } satisfies Owner },
      ]);
    }),
  );
}

/** The server revoked this device: forget the token, keep the data, the outbox and whose they are. */
export async function forgetToken(): Promise<void> {
  await write((db) => db.settings.delete(ACCOUNT));
}

/** What logging out would lose: changes and bytes the server has not confirmed, and what never syncs. */
export async function unsyncedWork(): Promise<{ changes: number; uploads: number; localOnly: number }> {
  const db = database();
  const [changes, uploads, drafts, refusals] = await Promise.all([
    db.outbox.count(),
    db.uploads.count(),
    // Rewrites of the drafted report live only here, and so does what the server refused.
    db.drafts.count(),
    db.refusals.count(),
  ]);
  return { changes, uploads, localOnly: drafts + refusals };
}

/**
 * Log out on a shared phone: every inspection, photo and signature leaves this device
 * with the account. The caller has checked unsyncedWork or had the user confirm.
 * Checklists stay (they are the app's, not the user's).
 */
export async function clearLocalData(): Promise<void> {
  await write((db) =>
    db.transaction('rw', db.tables, async () => {
      for (const table of db.tables) {
        if (table.name === 'templates') continue;
        await table.clear();
      }
    }),
  );
}
