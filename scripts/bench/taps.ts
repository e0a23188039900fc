/**
 * Part 8 of `npm run bench`: taps per item on one scripted full visit of the large
 * fixture's shape (test/fixtures/record-large.json: its template, 5 rooms, an office of
 * 20 PCs), the old way (every item by hand) and with 其余符合 and 同上一台.
 *
 * A calculation, not a browser run. Which items the shortcuts answer comes from the
 * app's own rules — restCompliant (shared/rest-compliant.ts) and carrySource /
 * carriedAnswers (shared/carry-over.ts), the functions the room view and src/db use —
 * and what each answer by hand costs is the table TAPS below, read off the item card.
 * After each block the script checks that it recorded exactly the visit's answers.
 * `npx tsx scripts/bench/taps.ts` runs it alone.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { carriedAnswers, carrySource } from '../../src/shared/carry-over';
import type { ChecklistItem, ChecklistTemplate } from '../../src/shared/checklist';
import { InspectionFile } from '../../src/shared/inspection-file.schema';
import { isAnswered, needsFinding, type Answer, type Computer, type Finding } from '../../src/shared/inspection';
import { activeComputers, activeRooms, roomWalk, type WalkItem } from '../../src/shared/progress';
import { restCompliant } from '../../src/shared/rest-compliant';
import { printTaps } from './print';
import { out, rowsTable } from './util';

const FIXTURE = resolve(import.meta.dirname, '../../test/fixtures/record-large.json');
/** Taps per item measured before these shortcuts (a 277-item full visit): the old way. */
const MEASURED_BEFORE = 1.73;
const TARGET = 1.2;

/** Taps of one move on the item card (src/ui/components/ItemCard.tsx and the forms it holds). */
const TAPS = {
  /** 符合 / 不符合 / 部分符合 / 不适用, or a choice option. */
  button: 1,
  /** Put the cursor in a number, text, note or finding field (then type). */
  field: 1,
  /** Select what a field holds, to retype or empty it. */
  clear: 1,
  /** "+ 添加备注" before the note field shows. */
  addNote: 1,
  /** A date: open the picker, pick the day. */
  date: 2,
  /** The 其余符合 button and its confirmation. */
  rest: 2,
  /** Untick 同上一台 on the add-PC form (it is ticked when offered). */
  untick: 1,
} as const;

export interface Effort {
  taps: number;
  chars: number;
}

export interface TapsReport {
  items: number;
  target: number;
  measuredBefore: number;
  old: Effort;
  now: Effort;
  /** Blocks where 其余符合 was used, and the items it answered. */
  restUses: number;
  restItems: number;
  /** PCs started 同上一台, and the items carried. */
  carriedPcs: number;
  carriedItems: number;
  pcs: number;
}

/** What the visit records at one item: the fixture's answer and finding, or the script's. */
interface Target {
  answer: Answer;
  finding?: Finding;
}

const add = (a: Effort, b: Effort): Effort => ({ taps: a.taps + b.taps, chars: a.chars + b.chars });
const typed = (text: string): Effort => ({ taps: TAPS.field, chars: [...text].length });

/**
 * The full visit: the fixture's answers and findings where it has them; elsewhere 符合,
 * values as the fixture's generator writes them (scripts/tools/make-fixtures.ts), and on each
 * PC the fixture leaves open one 不符合 with its finding (most PCs alike, not all).
 */
function scriptedVisit(file: InspectionFile, walk: readonly WalkItem[]): Map<string, Target> {
  const answers = new Map(file.answers.map((a) => [a.id, a]));
  const findings = new Map(file.findings.map((f) => [f.id, f]));
  const measure = file.findings[0]?.rectification.measure ?? '立即整改';
  const visit = new Map<string, Target>();
  const answeredPcs = new Set(walk.filter((w) => answers.has(w.key)).map((w) => w.computer?.id));
  const deviations = new Set(
    file.computers.filter((pc) => !answeredPcs.has(pc.id)).map((pc) => deviationOf(walk, pc)?.key),
  );
  for (const w of walk) {
    const fixture = answers.get(w.key);
    if (fixture && isAnswered(fixture)) {
      visit.set(w.key, { answer: fixture, finding: findings.get(w.key) });
      continue;
    }
    const answer: Answer = { id: w.key, inspectionId: file.inspection.id, ...w.place, updatedAt: 0 };
    const value = valueFor(w.item);
    if (value !== undefined) answer.value = value;
    else answer.result = 'pass';
    if (!deviations.has(w.key)) {
      visit.set(w.key, { answer });
      continue;
    }
    answer.result = 'fail';
    const { id, inspectionId, roomId, computerId, itemId } = answer;
    const problem = `${w.item.text.zh.slice(0, 18)}未落实`;
    const rectification = { measure, owner: w.computer?.user ?? '', deadline: '2026-12-30' };
    const finding: Finding = { id, inspectionId, roomId, computerId, itemId, problem, rectification, updatedAt: 0 };
    visit.set(w.key, { answer, finding });
  }
  return visit;
}

/** The one item a PC differs in from the others: a different result item on each PC. */
function deviationOf(walk: readonly WalkItem[], pc: Computer): WalkItem | undefined {
  const items = walk.filter((w) => w.computer?.id === pc.id && w.item.answer === 'result');
  return items[(pc.order * 5) % items.length];
}

