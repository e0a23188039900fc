// Who this device syncs as. The token authorises it for weeks offline, so it lives in
// IndexedDB with the data it protects, and leaves with it on logout.
import type { LoginResponse } from '../shared/sync-protocol';
import { database, write } from './connection';

const ACCOUNT = 'sync.account';

export type Account = Omit<LoginResponse, 'format'> & { signedInAt: number };

export async function getAccount(): Promise<Account | undefined> {
  return (await database().settings.get(ACCOUNT))?.value as Account | undefined;
}

/**
 * Keep a fresh login. A new device id numbers its outbox from 1 again: entries numbered
 * for a revoked or earlier session are renumbered, none is dropped. The first pull of a
 * new session starts from the beginning.
 */
export async function saveAccount(account: Account): Promise<void> {
  await write((db) =>
    db.transaction('rw', db.settings, db.outbox, async () => {
      const previous = (await db.settings.get(ACCOUNT))?.value as Account | undefined;
      if (previous?.deviceId !== account.deviceId) {
        await db.outbox.toCollection().modify((e) => void delete e.seq);
        await db.settings.bulkPut([
          { key: 'sync.nextSeq', value: 1 },
          { key: 'sync.cursor', value: 0 },
        ]);
      }
      await db.settings.put({ key: ACCOUNT, value: account });
    }),
  );
}

/** The server revoked this device: keep the data (and the outbox), forget the token. */
export async function forgetToken(): Promise<void> {
  await write((db) => db.settings.delete(ACCOUNT));
}

/** What logging out would lose: changes and bytes the server has not confirmed. */
export async function unsyncedWork(): Promise<{ changes: number; uploads: number }> {
  const db = database();
  const [changes, uploads] = await Promise.all([db.outbox.count(), db.uploads.count()]);
  return { changes, uploads };
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
