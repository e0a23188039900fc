// Signing in and out: kept apart from the reads in account.ts, which the start-up
// screen needs (the header shows who is signed in), so these load with the screens that
// sign in and out.
import type { LoginResponse } from '../shared/sync-protocol';
import { write } from './connection';
import type { XunjianDB } from './database';
import type { Account, Owner } from './account';
import { keepRefused } from './outbox';
import { readSetting, SETTINGS, writeSetting } from './settings';

/** Someone else's records are on this phone: they must be cleared (after a warning) first. */
export class OtherOwnerError extends Error {
  constructor(readonly owner: Owner) {
    super(`this device holds the records of ${owner.user.name} (${owner.organisation.name})`);
    this.name = 'OtherOwnerError';
  }
}

/**
 * Keep a fresh login. Records made before any login become the user's; another user's
 * records are refused (OtherOwnerError), and another user's leftovers on an otherwise
 * empty phone (deletions, what it wrote) are cleared. A new device id numbers the outbox
 * from 1 again: entries the previous device had settled on the server (up to
 * `previousDevice.lastSeq`) leave it — the refused ones kept as refusals, as after a push
 * — and the others are renumbered; the first pull of the new session starts from the
 * beginning.
 */
export async function saveAccount(account: Account, previousDevice?: LoginResponse['previousDevice']): Promise<void> {
  await write((db) =>
    db.transaction('rw', db.tables, async () => {
      let owner = await readSetting(SETTINGS.owner, db);
      const foreign = owner && (owner.user.id !== account.user.id || owner.organisation.id !== account.organisation.id);
      if (foreign) {
        if ((await db.inspections.count()) > 0 || (await db.outbox.count()) > 0) throw new OtherOwnerError(owner!);
        for (const table of db.tables) if (table.name !== 'templates') await table.clear();
        owner = undefined;
      }
      if (owner?.deviceId !== account.deviceId) {
        const settled = previousDevice && previousDevice.id === owner?.deviceId ? previousDevice : undefined;
        if (settled) await settleEntries(db, settled);
        // The server confirmed more of the previous device than it now says it applied (or
        // does not know it at all): it was restored, and this phone sends its work again.
        const confirmed = await readSetting(SETTINGS.confirmed, db);
        if (confirmed && confirmed.deviceId === owner?.deviceId && (settled?.lastSeq ?? 0) < confirmed.seq)
          await writeSetting(SETTINGS.repair, true, db);
        await db.outbox.toCollection().modify((e) => void delete e.seq);
        await writeSetting(SETTINGS.nextSeq, 1, db);
        await db.settings.delete(SETTINGS.scopeCursor);
      }
      const { user, organisation, deviceId } = account;
      const deviceIds = [...new Set([...(owner?.deviceIds ?? (owner ? [owner.deviceId] : [])), deviceId])];
      await writeSetting(SETTINGS.account, account, db);
      await writeSetting(SETTINGS.owner, { user, organisation, deviceId, deviceIds }, db);
    }),
  );
}

/** What the previous device's pushes settled: applied entries leave, refused ones become refusals. */
async function settleEntries(db: XunjianDB, settled: NonNullable<LoginResponse['previousDevice']>): Promise<void> {
  const refused = new Map(settled.failed.map((f) => [f.seq, f]));
  const now = Date.now();
  const entries = await db.outbox.filter((e) => e.seq !== undefined && e.seq <= settled.lastSeq).toArray();
  for (const entry of entries) {
    const failure = refused.get(entry.seq!);
    if (failure) await keepRefused(db, entry, failure, now);
  }
  await db.outbox.bulkDelete(entries.map((e) => e.id));
}

/** The server revoked this device: forget the token, keep the data, the outbox and whose they are. */
export async function forgetToken(): Promise<void> {
  await write((db) =>
    db.transaction('rw', db.settings, async () => {
      const account = await readSetting(SETTINGS.account, db);
      // Phones signed in before owners were recorded get theirs now, before the token goes.
      if (account && !(await readSetting(SETTINGS.owner, db))) {
        const { user, organisation, deviceId } = account;
        await writeSetting(SETTINGS.owner, { user, organisation, deviceId, deviceIds: [deviceId] }, db);
      }
      await db.settings.delete(SETTINGS.account);
    }),
  );
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
