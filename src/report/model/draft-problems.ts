// 三、存在的问题 and 四、整改措施 of the draft: the findings ordered by area, numbered
// 一是、二是… across paragraphs, and set as the longer seed reports set them.
import { chineseNumeral } from '../../shared/numerals';
import type { NumberedFinding } from '../../shared/progress';
import { clause, joinClauses, sentence } from './clauses';
import { AREAS, areaOf } from './draft-areas';
import { dateText } from './draft-values';

/** A finding as the draft numbers and words it. */
export interface DraftProblem {
  number: number;
  area: number;
  /** The inspector's problem text, or the item's text when none was written. */
  problem: string;
  place: string;
  found: NumberedFinding;
}

/** More problems than this: one paragraph per area instead of one per problem. */
const HANDFUL = 5;
/** An area with more than this: one paragraph per problem again, under area headings. */
const CROWDED = 8;

/** The findings in the draft's order (by area, then as walked), numbered again from 1. */
export function draftProblems(found: readonly NumberedFinding[]): DraftProblem[] {
  return found
    .map((f) => ({
      area: areaOf(f.room.kind),
      problem: clause(f.finding?.problem ?? '') || clause(f.walk.item.text.zh),
      place: clause(f.room.name),
      found: f,
    }))
    .sort((a, b) => a.area - b.area || a.found.number - b.found.number)
    .map((p, n) => ({ ...p, number: n + 1 }));
}

function phrase(p: DraftProblem): string {
  return `${chineseNumeral(p.number)}是${p.problem}${p.place ? `（${p.place}）` : ''}`;
}

function byArea(problems: readonly DraftProblem[]): DraftProblem[][] {
  const groups: DraftProblem[][] = [];
  for (const p of problems) {
    const last = groups[groups.length - 1];
    if (last?.[0]?.area === p.area) last.push(p);
    else groups.push([p]);
  }
  return groups;
}

/**
 * The paragraphs of 三、存在的问题: one per problem when there are a handful, one per area
 * when there are more, and one per problem under area headings when an area is crowded.
 */
export function problemParagraphs(problems: readonly DraftProblem[]): string[] {
  if (problems.length <= HANDFUL) return problems.map((p) => sentence(phrase(p)));
  const groups = byArea(problems);
  const heading = (g: DraftProblem[], n: number) => `（${chineseNumeral(n + 1)}）${AREAS[g[0]?.area ?? 1]?.problems}`;
  if (groups.some((g) => g.length > CROWDED))
    return groups.flatMap((g, n) => [heading(g, n), ...g.map((p) => sentence(phrase(p)))]);
  return groups.map((g, n) => `${heading(g, n)}。${joinClauses(g.map(phrase))}`);
}

function deadlineText(deadline: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(deadline) ? `${dateText(deadline)}前完成` : '限期完成';
}

/** One paragraph of 四、整改措施 per problem, numbered like the problem, with owner and deadline. */
export function measureParagraphs(problems: readonly DraftProblem[]): string[] {
  return problems.map((p) => {
    const r = p.found.finding?.rectification;
    return (
      `（${chineseNumeral(p.number)}）针对“${p.problem}”：${sentence(clause(r?.measure ?? '') || '制定整改措施')}` +
      `责任人：${joinClauses([clause(r?.owner ?? '') || '待定', deadlineText(r?.deadline ?? '')], '，')}`
    );
  });
}
