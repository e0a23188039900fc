// Completion rules for a visit: what is left to answer, and when a room is done.
// Pure functions over plain records so the UI, the PDF and the server agree.
import { sectionsFor, type ChecklistItem, type ChecklistSection, type ChecklistTemplate } from './checklist';
import {
  isAnswered,
  isFindingComplete,
  itemKey,
  needsFinding,
  type Answer,
  type Computer,
  type Finding,
  type ItemPlace,
  type Result,
  type RoomVisit,
} from './inspection';

/** One item as the inspector meets it in a room: office items, then each PC's block. */
export interface WalkItem {
  key: string;
  place: ItemPlace;
  item: ChecklistItem;
  section: ChecklistSection;
  computer?: Computer;
}

export type ItemStatus = 'unanswered' | 'finding-incomplete' | 'photo-missing' | 'done';

/**
 * Records by item key, as these functions read them: a Map (the PDF, the server, tests)
 * or the screen's live store itself (src/ui/state/bundle.ts), so a tap is never copied
 * into a new Map to be read.
 */
export interface ByKey<T> {
  get(key: string): T | undefined;
  values(): Iterable<T>;
}

/** What has been recorded for a visit, by item key. */
export interface VisitRecords {
  answers: ByKey<Answer>;
  findings: ByKey<Finding>;
  /** Live photos per item key (item and finding photos alike). */
  photoCounts?: ReadonlyMap<string, number>;
}

export interface Progress {
  total: number;
  answered: number;
  /** Items answered 不符合/部分符合 whose finding lacks a field, or a required photo. */
  findingsIncomplete: number;
  complete: boolean;
}

const live = <T extends { removedAt?: number | undefined }>(x: T) => x.removedAt === undefined;
// Two phones can give records the same order (each adds "the next" PC offline): the id
// breaks the tie, so every screen and every run numbers them the same.
const byOrder = <T extends { order: number; id: string }>(a: T, b: T) =>
  a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Rooms still in the visit, in walking order. */
export function activeRooms(rooms: readonly RoomVisit[]): RoomVisit[] {
  return rooms.filter(live).sort(byOrder);
}

/** Computers of an office still in the visit, in order. */
export function activeComputers(computers: readonly Computer[], roomId: string): Computer[] {
  return computers.filter((c) => c.roomId === roomId && live(c)).sort(byOrder);
}

/**
 * A computer's number in the visit, "计算机 N": its 1-based place among the live PCs of
 * its own office. The one numbering used by the room view, the summary, the sign page,
 * the PDF and the draft (0 for a PC that was removed).
 */
export function computerNumber(computers: readonly Computer[], computer: Pick<Computer, 'id' | 'roomId'>): number {
  return activeComputers(computers, computer.roomId).findIndex((c) => c.id === computer.id) + 1;
}

/** Classified-only items are skipped on other PCs, and the reverse. */
function appliesTo(item: ChecklistItem, computer: Computer): boolean {
  if (item.appliesTo === 'classified') return computer.classified;
  if (item.appliesTo === 'unclassified') return !computer.classified;
  return true;
}

/** Every item of a room in walking order; the computer checklist repeats per PC. */
export function roomWalk(tpl: ChecklistTemplate, room: RoomVisit, computers: readonly Computer[]): WalkItem[] {
  const walk: WalkItem[] = [];
  for (const section of sectionsFor(tpl, room.kind))
    for (const item of section.items) {
      const place = { roomId: room.id, itemId: item.id };
      walk.push({ key: itemKey(place), place, item, section });
    }
  if (room.kind === 'office')
    for (const computer of activeComputers(computers, room.id))
      for (const section of sectionsFor(tpl, 'computer'))
        for (const item of section.items) {
          if (!appliesTo(item, computer)) continue;
          const place = { roomId: room.id, computerId: computer.id, itemId: item.id };
          walk.push({ key: itemKey(place), place, item, section, computer });
        }
  return walk;
}

/** The whole visit in walking order. */
export function inspectionWalk(
  tpl: ChecklistTemplate,
  rooms: readonly RoomVisit[],
  computers: readonly Computer[],
): WalkItem[] {
  return activeRooms(rooms).flatMap((room) => roomWalk(tpl, room, computers));
}

/** Where one item stands: a failed item needs a complete finding, and a photo if the template says so. */
export function itemStatus(
  item: Pick<ChecklistItem, 'photoOnFailure'>,
  answer: Answer | undefined,
  finding: Finding | undefined,
  photoCount = 0,
): ItemStatus {
  if (!isAnswered(answer)) return 'unanswered';
  if (!needsFinding(answer?.result)) return 'done';
  if (!isFindingComplete(finding)) return 'finding-incomplete';
  if (item.photoOnFailure && photoCount === 0) return 'photo-missing';
  return 'done';
}

function statusOf(w: WalkItem, records: VisitRecords): ItemStatus {
  return itemStatus(w.item, records.answers.get(w.key), records.findings.get(w.key), records.photoCounts?.get(w.key));
}

export function progressOf(walk: readonly WalkItem[], records: VisitRecords): Progress {
  let answered = 0;
  let findingsIncomplete = 0;
  for (const w of walk) {
    const status = statusOf(w, records);
    if (status !== 'unanswered') answered++;
    if (status === 'finding-incomplete' || status === 'photo-missing') findingsIncomplete++;
  }
  return {
    total: walk.length,
    answered,
    findingsIncomplete,
    complete: answered === walk.length && findingsIncomplete === 0,
  };
}

/** The next item that is not done after `afterKey`, wrapping round to the start. */
export function nextIncomplete(
  walk: readonly WalkItem[],
  records: VisitRecords,
  afterKey?: string,
): WalkItem | undefined {
  const start = afterKey === undefined ? 0 : walk.findIndex((w) => w.key === afterKey) + 1;
  for (let i = 0; i < walk.length; i++) {
    const w = walk[(start + i) % walk.length];
    if (w && statusOf(w, records) !== 'done') return w;
  }
  return undefined;
}

export type ResultBucket = Result | 'value' | 'unanswered';
export type ResultCounts = Record<ResultBucket, number>;

/** Counts per result; a value recorded without a judgement counts as `value`. */
export function countResults(walk: readonly WalkItem[], answers: ByKey<Answer>): ResultCounts {
  const counts: ResultCounts = { pass: 0, fail: 0, partial: 0, na: 0, value: 0, unanswered: 0 };
  for (const w of walk) {
    const a = answers.get(w.key);
    if (!isAnswered(a)) counts.unanswered++;
    else counts[a?.result ?? 'value']++;
  }
  return counts;
}

export interface NumberedFinding {
  number: number;
  walk: WalkItem;
  room: RoomVisit;
  answer: Answer;
  finding: Finding | undefined;
}

/** Findings of the visit in walking order, numbered from 1 (printed 一、二、…). */
export function numberedFindings(
  tpl: ChecklistTemplate,
  rooms: readonly RoomVisit[],
  computers: readonly Computer[],
  records: VisitRecords,
): NumberedFinding[] {
  const out: NumberedFinding[] = [];
  for (const room of activeRooms(rooms))
    for (const w of roomWalk(tpl, room, computers)) {
      const answer = records.answers.get(w.key);
      if (answer && needsFinding(answer.result))
        out.push({ number: out.length + 1, walk: w, room, answer, finding: records.findings.get(w.key) });
    }
  return out;
}
