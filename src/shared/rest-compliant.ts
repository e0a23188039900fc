// 其余符合: after answering the exceptions of a room or a PC, the inspector marks the rest
// compliant with one action. The UI counts with this, the db writes with it (checking
// again inside its transaction), and the bench counts taps with it.
import { isAnswered, type Answer } from './inspection';
import type { ByKey, WalkItem } from './progress';

/**
 * The items 其余符合 marks 符合: those judged by a result and not answered yet. An item
 * that records a value (a date, a count, a choice) needs that value, so it is left alone.
 */
export function restCompliant(items: readonly WalkItem[], answers: ByKey<Answer>): WalkItem[] {
  return items.filter((w) => w.item.answer === 'result' && !isAnswered(answers.get(w.key)));
}
