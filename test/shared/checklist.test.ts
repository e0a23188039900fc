import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOM_KINDS } from '../../src/shared/checklist';
import { checkTemplateFile } from '../../src/shared/checklist-file';
import { formatPath, validateTemplate } from '../../src/shared/checklist-validate';
import type { Computer, RoomVisit } from '../../src/shared/inspection';
import { roomWalk } from '../../src/shared/progress';
import { loadTemplates } from '../../scripts/build/checklists-plugin';
import { smallTemplateInput } from '../helpers/template';

type Mutable = Record<string, unknown> & { sections: Array<{ items: Array<Record<string, unknown>> }> };
const bad = (mutate: (t: Mutable) => void) => {
  const t = structuredClone(smallTemplateInput()) as unknown as Mutable;
  mutate(t);
  return validateTemplate('checklists/x.yaml', t);
};
const errorsOf = (r: ReturnType<typeof validateTemplate>) => (r.ok ? [] : r.errors);

describe('template validation', () => {
  it('accepts a valid template and fills defaults', () => {
    const r = validateTemplate('t', smallTemplateInput());
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.template.sections[0]?.items[0]?.photoOnFailure).toBe(false);
  });

  it('names file, path and reason for a wrong enum value', () => {
    const errors = errorsOf(bad((t) => void (t.sections[2]!.items[1]!.answer = 'yes')));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^checklists\/x\.yaml: sections\[2\]\.items\[1\]\.answer: .*expected one of "result"\|"number"/,
    );
  });

  it('reports a missing required field', () => {
    const errors = errorsOf(bad((t) => void delete t.sections[0]!.items[0]!.guidance));
    expect(errors[0]).toMatch(/^checklists\/x\.yaml: sections\[0\]\.items\[0\]\.guidance: /);
  });

  it('rejects unknown fields (typos must not pass silently)', () => {
    const errors = errorsOf(bad((t) => void (t.sections[0]!.items[0]!.severty = 'high')));
    expect(errors.join('\n')).toMatch(/sections\[0\]\.items\[0\]: .*severty/);
  });

  it('requires a unit on number items and options on choice items', () => {
    expect(errorsOf(bad((t) => void delete t.sections[0]!.items[1]!.unit))[0]).toMatch(
      /sections\[0\]\.items\[1\]\.unit: a number answer needs a unit/,
    );
    expect(errorsOf(bad((t) => void (t.sections[0]!.items[0]!.answer = 'choice')))[0]).toMatch(
      /sections\[0\]\.items\[0\]\.options: a choice answer needs options/,
    );
  });

  it('rejects duplicate item ids across sections', () => {
    const errors = errorsOf(bad((t) => void (t.sections[3]!.items[0]!.id = 'mr-a')));
    expect(errors[0]).toMatch(
      /sections\[3\]\.items\[0\]\.id: duplicate item id "mr-a" \(first at sections\[0\]\.items\[0\]\)/,
    );
  });

  it('rejects ids that are not stable slugs and versions that are not positive integers', () => {
    expect(errorsOf(bad((t) => void (t.sections[0]!.items[0]!.id = 'Mr A')))[0]).toMatch(
      /items\[0\]\.id: expected a lower-case id/,
    );
    expect(errorsOf(bad((t) => void (t.version = 1.5)))[0]).toMatch(/: version: /);
  });

  it('formats paths the way users read them', () => {
    expect(formatPath(['sections', 2, 'items', 5, 'answer'])).toBe('sections[2].items[5].answer');
    expect(formatPath([])).toBe('(root)');
  });
});

