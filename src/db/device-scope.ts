// What this phone holds of the server's inspections: its user's scope (pulled), the ones
// opened on demand from the office list, minus the ones removed from this phone
// ("从本机移除": they stay on the server and can be fetched again). A copy leaves only when
// nothing of it waits to go to the server.
import type { InspectionSnapshot } from '../shared/sync-protocol';
import { database, write } from './connection';
import { recordTables, type XunjianDB } from './database';
import { dropBlobIfUnused } from './blobs';
import { applyChanges, pullTables } from './pulled';
import { readSetting, SETTINGS, writeSetting } from './settings';

/** Something of the inspection still waits for the server: it cannot leave the phone yet. */
export class UnsyncedInspectionError extends Error {
  constructor(readonly inspectionId: string) {
    super(`inspection ${inspectionId} has changes the server has not confirmed yet: sync first`);
    this.name = 'UnsyncedInspectionError';
  }
}

function copyTables(db: XunjianDB) {
  return [...pullTables(db), db.blobs, db.uploads, db.drafts, db.refusals];
}

/**
 * Whether every change and every byte of the inspection is on the server, and nothing of
 * it is kept here only: a refusal (the server would not take it, shown until the user
 * deals with it) or a change held for a newer app version.
 */
async function isOnServer(inspectionId: string, db: XunjianDB = database()): Promise<boolean> {
  if ((await db.outbox.where('inspectionId').equals(inspectionId).count()) > 0) return false;
  if ((await db.refusals.where('inspectionId').equals(inspectionId).count()) > 0) return false;
  if ((await db.held.where('inspectionId').equals(inspectionId).count()) > 0) return false;
  const photos = await db.photos.where('inspectionId').equals(inspectionId).toArray();
  const signatures = await db.signatures.where('inspectionId').equals(inspectionId).toArray();
  for (const sha256 of [...photos.map((p) => p.sha256), ...signatures.map((s) => s.pngSha256)]) {
    const upload = await db.uploads.get(sha256);
    if (upload && upload.refused === undefined) return false;
  }
  return true;
}

/** Drop the phone's copy (records, bytes no other inspection uses, notices); the server's stays. */
async function dropCopy(db: XunjianDB, inspectionId: string): Promise<void> {
  const photos = await db.photos.where('inspectionId').equals(inspectionId).toArray();
  const signatures = await db.signatures.where('inspectionId').equals(inspectionId).toArray();
  for (const table of recordTables(db).filter((t) => t !== db.inspections))
    await table.where('inspectionId').equals(inspectionId).delete();
  await db.inspections.delete(inspectionId);
  await db.drafts.delete(inspectionId);
  await db.reviews.delete(inspectionId);
  await db.syncState.delete(inspectionId);
  await db.conflicts.where('inspectionId').equals(inspectionId).delete();
  await db.refusals.where('inspectionId').equals(inspectionId).delete();
  await db.held.where('inspectionId').equals(inspectionId).delete();
  const sharedBy = (await readSetting(SETTINGS.sharedBy, db)) ?? {};
  if (inspectionId in sharedBy) {
    delete sharedBy[inspectionId];
    await writeSetting(SETTINGS.sharedBy, sharedBy, db);
  }
  const opened = (await readSetting(SETTINGS.opened, db)) ?? [];
  if (opened.includes(inspectionId))
    await writeSetting(
      SETTINGS.opened,
      opened.filter((id) => id !== inspectionId),
      db,
    );
  for (const sha256 of new Set([...photos.map((p) => p.sha256), ...signatures.map((s) => s.pngSha256)]))
    await dropBlobIfUnused(db, sha256);
}

/**
 * 从本机移除: the phone forgets a synced inspection. Its changes are not pulled again
 * (it is remembered as removed) until it is fetched again from the office list.
 */
export function removeFromDevice(inspectionId: string): Promise<void> {
  return write((db) =>
    db.transaction('rw', copyTables(db), async () => {
      if (!(await isOnServer(inspectionId, db))) throw new UnsyncedInspectionError(inspectionId);
      await dropCopy(db, inspectionId);
      await db.deleted.put({ inspectionId, at: Date.now() });
    }),
  );
}

/**
 * The user was removed from these inspections: their copies go, except one with changes
 * still to send (kept, so nothing typed is lost; the server refuses them and says why).
 */
