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

/**
 * The parts of one inspection, each read on its own: the screen observes each apart, so
 * a tap (an answer) re-reads the answers and the inspection row, never the template,
 * rooms or photos. loadBundle reads them all in one transaction.
 */
export const inspectionParts = {
  inspection: (id: string) => database().inspections.get(id),
  template: (ref: Inspection['template']) => database().templates.get([ref.id, ref.version]),
  rooms: (id: string) => database().rooms.where('inspectionId').equals(id).toArray(),
  computers: (id: string) => database().computers.where('inspectionId').equals(id).toArray(),
  answers: (id: string) => database().answers.where('inspectionId').equals(id).toArray(),
  findings: (id: string) => database().findings.where('inspectionId').equals(id).toArray(),
  /** Live photos (removed ones are kept for sync, not shown). */
  photos: async (id: string) =>
    (await database().photos.where('inspectionId').equals(id).toArray()).filter((p) => p.removedAt === undefined),
  signatures: (id: string) => database().signatures.where('inspectionId').equals(id).toArray(),
  conflicts: (id: string) => database().conflicts.where('inspectionId').equals(id).toArray(),
  refusals: (id: string) => database().refusals.where('inspectionId').equals(id).toArray(),
  review: (id: string) => database().reviews.get(id),
};

export async function loadBundle(id: string): Promise<InspectionBundle | undefined> {
  const db = database();
  const p = inspectionParts;
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
      const inspection = await p.inspection(id);
      if (!inspection) return undefined;
      const [template, rooms, computers, answers, findings, photos, signatures, conflicts, refusals, review] =
        await Promise.all([
          p.template(inspection.template),
          p.rooms(id),
          p.computers(id),
          p.answers(id),
          p.findings(id),
          p.photos(id),
          p.signatures(id),
          p.conflicts(id),
          p.refusals(id),
          p.review(id),
        ]);
      return {
        photos,
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
