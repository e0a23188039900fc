import type { ChecklistTemplate, ChecklistTemplateInput } from '../../src/shared/checklist';
import { validateTemplate } from '../../src/shared/checklist-validate';
import { smallTemplateInput } from './template';

/**
 * The small template with the PC items that make the quick answers interesting: a date
 * (a value, never marked 符合 wholesale), a classified-only and an ordinary-only item.
 * PC items in walking order: pc-a, pc-b, pc-date, pc-secret | pc-online.
 */
export function officeTemplate(): ChecklistTemplate {
  const input = smallTemplateInput();
  const pc = input.sections.find((s) => s.room === 'computer')!;
  const base = pc.items[0]!;
  pc.items.push(
    { ...base, id: 'pc-date', answer: 'date' },
    { ...base, id: 'pc-secret', appliesTo: 'classified' },
    { ...base, id: 'pc-online', appliesTo: 'unclassified' },
  );
  const r = validateTemplate('small', input as ChecklistTemplateInput);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.template;
}
