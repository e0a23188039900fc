import { describe, expect, it } from 'vitest';
import { draftReport, draftText } from '../../src/report/draft';
import { buildRecordModel } from '../../src/report/record-model';
import { sampleRecordInput } from '../helpers/record-input';

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

describe('the drafted report', () => {
  const sections = draftReport(sampleRecordInput());
  const text = draftText(sections);

  it('follows the seed shape', () => {
    expect(sections.map((s) => s.heading ?? s.id)).toEqual([
      'title',
      'opening',
      '一、基本情况',
      '二、检查情况',
      '三、存在的问题',
      '四、整改措施',
      'closing',
    ]);
    expect(
      text.startsWith('某县人民法院网络安全自查报告\n\n根据县网信办〔2026〕5号要求，2026年11月24日，王堃、陈镕'),
    ).toBe(true);
  });

  it('numbers problems 一是…二是… and gives one measure per problem with owner and deadline', () => {
    expect(text).toContain('三、存在的问题\n一是机房门禁失效，无进出登记（一楼机房）；二是检查项 pc-a（立案庭）。');
    expect(text).toContain(
      '（一）针对“机房门禁失效，无进出登记”：维修门禁并恢复登记。责任人：王堃，2026年12月30日前完成。',
    );
    expect(text).toContain('（二）针对“检查项 pc-a”：制定整改措施。责任人：待定，限期完成。');
  });

  it('reports by area with counts and ends with the 落款', () => {
    expect(text).toContain('（一）管理情况。共检查1项，其中符合0项，不符合0项，部分符合0项，不适用1项。');
    expect(text).toContain('技术防护情况。共检查4项');
    expect(text.endsWith('某县人民法院\n2026年11月24日')).toBe(true);
  });
});

describe('file names', () => {
  it('follow 〈单位〉-网络安全检查记录-YYYYMMDD.pdf and survive any file system', async () => {
    const { pdfFileName } = await import('../../src/report/file-name');
    expect(pdfFileName({ unit: '某县人民法院', date: '2026-11-24' }, 'record')).toBe(
      '某县人民法院-网络安全检查记录-20261124.pdf',
    );
    expect(pdfFileName({ unit: 'A/B 局: "测试"', date: '2026-01-02' }, 'draft')).toBe(
      'A_B_局_测试_-网络安全自查报告-20260102.pdf',
    );
  });
});
