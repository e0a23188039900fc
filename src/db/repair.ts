// After the server was restored from a backup it may have lost entries it had confirmed,
// which this phone then dropped from its outbox. The phone notices (a pull cursor the
// server no longer holds, the server expecting a seq it had confirmed, a sign-in whose
// previous device the server has applied less of) and repairs: its own current records
// go into the outbox again, in the order the server needs them (the inspection before
// its rooms, content before signatures), its photos' bytes are offered again, and the
// next pull starts from the beginning. Records the server still holds as they are cost
// nothing there (an unchanged write is no change).
import type { Mutation } from '../shared/sync-protocol';
import { inspectionOf } from '../shared/sync-records';
import { write } from './connection';
import { recordTables, type XunjianDB } from './database';
import { outboxKey, recordChange } from './outbox';
import { readSetting, SETTINGS, writeSetting } from './settings';

/** Syncs after a repair in which 'not-a-participant' and 'unknown-inspection' mean "not yet". */
const REPAIR_GRACE_SYNCS = 5;

/** A restore was noticed: the next sync repairs before it pushes. */
export async function noticeRestore(db?: XunjianDB): Promise<void> {
  if (db) await writeSetting(SETTINGS.repair, true, db);
  else await writeSetting(SETTINGS.repair, true);
}

export async function repairPending(): Promise<boolean> {
  return (await readSetting(SETTINGS.repair)) === true;
}

/** Queue this phone's own records again and pull from the start; returns how many were queued. */
export function queueRepair(): Promise<number> {
  return write((db) =>
    db.transaction(
      'rw',
      [...recordTables(db), db.reviews, db.outbox, db.authored, db.uploads, db.blobs, db.settings],
      async () => {
        const ours = new Set((await db.authored.toArray()).map((a) => a.key));
        const pending = new Set((await db.outbox.toArray()).map((e) => e.key));
        // An inspection this phone signed goes up whole, colleagues' records included: the
        // server may have lost theirs too, and without them the signature cannot be proven
        // there (it would be refused and voided here). Unchanged records cost nothing.
        const signedHere = new Set(
          (await db.signatures.toArray())
            .filter((s) => s.voidedAt === undefined && ours.has(outboxKey({ kind: 'signature', record: s })))
            .map((s) => s.inspectionId),
        );
        let queued = 0;
        const send = async (mutation: Exclude<Mutation, { kind: 'reopen' }>) => {
          const key = outboxKey(mutation);
          const whole =
            mutation.kind !== 'signature' && mutation.kind !== 'review' && signedHere.has(inspectionOf(mutation));
          if ((!ours.has(key) && !whole) || pending.has(key)) return;
          await recordChange(db, mutation);
          queued++;
        };
        for (const record of await db.inspections.toArray()) {
          const copy = { ...record };
          // The server records reopenings itself; a device's copy never carries them up.
          delete copy.reopenings;
          await send({ kind: 'inspection', record: copy });
        }
        for (const record of await db.rooms.toArray()) await send({ kind: 'room', record });
        for (const record of await db.computers.toArray()) await send({ kind: 'computer', record });
        for (const record of await db.answers.toArray()) await send({ kind: 'answer', record });
        for (const record of await db.findings.toArray()) await send({ kind: 'finding', record });
        const bytes = new Set<string>();
        for (const record of await db.photos.toArray()) {
          await send({ kind: 'photo', record });
          bytes.add(record.sha256);
        }
        // A voided signature is the server's to void (by a reopen): only valid ones go again.
        for (const record of await db.signatures.toArray())
          if (record.voidedAt === undefined) {
            await send({ kind: 'signature', record });
            bytes.add(record.pngSha256);
          }
        for (const record of await db.reviews.toArray()) await send({ kind: 'review', record });
        // Bytes the restored server may lack: asked about (HEAD) and sent again if so.
        for (const sha256 of bytes) {
          const blob = await db.blobs.get(sha256);
          if (blob && !(await db.uploads.get(sha256)))
            await db.uploads.put({ sha256, type: blob.type, bytes: blob.data.byteLength });
        }
        await db.settings.delete(SETTINGS.scopeCursor);
        await db.settings.delete(SETTINGS.repair);
        // A colleague may not have repaired yet (the participant list, an inspection created
        // after the backup): what the server refuses as not ours is tried again for a while.
        await writeSetting(SETTINGS.repairGrace, REPAIR_GRACE_SYNCS, db);
        return queued;
      },
    ),
  );
}

/** Whether refusals meaning "not yet yours" are still queued again after a repair. */
export async function repairGraceLeft(): Promise<boolean> {
  return ((await readSetting(SETTINGS.repairGrace)) ?? 0) > 0;
}

/** One sync of the grace after a repair ended. */
export async function endRepairGraceSync(): Promise<void> {
  await write((db) =>
    db.transaction('rw', db.settings, async () => {
      const left = (await readSetting(SETTINGS.repairGrace, db)) ?? 0;
      if (left > 1) await writeSetting(SETTINGS.repairGrace, left - 1, db);
      else await db.settings.delete(SETTINGS.repairGrace);
    }),
  );
}

/** The server renumbered this device's outbox after a restore: what it confirmed is now less. */
export async function lowerConfirmed(deviceId: string, seq: number): Promise<void> {
  await writeSetting(SETTINGS.confirmed, { deviceId, seq });
}

/** Whether the server now knows less of this device than it once confirmed. */
export async function forgotConfirmed(deviceId: string, serverSeq: number): Promise<boolean> {
  const confirmed = await readSetting(SETTINGS.confirmed);
  return confirmed?.deviceId === deviceId && serverSeq < confirmed.seq;
}
