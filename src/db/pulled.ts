// Changes from the server land here: the server's order decides what is current, except
// for records this device changed and has not had confirmed yet — those go to the
// server next and will be later in its order, so they stay as they are.
import { canonicalJson } from '../shared/digest';
import type { Answer, Computer, Finding, Inspection, RoomVisit } from '../shared/inspection';
import type { Change } from '../shared/sync-protocol';
import { inspectionOf } from '../shared/sync-records';
import { database, write } from './connection';
import { recordTables, type XunjianDB } from './database';
import { outboxKey } from './outbox';
import { holdChange } from './held-changes';
import { readSetting, SETTINGS, writeSetting } from './settings';

/** Where the next pull starts; null: from the start of this user's scope. */
export async function pullCursor(): Promise<string | null> {
  return (await readSetting(SETTINGS.scopeCursor)) ?? null;
}

/** Pull everything again next time (after the server refused entries, to see what it holds instead). */
export async function resetPullCursor(): Promise<void> {
  await write((db) => db.settings.delete(SETTINGS.scopeCursor));
}

/** Content of an answer or finding, without the device's timestamp. */
function contentOf(record: Answer | Finding): string {
  return canonicalJson({ ...record, updatedAt: undefined });
}

/** What applying pulled changes writes (and reads), in one transaction. */
export function pullTables(db: XunjianDB) {
  return [
    ...recordTables(db),
    db.reviews,
    db.outbox,
    db.conflicts,
    db.settings,
    db.syncState,
    db.authored,
    db.deleted,
    db.held,
  ];
}

/**
 * Apply one page of pulled changes and move the cursor past it, in one transaction.
 * A change this app version cannot read (`readable` says no) is never skipped: it is
 * held raw (src/db/held-changes.ts) and applied once the app can read it. Returns how
 * many were applied (the others wait for this device's own changes, or an update).
 */
export function applyPulled(
  changes: readonly Change[],
  cursor: string | null,
  deviceId: string,
  readable: (change: Change) => boolean = () => true,
): Promise<number> {
  return write((db) =>
    db.transaction('rw', pullTables(db), async () => {
      // In the server's order: a later version of a record, readable or not, supersedes
      // a held one. A readable version older than a held one still shows until the update.
      const readableOnes: Change[] = [];
      for (const change of changes)
        if (readable(change)) {
          await db.held.delete(outboxKey(change));
          readableOnes.push(change);
        } else await holdChange(db, change);
      const applied = await applyChanges(db, readableOnes, deviceId);
      if (cursor === null) await db.settings.delete(SETTINGS.scopeCursor);
      else await writeSetting(SETTINGS.scopeCursor, cursor, db);
      return applied;
    }),
  );
}

/** Apply changes inside a transaction over pullTables(); returns how many were applied. */
export async function applyChanges(db: XunjianDB, changes: readonly Change[], deviceId: string): Promise<number> {
  // This phone's own earlier writes come back under every device id it has had.
  const owner = await readSetting(SETTINGS.owner, db);
  const mine = new Set([deviceId, ...(owner?.deviceIds ?? [])]);
  let applied = 0;
  const touched = new Set<string>();
  for (const change of changes) {
    if (await pendingHere(db, change)) continue;
    if (await db.deleted.get(inspectionOf(change))) continue; // deleted on this device
    touched.add(inspectionOf(change));
    await applyOne(db, change, mine);
    // The current version is someone else's now: not ours to send again in a repair.
    if (!mine.has(change.deviceId) && change.kind !== 'answer' && change.kind !== 'finding')
      await db.authored.delete(outboxKey(change));
    applied++;
  }
  const now = Date.now();
  for (const inspectionId of touched)
    if ((await db.outbox.where('inspectionId').equals(inspectionId).count()) === 0)
      await db.syncState.put({ inspectionId, syncedAt: now });
  return applied;
}

/** This device has its own unconfirmed change of the record (or a reopen that rewrites it). */
async function pendingHere(db: XunjianDB, change: Change): Promise<boolean> {
  if ((await db.outbox.where('key').equals(outboxKey(change)).count()) > 0) return true;
  if (change.kind !== 'inspection' && change.kind !== 'signature') return false;
  const reopen = outboxKey({ kind: 'reopen', inspectionId: inspectionOf(change) });
  return (await db.outbox.where('key').equals(reopen).count()) > 0;
}

