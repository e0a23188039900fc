// Who this device syncs as. The token authorises it for weeks offline, so it lives in
// IndexedDB with the data it protects, and leaves with it on logout. Whose data this is
// (user, organisation, device) is kept apart from the token: a revoked token goes, the
// owner stays, so nobody else signing in on this phone inherits the records.
import type { LoginResponse } from '../shared/sync-protocol';
import { database } from './connection';
import { readSetting, SETTINGS } from './settings';

/** The recovery secret is never kept: the phone holds only the data key wrapped by it (src/db/at-rest). */
export type Account = Omit<LoginResponse, 'format' | 'previousDevice' | 'recoveryKey'> & { signedInAt: number };

/**
 * Whose records are on this device, the device id they were last synced under, and every
 * device id this phone has had (its own earlier writes come back under those).
 */
export type Owner = Pick<Account, 'user' | 'organisation' | 'deviceId'> & { deviceIds?: string[] };

export async function getAccount(): Promise<Account | undefined> {
  return readSetting(SETTINGS.account);
}

export async function getOwner(): Promise<Owner | undefined> {
  return readSetting(SETTINGS.owner);
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
