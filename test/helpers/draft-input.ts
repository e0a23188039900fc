import type { ChecklistTemplate, ChecklistTemplateInput, VisitKind } from '../../src/shared/checklist';
import { validateTemplate } from '../../src/shared/checklist-validate';
import type { Answer, Computer, Finding, RoomVisit } from '../../src/shared/inspection';
import type { RecordInput } from '../../src/report/model/record-model';
import { sampleInspection } from './inspection';

const text = (zh: string) => ({ zh, en: `${zh} (en)` });
const item = (id: string, zh: string, extra: Record<string, unknown> = {}) => ({
  id,
  text: text(zh),
  guidance: text('查看现场'),
  basis: 'GB/T 22239-2019',
  family: 'physical-environment',
  severity: 'medium',
  answer: 'result',
  ...extra,
});
const results = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, k) => item(`${prefix}-${k + 1}`, `检查项${prefix}${k + 1}`));

/** A template with enough result items per area for 23 problems, and one value item of each kind. */
export function draftTemplate(): ChecklistTemplate {
  const input = {
    id: 'draft',
    version: 1,
    title: text('起草模板'),
    sections: [
      {
        id: 'mr',
        room: 'machine-room',
        title: text('机房'),
        items: [...results('mr', 12), item('mr-temp', '机房温度', { answer: 'number', unit: '°C' })],
      },
      { id: 'of', room: 'office', title: text('办公室'), items: results('of', 1) },
      {
        id: 'pc',
        room: 'computer',
        title: text('计算机'),
        items: [
          ...results('pc', 1),
          item('pc-type', '计算机类别（所接入网络）', {
            answer: 'choice',
            options: [
              { id: 'classified', zh: '涉密计算机', en: 'Classified' },
              { id: 'internet', zh: '互联网计算机', en: 'Internet' },
            ],
          }),
        ],
      },
      { id: 'pol', room: 'policies', title: text('制度'), items: results('pol', 12) },
      {
        id: 'em',
        room: 'emergency',
        title: text('应急'),
        items: [...results('em', 1), item('em-drill', '最近一次应急演练日期', { answer: 'date' })],
      },
      {
        id: 'tr',
        room: 'training',
        title: text('培训'),
        items: [
          ...results('tr', 1),
          item('tr-count', '培训次数（次）', { answer: 'number', unit: '次' }),
          item('tr-who', '培训对象', { answer: 'text' }),
        ],
      },
    ],
  } as ChecklistTemplateInput;
  const r = validateTemplate('draft', input);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.template;
}

export interface FixtureRoom {
  kind: VisitKind;
  /** How many of its result items fail (the first ones), each with a finding. */
  fails: number;
  /** Computers in an office; their type is classified for the first, internet for the rest. */
  pcs?: number;
}

/** The user-typed text of a field; `limit` is the field's maximum length in the schema. */
export type TypedText = (field: string, limit: number) => string;

/**
 * An inspection on `draftTemplate()` in which every item is answered, every failed item
 * has a finding, and every free-text field is `typed(field, limit)`. Also returns what
 * was typed into fields the draft prints.
 */
export function draftInput(rooms: readonly FixtureRoom[], typed: TypedText): { input: RecordInput; typed: string[] } {
  const template = draftTemplate();
  const printed: string[] = [];
  const keep = (s: string) => {
    if (s) printed.push(s);
    return s;
  };
  const inspection = sampleInspection({
    unit: keep(typed('unit', 200) || '某县人民法院'),
    basis: keep(typed('basis', 300)),
    inspectors: [keep(typed('inspector', 60) || '王堃'), keep(typed('inspector2', 60) || '陈镕')],
    representative: { name: keep(typed('representative', 60)), title: keep(typed('title', 60)) },
    template: { id: template.id, version: template.version },
  });
  const visits: RoomVisit[] = [];
  const computers: Computer[] = [];
  const answers: Answer[] = [];
  const findings: Finding[] = [];
  rooms.forEach((room, r) => {
    const roomId = `r${r}`;
    visits.push({
      id: roomId,
      inspectionId: 'i1',
      kind: room.kind,
      name: keep(typed(`room${r}`, 100) || `房间${r}`),
      order: r,
    });
    const pcIds = Array.from({ length: room.pcs ?? 0 }, (_, c) => `${roomId}pc${c}`);
    pcIds.forEach((id, c) =>
      computers.push({
        id,
        inspectionId: 'i1',
        roomId,
        assetTag: '',
        user: '',
        location: '',
        classified: c === 0,
        order: c,
      }),
    );
    const places = [
      ...template.sections
        .filter((s) => s.room === room.kind)
        .flatMap((s) => s.items.map((i) => ({ i, computerId: undefined as string | undefined }))),
      ...pcIds.flatMap((computerId) =>
        template.sections.filter((s) => s.room === 'computer').flatMap((s) => s.items.map((i) => ({ i, computerId }))),
      ),
    ];
    let failed = 0;
    for (const { i, computerId } of places) {
      const id = `${roomId}/${computerId ?? '-'}/${i.id}`;
      const base = {
        id,
        inspectionId: 'i1',
        roomId,
        ...(computerId ? { computerId } : {}),
        itemId: i.id,
        updatedAt: 1,
      };
      const note = keep(typed(`note ${id}`, 2000));
      const value =
        i.answer === 'number'
          ? 24
          : i.answer === 'date'
            ? '2026-09-01'
            : i.answer === 'choice'
              ? computerId === pcIds[0]
                ? 'classified'
                : 'internet'
              : i.answer === 'text'
                ? keep(typed(`value ${id}`, 500)) || '全体干部职工'
                : undefined;
      if (value !== undefined) {
        answers.push({ ...base, value, ...(note ? { note } : {}) });
        continue;
      }
      const fail = failed < room.fails;
      answers.push({ ...base, result: fail ? 'fail' : 'pass', ...(note ? { note } : {}) });
      if (!fail) continue;
      failed++;
      findings.push({
        ...base,
        problem: keep(typed(`problem ${id}`, 2000)),
        rectification: {
          measure: keep(typed(`measure ${id}`, 2000)),
          owner: keep(typed(`owner ${id}`, 60)),
          deadline: '2026-12-30',
        },
      });
    }
  });
  return {
    input: {
      inspection,
      template,
      rooms: visits,
      computers,
      answers: new Map(answers.map((a) => [a.id, a])),
      findings: new Map(findings.map((f) => [f.id, f])),
      photos: [],
      signatures: [],
      digest: '0'.repeat(64),
    },
    typed: printed,
  };
}
