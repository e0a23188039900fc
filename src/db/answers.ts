import type { Answer, Finding, ItemPlace, Rectification } from '../shared/inspection';
import { itemKey } from '../shared/inspection';
import { editInspection } from './edit';
import { recordChange } from './outbox';

export type AnswerPatch = Partial<Pick<Answer, 'result' | 'value' | 'note'>>;

/**
 * Record one tap: merge into the item's answer and move the resume position there,
 * in one transaction so a killed tab never keeps one without the other.
 * `undefined` in the patch clears that field (e.g. tapping the selected result again).
 */
export async function saveAnswer(inspectionId: string, place: ItemPlace, patch: AnswerPatch): Promise<Answer> {
  const id = itemKey(place);
  return editInspection(
    inspectionId,
    (db) => [db.answers],
    async (db) => {
      const now = Date.now();
      const previous = await db.answers.get(id);
      const next: Answer = { ...previous, id, inspectionId, ...stripPlace(place), updatedAt: now };
      for (const [k, v] of Object.entries(patch) as [keyof AnswerPatch, unknown][]) {
        if (v === undefined) delete next[k];
        else (next as Record<string, unknown>)[k] = v;
      }
      await db.answers.put(next);
      await recordChange(db, { kind: 'answer', record: next });
      await db.inspections.update(inspectionId, { position: { roomId: place.roomId, itemKey: id } });
      return next;
    },
  );
}

export interface FindingPatch {
  problem?: string;
  rectification?: Partial<Rectification>;
}

export async function saveFinding(inspectionId: string, place: ItemPlace, patch: FindingPatch): Promise<Finding> {
  const id = itemKey(place);
  return editInspection(
    inspectionId,
    (db) => [db.findings],
    async (db) => {
      const now = Date.now();
      const previous = await db.findings.get(id);
      const next: Finding = {
        id,
        inspectionId,
        ...stripPlace(place),
        problem: patch.problem ?? previous?.problem ?? '',
        rectification: {
          measure: '',
          owner: '',
          deadline: '',
          ...previous?.rectification,
          ...patch.rectification,
        },
        updatedAt: now,
      };
      await db.findings.put(next);
      await recordChange(db, { kind: 'finding', record: next });
      await db.inspections.update(inspectionId, { position: { roomId: place.roomId, itemKey: id } });
      return next;
    },
  );
}

function stripPlace(place: ItemPlace): Pick<Answer, 'roomId' | 'computerId' | 'itemId'> {
  return place.computerId
    ? { roomId: place.roomId, computerId: place.computerId, itemId: place.itemId }
    : { roomId: place.roomId, itemId: place.itemId };
}
