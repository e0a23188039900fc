// Writing inspections: create, change particulars, delete (reads are in bundle.ts).
import type { VisitKind } from '../shared/checklist';
import type { Inspection, Position, RoomVisit } from '../shared/inspection';
import type { Mutation } from '../shared/sync-protocol';
import { write } from './connection';
import { isLocked } from '../shared/evidence';
import { editInspection } from './edit';
import { InspectionLockedError } from './errors';
import { dropBlobIfUnused } from './blobs';
import { newId } from './ids';
import { recordChange } from './outbox';
import { recordTables } from './database';

export type NewInspection = Omit<Inspection, 'id' | 'createdAt' | 'updatedAt' | 'position'>;

/**
 * Create an inspection with its unit-wide sections already laid out (every seed
 * report covers them); the inspector adds the physical rooms.
 */
export async function createInspection(
  input: NewInspection,
  initialRooms: readonly { kind: VisitKind; name: string }[],
): Promise<Inspection> {
  const now = Date.now();
  const inspection: Inspection = { ...input, id: newId(), createdAt: now, updatedAt: now };
  const rooms: RoomVisit[] = initialRooms.map((r, i) => ({
    id: newId(),
    inspectionId: inspection.id,
    kind: r.kind,
    name: r.name,
    order: i + 1,
  }));
  await write((db) =>
    db.transaction('rw', db.inspections, db.rooms, db.outbox, db.authored, async () => {
      await db.inspections.add(inspection);
      await db.rooms.bulkAdd(rooms);
      await recordChange(db, { kind: 'inspection', record: inspection });
      for (const room of rooms) await recordChange(db, { kind: 'room', record: room });
    }),
  );
  return inspection;
}

export async function updateInspection(
  id: string,
  patch: Partial<Omit<Inspection, 'id' | 'createdAt' | 'updatedAt' | 'reopenings'>>,
): Promise<void> {
  await editInspection(
    id,
    () => [],
    async (db) => {
      await db.inspections.update(id, { ...patch, updatedAt: Date.now() });
      const inspection = await db.inspections.get(id);
      if (inspection) await recordChange(db, { kind: 'inspection', record: inspection });
    },
  );
}

/** Remember where the inspector is; not a content change, so updatedAt stays. */
export async function savePosition(id: string, position: Position): Promise<void> {
  await write((db) => db.inspections.update(id, { position }));
}

/**
 * Delete an inspection from this device and everything recorded in it (refused while
 * it is signed). What the server already has stays there; changes not yet sent are
 * dropped with it, except those already numbered for the server, which must still go
 * (the server refuses a gap in a device's sequence).
 */
export async function deleteInspection(id: string): Promise<void> {
  await write((db) =>
    db.transaction(
      'rw',
      [
        ...recordTables(db),
        db.blobs,
        db.drafts,
        db.outbox,
        db.uploads,
        db.conflicts,
        db.refusals,
        db.reviews,
        db.syncState,
        db.deleted,
        db.held,
      ],
      async () => {
        const photos = await db.photos.where('inspectionId').equals(id).toArray();
        const signatures = await db.signatures.where('inspectionId').equals(id).toArray();
        // Entries already sent (their push's answer not in yet) stay and will apply on the
        // server, whose other phones then ask for their photos' bytes: those bytes stay
        // until they are uploaded (markUploaded drops them once nothing here needs them).
        const sent = await db.outbox
          .where('inspectionId')
          .equals(id)
          .filter((e) => e.seq !== undefined)
          .toArray();
        const stillToUpload = new Set(sent.flatMap((e) => bytesOf(e.mutation)));
        // A signed record is evidence: it goes only after an explicit reopen.
        if (isLocked(signatures)) throw new InspectionLockedError(id);
        await Promise.all([
          db.photos.where('inspectionId').equals(id).delete(),
          db.signatures.where('inspectionId').equals(id).delete(),
          db.rooms.where('inspectionId').equals(id).delete(),
          db.computers.where('inspectionId').equals(id).delete(),
          db.answers.where('inspectionId').equals(id).delete(),
          db.findings.where('inspectionId').equals(id).delete(),
          db.drafts.delete(id),
          db.outbox
            .where('inspectionId')
            .equals(id)
            .filter((e) => e.seq === undefined)
            .delete(),
          db.conflicts.where('inspectionId').equals(id).delete(),
          db.refusals.where('inspectionId').equals(id).delete(),
          db.reviews.delete(id),
          db.syncState.delete(id),
          db.held.where('inspectionId').equals(id).delete(),
        ]);
        await db.inspections.delete(id);
        // Remembered, so that a colleague's later change to it does not bring back a
        // half-filled copy with the next pull.
        await db.deleted.put({ inspectionId: id, at: Date.now() });
        // Bytes stay while another inspection still refers to them (the same photo attached twice).
        for (const sha256 of new Set([...photos.map((p) => p.sha256), ...signatures.map((s) => s.pngSha256)])) {
          // Kept only while their upload is really to come: bytes already uploaded (the
          // engine uploads before it pushes) or refused for good go with the inspection.
          const upload = stillToUpload.has(sha256) ? await db.uploads.get(sha256) : undefined;
          if (!upload || upload.refused !== undefined) await dropBlobIfUnused(db, sha256);
        }
      },
    ),
  );
}

/** The bytes a change refers to (a photo's, a signature image's). */
function bytesOf(mutation: Mutation): string[] {
  if (mutation.kind === 'photo') return [mutation.record.sha256];
  if (mutation.kind === 'signature') return [mutation.record.pngSha256];
  return [];
}
