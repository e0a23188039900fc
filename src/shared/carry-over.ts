// 同上一台: most PCs of one office are alike, so a new PC can start from the answers of the
// PC before it. A carried answer is a real answer that records where it came from.
import type { ChecklistTemplate } from './checklist';
import { isAnswered, itemKey, type Answer, type Computer, type RoomVisit } from './inspection';
import { activeComputers, roomWalk, type ByKey } from './progress';

/** The PC a new one in this office would copy: the last live one with an answer (none: nothing to offer). */
export function carrySource(
  tpl: ChecklistTemplate,
  room: RoomVisit,
  computers: readonly Computer[],
  answers: ByKey<Answer>,
): Computer | undefined {
  const walk = roomWalk(tpl, room, computers);
  return activeComputers(computers, room.id)
    .reverse()
    .find((c) => walk.some((w) => w.computer?.id === c.id && isAnswered(answers.get(w.key))));
}

/**
 * The answers `target` starts with when copied from `source`: results, values and notes
 * of the items that apply to both (a classified PC's own items are not carried to an
 * ordinary one, nor the reverse). Findings are not copied: a 不符合 on this PC is its own
 * problem, with its own rectification, so its finding is left to be written.
 */
export function carriedAnswers(
  tpl: ChecklistTemplate,
  room: RoomVisit,
  source: Computer,
  target: Computer,
  answers: ByKey<Answer>,
  now: number,
): Answer[] {
  const walk = roomWalk(tpl, room, [source, target]);
  const onSource = new Set(walk.filter((w) => w.computer?.id === source.id).map((w) => w.item.id));
  const carried: Answer[] = [];
  for (const w of walk) {
    if (w.computer?.id !== target.id || !onSource.has(w.item.id)) continue;
    const from = answers.get(itemKey({ ...w.place, computerId: source.id }));
    if (!from || !isAnswered(from)) continue;
    carried.push({
      id: w.key,
      inspectionId: target.inspectionId,
      roomId: room.id,
      computerId: target.id,
      itemId: w.item.id,
      ...(from.result ? { result: from.result } : {}),
      ...(from.value !== undefined ? { value: from.value } : {}),
      ...(from.note ? { note: from.note } : {}),
      carriedFrom: source.id,
      updatedAt: now,
    });
  }
  return carried;
}
