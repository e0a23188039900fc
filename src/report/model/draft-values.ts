// The values the inspector recorded (a count, a date, a choice, a short text), put into
// the draft's words: "本年度组织网络安全和保密教育培训次数为3次", "计算机类别为涉密计算机2台".
import type { ChecklistItem } from '../../shared/checklist';
import type { Answer, RoomVisit } from '../../shared/inspection';
import type { WalkItem } from '../../shared/progress';
import { clause, joinClauses } from './clauses';

/** 2026-11-24 → 2026年11月24日 (anything else as typed). */
export function dateText(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : date;
}

/** A recorded value as prose: a choice's zh label (never its id), a date in words, a number with its unit. */
function answerValueText(item: ChecklistItem, value: string | number): string {
  if (item.answer === 'choice') return item.options?.find((o) => o.id === value)?.zh ?? String(value);
  if (item.answer === 'date') return dateText(String(value));
  if (typeof value === 'number') return `${value}${item.unit ?? ''}`;
  return clause(value);
}

/** The item's text as a noun, without a trailing "（万元）" that the value's unit repeats. */
function valueLabel(item: ChecklistItem): string {
  const text = clause(item.text.zh);
  return item.unit && text.endsWith(`（${item.unit}）`) ? text.slice(0, -item.unit.length - 2) : text;
}

function hasValue(a: Answer | undefined): a is Answer & { value: string | number } {
  return a?.value !== undefined && a.value !== '';
}

/** One clause per item with a recorded value in `walk`; computers' values are counted, rooms' named when several. */
export function valueClauses(
  walk: readonly WalkItem[],
  answers: ReadonlyMap<string, Answer>,
  rooms: readonly RoomVisit[],
): string[] {
  const byItem = new Map<string, { item: ChecklistItem; recorded: { w: WalkItem; value: string | number }[] }>();
  for (const w of walk) {
    const a = answers.get(w.key);
    if (!hasValue(a)) continue;
    const entry = byItem.get(w.item.id) ?? { item: w.item, recorded: [] };
    entry.recorded.push({ w, value: a.value });
    byItem.set(w.item.id, entry);
  }
  return [...byItem.values()].flatMap(({ item, recorded }) => {
    let values: string[];
    if (recorded[0]?.w.computer) {
      // Twenty PCs: "涉密计算机2台、互联网计算机18台", not twenty values in a row.
      const tally = new Map<string, number>();
      for (const r of recorded) {
        const text = answerValueText(item, r.value);
        tally.set(text, (tally.get(text) ?? 0) + 1);
      }
      values = [...tally].map(([text, n]) =>
        item.answer === 'choice' ? `${text}${n}台` : n > 1 ? `${text}（${n}台）` : text,
      );
    } else {
      // Several machine rooms: "24°C（一楼机房）、22°C（二楼机房）", like the places of 存在的问题.
      const roomName = (w: WalkItem) => clause(rooms.find((r) => r.id === w.place.roomId)?.name ?? '');
      values = recorded.map((r) => {
        const value = answerValueText(item, r.value);
        const room = recorded.length > 1 ? roomName(r.w) : '';
        return value && room ? `${value}（${room}）` : value;
      });
    }
    const listed = joinClauses(values, '、', '');
    return listed ? [`${valueLabel(item)}为${listed}`] : [];
  });
}
