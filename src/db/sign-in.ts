// Signing in and out: kept apart from the reads in account.ts, which the start-up
// screen needs (the header shows who is signed in), so these load with the screens that
// sign in and out.
import type { LoginResponse } from '../shared/sync-protocol';
import { write } from './connection';
import { ACCOUNT, OWNER, type Account, type Owner } from './account';

/** Someone else's records are on this phone: they must be cleared (after a warning) first. */
export class OtherOwnerError extends Error {
  constructor(readonly owner: Owner) {
    super(`this device holds the records of ${owner.user.name} (${owner.organisation.name})`);
    this.name = 'OtherOwnerError';
  }
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
