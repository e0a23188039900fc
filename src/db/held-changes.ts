// Pulled changes this app version cannot read (a record kind or a field a newer server
// sends): kept raw, never skipped, so that the cursor can move on without losing them;
// applied once the app has updated and can read them. Only the newest version of each
// record is held: a later version, readable or not, supersedes it.
import type { Change } from '../shared/sync-protocol';
import { inspectionOf } from '../shared/sync-records';
import { database, write } from './connection';
import type { XunjianDB } from './database';
import { outboxKey } from './outbox';
import { applyChanges, pullTables } from './pulled';

export interface HeldChange {
  /** The record's key (outboxKey): one held version per record. */
  key: string;
  inspectionId: string;
  changeId: number;
  /** The change as the server sent it. */
  change: Change;
  heldAt: number;
}

/** Keep a change this version cannot read; inside a transaction that includes `held`. */
export async function holdChange(db: XunjianDB, change: Change): Promise<void> {
  // The envelope (kind, record id, change id) is the server's and always there; only the
  // record's content is what this version cannot read.
  await db.held.put({
    key: heldKey(change),
    inspectionId: heldInspection(change),
    changeId: change.changeId,
    change,
    heldAt: Date.now(),
  });
}

// A change of a kind this version does not know may not carry a record id: it is then
// held on its own (by change id) rather than under a key it does not have.
function heldKey(change: Change): string {
  const record = (change as { record?: { id?: unknown } }).record;
  return typeof record?.id === 'string' ? outboxKey(change) : `${change.kind}#${change.changeId}`;
}

function heldInspection(change: Change): string {
  const record = (change as { record?: { id?: unknown; inspectionId?: unknown } }).record;
  const id = change.kind === 'inspection' ? record?.id : record?.inspectionId;
  return typeof id === 'string' ? inspectionOf(change) : '';
}

/** How many pulled changes wait for a newer app version. */
export function heldChangeCount(): Promise<number> {
  return database().held.count();
}

/**
 * Apply the held changes this version can read now (after an update), oldest first,
 * and forget them; the others stay held. Returns how many were applied.
 */
export function applyHeldChanges(deviceId: string, readable: (change: Change) => boolean): Promise<number> {
  return write((db) =>
    db.transaction('rw', pullTables(db), async () => {
      const held = (await db.held.toArray()).sort((a, b) => a.changeId - b.changeId);
      const ready = held.filter((h) => readable(h.change));
      await db.held.bulkDelete(ready.map((h) => h.key));
      return applyChanges(
        db,
        ready.map((h) => h.change),
        deviceId,
      );
    }),
  );
}
