import { describe, expect, it } from 'vitest';
import { buildRecordModel } from '../../src/report/model/record-model';
import { validateTemplate } from '../../src/shared/checklist-validate';
import { sampleRecordInput } from '../helpers/record-input';
import { smallTemplateInput } from '../helpers/template';

describe('the record model', () => {
  const model = buildRecordModel(sampleRecordInput());

  it('has the title, particulars and a document id from date and digest', () => {
    expect(model.title).toBe('某县人民法院网络安全检查记录');
    expect(model.documentId).toBe('XJ-20261124-ABCDEF12');
    expect(Object.fromEntries(model.particulars)).toMatchObject({
      检查依据: '县网信办〔2026〕5号',
      检查人员: '王堃、陈镕',
      陪同人员: '李喆，办公室主任',
    });
  });

  it('summarises per live room and in total', () => {
    expect(model.summaryRows.map((r) => [r.room, r.total, r.counts.fail, r.counts.value])).toEqual([
      ['一楼机房', 2, 1, 1],
      ['立案庭', 3, 0, 0],
      ['组织领导', 1, 0, 0],
    ]);
    expect(model.totals).toMatchObject({ total: 6, pass: 1, fail: 1, partial: 1, na: 1, value: 1, unanswered: 1 });
  });

  it('lists every item room by room, a block per computer', () => {
    const office = model.rooms[1]!;
    expect(office.heading).toBe('二、立案庭');
    expect(office.blocks.map((b) => b.heading)).toEqual([
      undefined,
      '计算机 1 · 资产编号 PC-001 · 使用人 张三 · 窗口（涉密）',
    ]);
    expect(model.rooms[0]!.blocks[0]!.rows[1]).toMatchObject({ result: '记录值', value: '24 °C' });
  });

  it('prints a choice by its Chinese label, not its id', () => {
    const tpl = smallTemplateInput();
    const pc = tpl.sections.find((s) => s.id === 'pc')!;
    pc.items.push({
      ...pc.items[0]!,
      id: 'pc-network-type',
      text: { zh: '计算机类别', en: 'Category' },
      answer: 'choice',
      options: [
        { id: 'classified', zh: '涉密计算机', en: 'Classified' },
        { id: 'intranet', zh: '非涉密内网（政务专网、业务专网）', en: 'Intranet' },
      ],
    });
    const checked = validateTemplate('small', tpl);
    if (!checked.ok) throw new Error(checked.errors.join('\n'));
    const input = sampleRecordInput();
    const answers = new Map(input.answers);
    const answer = { inspectionId: 'i1', roomId: 'of', computerId: 'pc1', itemId: 'pc-network-type', updatedAt: 1 };
    answers.set('of/pc1/pc-network-type', { ...answer, id: 'of/pc1/pc-network-type', value: 'intranet' });
    const rows = buildRecordModel({ ...input, template: checked.template, answers }).rooms[1]!.blocks[1]!.rows;
    expect(rows.find((r) => r.question === '计算机类别')).toMatchObject({
      result: '记录值',
      value: '非涉密内网（政务专网、业务专网）',
    });
  });

  it('numbers the findings 一是、二是 with place, severity, rectification and photos', () => {
    expect(model.findings.map((f) => [f.label, f.place, f.problem, f.owner, f.deadline, f.photos.length])).toEqual([
      ['一是', '一楼机房', '机房门禁失效，无进出登记', '王堃', '2026-12-30', 1],
      ['二是', '立案庭 · 计算机 1 · 资产编号 PC-001 · 使用人 张三 · 窗口（涉密）', '检查项 pc-a', '', '', 0],
    ]);
  });

  it('prints valid signatures only, and puts evidence of compliant items in the appendix', () => {
    expect(model.signatures.map((s) => s.name)).toEqual(['王堃']);
    expect(model.appendix.map((a) => a.caption)).toEqual(['照片p2']);
  });
});

// The drafted report's tests are in draft.test.ts.

describe('file names', () => {
  it('follow 〈单位〉-网络安全检查记录-YYYYMMDD.pdf and survive any file system', async () => {
    const { pdfFileName } = await import('../../src/report/model/file-name');
    expect(pdfFileName({ unit: '某县人民法院', date: '2026-11-24' }, 'record')).toBe(
      '某县人民法院-网络安全检查记录-20261124.pdf',
    );
    expect(pdfFileName({ unit: 'A/B 局: "测试"', date: '2026-01-02' }, 'draft')).toBe(
      'A_B_局_测试_-网络安全自查报告-20260102.pdf',
    );
  });
});