function valueFor(item: ChecklistItem): string | number | undefined {
  if (item.answer === 'number') return 20;
  if (item.answer === 'date') return '2026-10-15';
  if (item.answer === 'text') return '门户网站、微信公众号“清风某县”';
  if (item.answer === 'choice') return item.options?.[0]?.id;
  return undefined;
}

/** By hand, from what the item shows (`start`: nothing, or a carried answer) to the visit's answer. */
function byHand(item: ChecklistItem, start: Answer | undefined, target: Target, judge: boolean): Effort {
  const { answer, finding } = target;
  let effort: Effort = { taps: 0, chars: 0 };
  if (judge && answer.result && answer.result !== start?.result) effort.taps += TAPS.button;
  if (answer.value !== undefined && answer.value !== start?.value) {
    if (item.answer === 'choice') effort.taps += TAPS.button;
    else if (item.answer === 'date') effort.taps += TAPS.date;
    else effort = add(effort, typed(String(answer.value)));
    if (start?.value !== undefined && item.answer !== 'choice' && item.answer !== 'date') effort.taps += TAPS.clear;
  }
  if ((answer.note ?? '') !== (start?.note ?? '')) {
    effort.taps += start?.note ? TAPS.clear : TAPS.addNote;
    effort = add(effort, answer.note ? typed(answer.note) : { taps: TAPS.field, chars: 0 });
  }
  if (finding && needsFinding(answer.result)) {
    const r = finding.rectification;
    for (const text of [finding.problem, r.measure, r.owner]) effort = add(effort, typed(text));
    effort.taps += TAPS.date;
  }
  return effort;
}

interface BlockRun {
  effort: Effort;
  answers: Map<string, Answer>;
  restItems: number;
}

/** One block with the shortcuts: the exceptions by hand first, then 其余符合 for the rest. */
function withShortcuts(
  block: readonly WalkItem[],
  visit: ReadonlyMap<string, Target>,
  state: ReadonlyMap<string, Answer>,
  carried: ReadonlyMap<string, Answer>,
): BlockRun {
  const answers = new Map(state);
  let effort: Effort = { taps: 0, chars: 0 };
  for (const w of block) {
    const target = visit.get(w.key)!;
    const start = carried.get(w.key);
    // 符合 on an item nothing was carried to is left to 其余符合 (its note is typed first).
    const later = w.item.answer === 'result' && target.answer.result === 'pass' && !isAnswered(start);
    effort = add(effort, byHand(w.item, start, target, !later));
    if (!later) answers.set(w.key, start && sameContent(start, target.answer) ? start : target.answer);
    else if (target.answer.note) answers.set(w.key, { ...target.answer, result: undefined });
  }
  const rest = restCompliant(block, answers);
  if (rest.length) effort.taps += TAPS.rest;
  for (const w of rest) answers.set(w.key, { ...answers.get(w.key)!, ...visit.get(w.key)!.answer, result: 'pass' });
  for (const w of block)
    if (!sameContent(answers.get(w.key), visit.get(w.key)!.answer))
      throw new Error(`bench-taps: the script recorded ${w.key} wrongly`);
  return { effort, answers, restItems: rest.length };
}

const sameContent = (a: Answer | undefined, b: Answer) =>
  a !== undefined && a.result === b.result && a.value === b.value && (a.note ?? '') === (b.note ?? '');

/** Play the visit both ways and count. */
export function countTaps(file: InspectionFile = InspectionFile.parse(JSON.parse(readFileSync(FIXTURE, 'utf8')))) {
  const tpl: ChecklistTemplate = file.template;
  const report: TapsReport = {
    items: 0,
    target: TARGET,
    measuredBefore: MEASURED_BEFORE,
    old: { taps: 0, chars: 0 },
    now: { taps: 0, chars: 0 },
    restUses: 0,
    restItems: 0,
    carriedPcs: 0,
    carriedItems: 0,
    pcs: 0,
  };
  let state = new Map<string, Answer>();
  for (const room of activeRooms(file.rooms)) {
    const pcs = activeComputers(file.computers, room.id);
    const walk = roomWalk(tpl, room, pcs);
    const visit = scriptedVisit(file, walk);
    report.items += walk.length;
    for (const w of walk) report.old = add(report.old, byHand(w.item, undefined, visit.get(w.key)!, true));
    const blocks = [walk.filter((w) => !w.computer), ...pcs.map((pc) => walk.filter((w) => w.computer?.id === pc.id))];
    for (const [n, block] of blocks.entries()) {
      if (!block.length) continue;
      const pc = block[0]!.computer;
      let run = withShortcuts(block, visit, state, new Map());
      // The add form offers 同上一台 once a PC here has answers: kept where it saves taps.
      const source = pc && carrySource(tpl, room, pcs.slice(0, n - 1), state);
      if (pc && source) {
        const carried = carriedAnswers(tpl, room, source, pc, state, 0);
        const withCarry = withShortcuts(block, visit, state, new Map(carried.map((a) => [a.id, a])));
        run.effort.taps += TAPS.untick;
        if (withCarry.effort.taps <= run.effort.taps) {
          run = withCarry;
          report.carriedPcs++;
          report.carriedItems += carried.length;
        }
      }
      if (pc) report.pcs++;
      if (run.restItems) report.restUses++;
      report.restItems += run.restItems;
      report.now = add(report.now, run.effort);
      state = run.answers;
    }
  }
  return report;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  out(rowsTable(printTaps(countTaps())));
}
