import type { ChecklistTemplate, ChecklistTemplateInput } from '../../src/shared/checklist';
import { validateTemplate } from '../../src/shared/checklist-validate';

const text = (zh: string) => ({ zh, en: `${zh} (en)` });

function item(id: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    text: text(`检查项 ${id}`),
    guidance: text('查看现场'),
    basis: 'GB/T 22239-2019',
    family: 'physical-environment',
    severity: 'medium',
    answer: 'result',
    ...extra,
  };
}

/** A small valid template: 2 machine-room items, 1 office item, 2 PC items, 1 unit-wide item. */
export function smallTemplateInput(version = 1): ChecklistTemplateInput {
  return {
    id: 'small',
    version,
    title: text('小模板'),
    sections: [
      {
        id: 'mr',
        room: 'machine-room',
        title: text('机房'),
        items: [item('mr-a'), item('mr-temp', { answer: 'number', unit: '°C' })],
      },
      { id: 'of', room: 'office', title: text('办公室'), items: [item('of-a')] },
      { id: 'pc', room: 'computer', title: text('计算机'), items: [item('pc-a'), item('pc-b')] },
      { id: 'org', room: 'organisation', title: text('组织'), items: [item('org-a')] },
    ],
  } as ChecklistTemplateInput;
}

export function smallTemplate(version = 1): ChecklistTemplate {
  const r = validateTemplate('small', smallTemplateInput(version));
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.template;
}