describe('template files', () => {
  it('reports YAML syntax errors with line and column', () => {
    const r = checkTemplateFile('checklists/broken.yaml', 'id: x\nsections: [\n  - a: b\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/^checklists\/broken\.yaml:\d+:\d+: invalid YAML: /);
  });

  it('reports invalid JSON and unsupported extensions', () => {
    const json = checkTemplateFile('a.json', '{ nope');
    expect(!json.ok && json.errors[0]).toMatch(/^a\.json: \(root\): invalid JSON/);
    const txt = checkTemplateFile('a.txt', 'id: x');
    expect(!txt.ok && txt.errors[0]).toMatch(/must be a \.yaml, \.yml or \.json file/);
  });

  it('reads JSON templates like YAML ones', () => {
    const r = checkTemplateFile('small.json', JSON.stringify(smallTemplateInput()));
    expect(r.ok).toBe(true);
  });
});

describe('the shipped general template', () => {
  const text = readFileSync('checklists/general.yaml', 'utf8');
  const r = checkTemplateFile('checklists/general.yaml', text);
  const template = r.ok ? r.template : undefined;
  const items = template?.sections.flatMap((s) => s.items) ?? [];

  it('is valid', () => {
    expect(r.ok ? [] : r.errors).toEqual([]);
  });

  it('has at least 80 items, each with both languages, guidance and basis', () => {
    expect(items.length).toBeGreaterThanOrEqual(80);
    for (const i of items) {
      expect(i.text.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(i.text.en).toMatch(/[a-z]/i);
      expect(i.guidance.zh.length).toBeGreaterThan(4);
      expect(i.basis.length).toBeGreaterThan(2);
    }
  });

  it('covers every room kind an inspector can walk', () => {
    const kinds = new Set(template?.sections.map((s) => s.room));
    expect(ROOM_KINDS.filter((k) => !kinds.has(k))).toEqual([]);
  });

  it('has a coverage table in checklists/README.md that cites only real item ids', () => {
    const readme = readFileSync('checklists/README.md', 'utf8');
    const ids = new Set(items.map((i) => i.id));
    const from = readme.slice(readme.search(/^## Coverage/m));
    const section = from.slice(0, from.slice(3).search(/^#/m) + 3);
    // The last cell of each table row lists the item ids covering that fact.
    const rows = section
      .split('\n')
      .filter((l) => /^\|/.test(l) && !/^\|\s*-/.test(l))
      .slice(1);
    const lastCells = rows.map(
      (row) =>
        row
          .split('|')
          .filter((c) => c.trim() !== '')
          .pop() ?? '',
    );
    expect(lastCells.filter((cell) => !/`/.test(cell))).toEqual([]);
    const cited = lastCells.flatMap((cell) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
    expect(cited.length).toBeGreaterThan(40);
    expect(cited.filter((id) => !ids.has(id))).toEqual([]);
  });
});

describe('released versions', () => {
  const { templates, errors } = loadTemplates('checklists');
  const general = (version: number) => templates.find((t) => t.id === 'general' && t.version === version);

  it('ships every released version of a template, so inspections started on it still render', () => {
    expect(errors).toEqual([]);
    expect(general(1)).toBeDefined();
    expect(general(2)).toBeDefined();
  });

  it('asks whether a PC is classified once: the PC box, never again as an item (v2)', () => {
    const v2 = general(2)!;
    const room: RoomVisit = { id: 'of', inspectionId: 'i', kind: 'office', name: '办公室', order: 1 };
    const pc = (id: string, classified: boolean): Computer => ({
      id,
      inspectionId: 'i',
      roomId: 'of',
      assetTag: id,
      user: '',
      location: '',
      classified,
      order: id === 'c' ? 2 : 1,
    });
    const walk = roomWalk(v2, room, [pc('u', false), pc('c', true)]);
    const asks = (computerId: string) =>
      walk.filter((w) => w.computer?.id === computerId && w.item.options?.some((o) => /涉密计算机/.test(o.zh)));
    expect(asks('u')).toEqual([]);
    expect(asks('c')).toEqual([]);
    expect(walk.filter((w) => w.item.id === 'pc-network').map((w) => w.computer?.id)).toEqual(['u']);
    // v1 asked it twice: the box and the 计算机类别 item.
    const v1walk = roomWalk(general(1)!, room, [pc('c', true)]);
    expect(v1walk.some((w) => w.item.options?.some((o) => o.id === 'classified'))).toBe(true);
  });
});

describe('appliesTo', () => {
  it('is refused outside computer sections', () => {
    const errors = errorsOf(bad((t) => void (t.sections[0]!.items[0]!.appliesTo = 'classified')));
    expect(errors).toEqual([
      'checklists/x.yaml: sections[0].items[0].appliesTo: appliesTo only belongs to items of a computer section',
    ]);
  });
});
