import { canonicalJson } from '../shared/digest';
import type { Answer, Finding, ItemPlace, Rectification } from '../shared/inspection';
import { itemKey } from '../shared/inspection';
import type { WalkItem } from '../shared/progress';
import { restCompliant } from '../shared/rest-compliant';
import { editInspection } from './edit';
import { outboxKey, recordChange } from './outbox';

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
      // Answered here, so no longer a copy of another PC's answer.
      delete next.carriedFrom;
      for (const [k, v] of Object.entries(patch) as [keyof AnswerPatch, unknown][]) {
        if (v === undefined) delete next[k];
        else (next as Record<string, unknown>)[k] = v;
      }
      await db.answers.put(next);
      await recordChange(db, { kind: 'answer', record: next });
      return next;
    },
    // The resume position moves with the tap, in the same transaction.
    { position: { roomId: place.roomId, itemKey: id } },
  );
}

/** What a bulk write changed: each answer it wrote and the one it replaced (none: the item had no answer). */
export interface AnswersUndo {
  inspectionId: string;
  written: Answer[];
  previous: (Answer | undefined)[];
}

/**
 * 其余符合: mark 符合 every item of `items` that is still unanswered and judged by a result
 * (shared/rest-compliant.ts decides, here inside the transaction, so an answer that
 * arrived since the user confirmed is never overwritten). One transaction for the set.
 */
export async function markRestCompliant(inspectionId: string, items: readonly WalkItem[]): Promise<AnswersUndo> {
  return editInspection(
    inspectionId,
    (db) => [db.answers],
    async (db) => {
      const now = Date.now();
      const stored = await db.answers.bulkGet(items.map((w) => w.key));
      const current = new Map(stored.flatMap((a) => (a ? [[a.id, a] as const] : [])));
      const undo: AnswersUndo = { inspectionId, written: [], previous: [] };
      for (const w of restCompliant(items, current)) {
        const previous = current.get(w.key);
        // A note written before (or a result cleared) stays: only the judgement is added.
        const next: Answer = {
          ...previous,
          id: w.key,
          inspectionId,
          ...stripPlace(w.place),
          result: 'pass',
          updatedAt: now,
        };
        undo.written.push(next);
        undo.previous.push(previous);
      }
      await db.answers.bulkPut(undo.written);
      for (const record of undo.written) await recordChange(db, { kind: 'answer', record });
      return undo;
    },
  );
}

/**
 * Take a bulk write back: each answer it wrote that nobody changed since returns to what
 * it replaced. An item that had no answer has none again when its entry was not sent yet;
 * once sent, the server holds it, so it gets an answer without a result (unanswered).
 */
export async function undoAnswers(undo: AnswersUndo): Promise<void> {
  await editInspection(
    undo.inspectionId,
    (db) => [db.answers],
    async (db) => {
      for (const [i, written] of undo.written.entries()) {
        const current = await db.answers.get(written.id);
        if (!current || canonicalJson(current) !== canonicalJson(written)) continue; // changed since: theirs now
        const previous = undo.previous[i];
        if (previous) {
          await db.answers.put(previous);
          await recordChange(db, { kind: 'answer', record: previous });
          continue;
        }
        const key = outboxKey({ kind: 'answer', record: written });
        const unsent = await db.outbox
          .where('key')
          .equals(key)
          .filter((e) => e.seq === undefined)
          .last();
        if (unsent) {
          await db.outbox.delete(unsent.id);
          await db.answers.delete(written.id);
          await db.authored.delete(key);
        } else {
          const { id, inspectionId, roomId, computerId, itemId } = written;
          const cleared: Answer = {
            id,
            inspectionId,
            roomId,
            ...(computerId ? { computerId } : {}),
            itemId,
            updatedAt: Date.now(),
          };
          await db.answers.put(cleared);
          await recordChange(db, { kind: 'answer', record: cleared });
        }
      }
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
      return next;
    },
    { position: { roomId: place.roomId, itemKey: id } },
  );
}

function stripPlace(place: ItemPlace): Pick<Answer, 'roomId' | 'computerId' | 'itemId'> {
  return place.computerId
    ? { roomId: place.roomId, computerId: place.computerId, itemId: place.itemId }
    : { roomId: place.roomId, itemId: place.itemId };
}
