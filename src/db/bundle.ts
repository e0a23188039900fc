// Reading inspections: the list and the screens of one inspection. Kept apart from the
// writes (src/db/inspections.ts) so the start-up list does not ship the outbox code.
import type { ChecklistTemplate } from '../shared/checklist';
import type { Photo, Signature } from '../shared/evidence';
import type { Answer, Computer, Finding, Inspection, Review, RoomVisit } from '../shared/inspection';
import { database } from './connection';
import type { Conflict, Refusal } from './database';

/** Everything needed to render one inspection. */
export interface InspectionBundle {
  inspection: Inspection;
  template: ChecklistTemplate | undefined;
  rooms: RoomVisit[];
  computers: Computer[];
  answers: Map<string, Answer>;
  findings: Map<string, Finding>;
  /** Live photos (removed ones are kept for sync, not shown). */
  photos: Photo[];
  signatures: Signature[];
  /** Answers and findings another device changed over this device's version. */
  conflicts: Conflict[];
  /** Changes the server refused, with their content. */
  refusals: Refusal[];
  /** The office's verdict, once reviewed or returned. */
  review: Review | undefined;
}

export function getInspection(id: string): Promise<Inspection | undefined> {
  return database().inspections.get(id);
}

export async function listInspections(): Promise<Inspection[]> {
  return database().inspections.orderBy('updatedAt').reverse().toArray();
}

export async function loadBundle(id: string): Promise<InspectionBundle | undefined> {
  const db = database();
  return db.transaction(
    'r',
    [
      db.inspections,
      db.templates,
      db.rooms,
      db.computers,
      db.answers,
      db.findings,
      db.photos,
      db.signatures,
      db.conflicts,
      db.refusals,
      db.reviews,
    ],
    async () => {
      const inspection = await db.inspections.get(id);
      if (!inspection) return undefined;
      const [template, rooms, computers, answers, findings, photos, signatures, conflicts, refusals, review] =
        await Promise.all([
          db.templates.get([inspection.template.id, inspection.template.version]),
          db.rooms.where('inspectionId').equals(id).toArray(),
          db.computers.where('inspectionId').equals(id).toArray(),
          db.answers.where('inspectionId').equals(id).toArray(),
          db.findings.where('inspectionId').equals(id).toArray(),
          db.photos.where('inspectionId').equals(id).toArray(),
          db.signatures.where('inspectionId').equals(id).toArray(),
          db.conflicts.where('inspectionId').equals(id).toArray(),
          db.refusals.where('inspectionId').equals(id).toArray(),
          db.reviews.get(id),
        ]);
      return {
        photos: photos.filter((p) => p.removedAt === undefined),
        signatures,
        conflicts,
        refusals,
        review,
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
