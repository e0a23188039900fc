import type { ChecklistTemplate, VisitKind } from '../shared/checklist';
import type { Photo, Signature } from '../shared/evidence';
import type { Answer, Computer, Finding, Inspection, Position, RoomVisit } from '../shared/inspection';
import { database, write } from './connection';
import { isLocked } from '../shared/evidence';
import { editInspection } from './edit';
import { InspectionLockedError } from './errors';
import { dropBlobIfUnused } from './blobs';
import { newId } from './ids';

export type NewInspection = Omit<Inspection, 'id' | 'createdAt' | 'updatedAt' | 'position'>;

/** Everything needed to render one inspection. */
export interface InspectionBundle {
  inspection: Inspection;
  template: ChecklistTemplate | undefined;
  rooms: RoomVisit[];
  computers: Computer[];
  answers: Map<string, Answer>;
  findings: Map<string, Finding>;
  photos: Photo[];
  signatures: Signature[];
}

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
    db.transaction('rw', db.inspections, db.rooms, async () => {
      await db.inspections.add(inspection);
      await db.rooms.bulkAdd(rooms);
    }),
  );
  return inspection;
}

export function getInspection(id: string): Promise<Inspection | undefined> {
  return database().inspections.get(id);
}

export async function listInspections(): Promise<Inspection[]> {
  return database().inspections.orderBy('updatedAt').reverse().toArray();
}

export async function updateInspection(
  id: string,
  patch: Partial<Omit<Inspection, 'id' | 'createdAt' | 'updatedAt' | 'reopenings'>>,
): Promise<void> {
  await editInspection(
    id,
    () => [],
    (db) => db.inspections.update(id, patch),
  );
}

/** Remember where the inspector is; not a content change, so updatedAt stays. */
export async function savePosition(id: string, position: Position): Promise<void> {
  await write((db) => db.inspections.update(id, { position }));
}

export async function loadBundle(id: string): Promise<InspectionBundle | undefined> {
  const db = database();
  return db.transaction(
    'r',
    [db.inspections, db.templates, db.rooms, db.computers, db.answers, db.findings, db.photos, db.signatures],
    async () => {
      const inspection = await db.inspections.get(id);
      if (!inspection) return undefined;
      const [template, rooms, computers, answers, findings, photos, signatures] = await Promise.all([
        db.templates.get([inspection.template.id, inspection.template.version]),
        db.rooms.where('inspectionId').equals(id).toArray(),
        db.computers.where('inspectionId').equals(id).toArray(),
        db.answers.where('inspectionId').equals(id).toArray(),
        db.findings.where('inspectionId').equals(id).toArray(),
        db.photos.where('inspectionId').equals(id).toArray(),
        db.signatures.where('inspectionId').equals(id).toArray(),
      ]);
      return {
        photos,
        signatures,
        inspection,
        template,
        rooms,
        computers,
        answers: new Map(answers.map((a) => [a.id, a])),
        findings: new Map(findings.map((f) => [f.id, f])),
      };
    },
  );
}

/** Delete an inspection and everything recorded in it (refused while it is signed). */
export async function deleteInspection(id: string): Promise<void> {
  await write((db) =>
    db.transaction(
      'rw',
      [db.inspections, db.rooms, db.computers, db.answers, db.findings, db.photos, db.signatures, db.blobs, db.drafts],
      async () => {
        const photos = await db.photos.where('inspectionId').equals(id).toArray();
        const signatures = await db.signatures.where('inspectionId').equals(id).toArray();
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
        ]);
        await db.inspections.delete(id);
        // Bytes stay while another inspection still refers to them (the same photo attached twice).
        for (const sha256 of new Set([...photos.map((p) => p.sha256), ...signatures.map((s) => s.pngSha256)]))
          await dropBlobIfUnused(db, sha256);
      },
    ),
  );
}