export function leaveInspections(inspectionIds: readonly string[]): Promise<number> {
  if (!inspectionIds.length) return Promise.resolve(0);
  return write((db) =>
    db.transaction('rw', copyTables(db), async () => {
      let left = 0;
      for (const id of inspectionIds)
        if ((await db.inspections.get(id)) && (await isOnServer(id, db))) {
          await dropCopy(db, id);
          left++;
        }
      return left;
    }),
  );
}

/**
 * One inspection as the server holds it now, fetched on demand (a reviewer opening it from
 * the office list, or an inspector fetching a removed one again). Its photos' bytes come
 * when they are shown. This device's own unconfirmed changes stay, as with a pull.
 */
export function applySnapshot(snapshot: InspectionSnapshot, deviceId: string, userId?: number): Promise<number> {
  return write((db) =>
    db.transaction('rw', copyTables(db), async () => {
      await db.deleted.delete(snapshot.inspectionId);
      const opened = (await readSetting(SETTINGS.opened, db)) ?? [];
      // One of the user's own (fetched again after a removal) syncs as before, bytes and all.
      const member = userId !== undefined && snapshot.participants.some((p) => p.userId === userId);
      if (!member && !opened.includes(snapshot.inspectionId))
        await writeSetting(SETTINGS.opened, [...opened, snapshot.inspectionId], db);
      return applyChanges(db, snapshot.changes, deviceId);
    }),
  );
}

/** Inspections opened on demand: their bytes are fetched as they are shown. */
export async function openedOnDemand(): Promise<Set<string>> {
  return new Set((await readSetting(SETTINGS.opened)) ?? []);
}

/**
 * After a pull of the whole scope (the first after signing in, an update from sync format 1,
 * a repair): the copies of inspections outside it go, if the server has all of them, so a
 * phone holds only its user's work. Opened on demand, or with anything still to send: kept.
 */
export function pruneOutOfScope(inScope: ReadonlySet<string>): Promise<number> {
  return write((db) =>
    db.transaction('rw', copyTables(db), async () => {
      const opened = new Set((await readSetting(SETTINGS.opened, db)) ?? []);
      let pruned = 0;
      for (const id of await db.inspections.toCollection().primaryKeys()) {
        if (inScope.has(id) || opened.has(id) || !(await db.syncState.get(id))) continue;
        if (!(await isOnServer(id, db))) continue;
        await dropCopy(db, id);
        pruned++;
      }
      return pruned;
    }),
  );
}

/** Remember who added this user to inspections (shown on the list until the copy leaves). */
export async function rememberSharedBy(joined: readonly { inspectionId: string; by: string }[]): Promise<void> {
  if (!joined.length) return;
  await write((db) =>
    db.transaction('rw', db.settings, async () => {
      const known = (await readSetting(SETTINGS.sharedBy, db)) ?? {};
      if (joined.every((j) => known[j.inspectionId] === j.by)) return;
      for (const j of joined) known[j.inspectionId] = j.by;
      await writeSetting(SETTINGS.sharedBy, known, db);
    }),
  );
}

/** Whether the server has the inspection at all, and whether this phone's copy could go now. */
export async function copyState(inspectionId: string): Promise<{ onServer: boolean; removable: boolean }> {
  const db = database();
  const synced = (await db.syncState.get(inspectionId)) !== undefined;
  return { onServer: synced, removable: synced && (await isOnServer(inspectionId, db)) };
}

/**
 * The participants this phone added, while the server still lists them: a repair adds
 * them again. Only additions made here (never a list merely seen, which may hold someone
 * removed since elsewhere), forgotten once a list from the server no longer has them.
 */
export async function rememberParticipants(
  inspectionId: string,
  change: { added?: number; listed: readonly number[] },
): Promise<void> {
  await write((db) =>
    db.transaction('rw', db.settings, async () => {
      const known = (await readSetting(SETTINGS.participants, db)) ?? {};
      const listed = new Set(change.listed);
      const ours = [...new Set([...(known[inspectionId] ?? []), ...(change.added ? [change.added] : [])])].filter(
        (id) => listed.has(id),
      );
      if (ours.length) known[inspectionId] = ours;
      else delete known[inspectionId];
      await writeSetting(SETTINGS.participants, known, db);
    }),
  );
}

/** The participants this phone knows of, for the inspections it still holds. */
export async function knownParticipants(): Promise<[string, number[]][]> {
  const known = (await readSetting(SETTINGS.participants)) ?? {};
  const held = new Set(await database().inspections.toCollection().primaryKeys());
  return Object.entries(known).filter(([id]) => held.has(id));
}