/**
 * Someone else's version of a room, a PC or the particulars replaces what this device
 * wrote: kept next to it and said, as for answers (the server keeps it in history too).
 */
async function noticeReplaced(
  db: XunjianDB,
  change: Extract<Change, { kind: 'room' | 'computer' | 'inspection' }>,
  local: RoomVisit | Computer | Inspection | undefined,
  mine: ReadonlySet<string>,
): Promise<void> {
  if (!local || mine.has(change.deviceId)) return;
  const key = outboxKey(change);
  if (!(await db.authored.get(key))) return;
  const content = (r: object) =>
    canonicalJson({ ...r, updatedAt: undefined, position: undefined, reopenings: undefined });
  if (content(local) === content(change.record)) return;
  await db.conflicts.put({
    key,
    inspectionId: inspectionOf(change),
    kind: change.kind,
    recordId: change.record.id,
    replaced: local,
    by: change.by,
    at: Date.now(),
  });
}

async function applyOne(db: XunjianDB, change: Change, mine: ReadonlySet<string>): Promise<void> {
  switch (change.kind) {
    case 'inspection': {
      const local = await db.inspections.get(change.record.id);
      await noticeReplaced(db, change, local, mine);
      const next = { ...change.record };
      // Where this inspector stood in the walk is this device's, not the server's.
      if (local?.position) next.position = local.position;
      // Reopenings recorded here before sync existed never reached the server (it records
      // its own): keep them rather than lose who reopened, when and why.
      if (!next.reopenings && local?.reopenings) next.reopenings = local.reopenings;
      await db.inspections.put(next);
      return;
    }
    case 'room':
      await noticeReplaced(db, change, await db.rooms.get(change.record.id), mine);
      await db.rooms.put(change.record);
      return;
    case 'computer':
      await noticeReplaced(db, change, await db.computers.get(change.record.id), mine);
      await db.computers.put(change.record);
      return;
    case 'answer':
    case 'finding': {
      const table = change.kind === 'answer' ? db.answers : db.findings;
      const local = await table.get(change.record.id);
      const key = outboxKey(change);
      const theirs = !mine.has(change.deviceId);
      const ours = theirs && (await db.authored.get(key)) !== undefined;
      // Someone else's version replaces what this device wrote: say so on the item and
      // keep ours next to it (the server keeps it in the item's history as well).
      if (ours && local && contentOf(local) !== contentOf(change.record))
        await db.conflicts.put({
          key,
          inspectionId: change.record.inspectionId,
          kind: change.kind,
          recordId: change.record.id,
          replaced: local,
          by: change.by,
          at: Date.now(),
        });
      if (theirs) await db.authored.delete(key); // the current version is theirs now
      if (change.kind === 'answer') await db.answers.put(change.record);
      else await db.findings.put(change.record);
      return;
    }
    case 'photo':
      await db.photos.put(change.record);
      return;
    case 'signature':
      await db.signatures.put(change.record);
      return;
    case 'review':
      await db.reviews.put(change.record);
      return;
  }
}

/** The user has read the notice: the replaced version stays on the server's history. */
export async function dismissConflict(key: string): Promise<void> {
  await write((db) => db.conflicts.delete(key));
}

/**
 * Bytes that live photos and signatures need and this device lacks (pulled from another
 * device, or not yet uploaded by it): fetched after each pull until they arrive. For one
 * inspection, it says whether its record is complete here.
 */
export async function missingBlobs(
  inspectionId?: string,
  except: ReadonlySet<string> = new Set(),
): Promise<{ sha256: string; type: string }[]> {
  const db = database();
  const [photos, signatures] = await Promise.all(
    inspectionId
      ? [
          db.photos.where('inspectionId').equals(inspectionId).toArray(),
          db.signatures.where('inspectionId').equals(inspectionId).toArray(),
        ]
      : [db.photos.toArray(), db.signatures.toArray()],
  );
  const wanted = new Map<string, string>();
  for (const p of photos) if (p.removedAt === undefined && !except.has(p.inspectionId)) wanted.set(p.sha256, p.mime);
  for (const s of signatures) if (!except.has(s.inspectionId)) wanted.set(s.pngSha256, 'image/png');
  // Keys only: the bytes themselves stay on disk.
  const have = new Set(
    await db.blobs
      .where('sha256')
      .anyOf([...wanted.keys()])
      .primaryKeys(),
  );
  return [...wanted].filter(([sha256]) => !have.has(sha256)).map(([sha256, type]) => ({ sha256, type }));
}
