import { describe, expect, it } from 'vitest';
import { clause, joinClauses, sentence } from '../../src/report/model/clauses';
import {
  defaultVoice,
  draftReport,
  draftText,
  type DraftOptions,
  type DraftSection,
} from '../../src/report/model/draft';
import { chineseNumeral } from '../../src/shared/numerals';
import { draftInput, type FixtureRoom, type TypedText } from '../helpers/draft-input';
import { sampleInspection } from '../helpers/inspection';
import { sampleRecordInput } from '../helpers/record-input';

const section = (sections: DraftSection[], id: DraftSection['id']) => sections.find((s) => s.id === id)!;
const lines = (sections: DraftSection[], id: DraftSection['id']) => section(sections, id).text.split('\n');
const nothingTyped: TypedText = () => '';

describe('joining user-typed clauses', () => {
  it('drops a trailing mark the joiner replaces, keeps ？！… and folds line breaks', () => {
    expect(clause(' 门禁失效。 ')).toBe('门禁失效');
    expect(clause('门禁失效；，')).toBe('门禁失效');
    expect(clause('门禁失效.')).toBe('门禁失效');
    expect(clause('是否有预案？')).toBe('是否有预案？');
    expect(clause('等等...')).toBe('等等...');
    expect(clause('第一行\n第二行')).toBe('第一行 第二行');
    // After Latin text or digits an ASCII mark is what the user typed, and stays.
    expect(clause('fe80::')).toBe('fe80::');
    expect(clause('备份在 D:')).toBe('备份在 D:');
    expect(clause('A.B.C.')).toBe('A.B.C.');
  });

  it('joins without doubling, and ends once', () => {
    expect(joinClauses(['一是门禁失效。', '二是无登记；'])).toBe('一是门禁失效；二是无登记。');
    expect(joinClauses(['一是为何无人值守？', '二是无登记'])).toBe('一是为何无人值守？二是无登记。');
    expect(joinClauses(['他说“已整改。”', '未见记录'])).toBe('他说“已整改。”；未见记录。');
    expect(sentence('他说“已整改。”')).toBe('他说“已整改。”');
    expect(joinClauses(['', '。'])).toBe('');
  });
});

describe('the drafted report in the unit’s own voice', () => {
  const sections = draftReport(sampleRecordInput());
  const text = draftText(sections);

  it('follows the seed shape', () => {
    expect(sections.map((s) => s.heading ?? s.id)).toEqual([
      'title',
      'opening',
      '一、基本情况',
      '二、自查情况',
      '三、存在的问题',
      '四、整改措施',
      'closing',
    ]);
    expect(section(sections, 'title').text).toBe('某县人民法院网络安全自查报告');
    expect(section(sections, 'closing').text).toBe('某县人民法院\n2026年11月24日');
  });

  it('says 我单位…自查, not that the inspectors inspected the unit', () => {
    expect(section(sections, 'opening').text).toBe(
      '根据县网信办〔2026〕5号要求，我单位高度重视，于2026年11月24日对本单位网络与信息安全工作开展了全面自查。' +
        '现将自查情况报告如下：',
    );
    expect(section(sections, 'basic').text).toMatch(
      /^本次自查由王堃、陈镕具体实施，办公室主任李喆陪同。自查中现场检查了/,
    );
    expect(text).not.toContain('王堃、陈镕对');
    expect(section(sections, 'problems').text).toMatch(/^经自查，我单位/);
  });

  it('numbers problems 一是…二是… and gives one measure per problem with owner and deadline', () => {
    expect(lines(sections, 'problems').slice(1)).toEqual([
      '一是机房门禁失效，无进出登记（一楼机房）。',
      '二是检查项 pc-a（立案庭）。',
    ]);
    expect(lines(sections, 'measures').slice(1)).toEqual([
      '（一）针对“机房门禁失效，无进出登记”：维修门禁并恢复登记。责任人：王堃，2026年12月30日前完成。',
      '（二）针对“检查项 pc-a”：制定整改措施。责任人：待定，限期完成。',
    ]);
  });

  it('reports by area with counts, values and notes', () => {
    expect(text).toContain('（一）管理情况。共检查1项，其中符合0项，不符合0项，部分符合0项，不适用1项。');
    expect(text).toContain('技术防护情况。共检查4项');
    expect(text).toContain('检查项 mr-temp为24°C。自查中记录：门禁损坏。');
  });

  it('gives the basis one 要求, and opens without a basis too', () => {
    const opening = (basis: string) =>
      section(draftReport({ ...sampleRecordInput(), inspection: sampleInspection({ basis }) }), 'opening').text;
    expect(opening('县网信办〔2026〕5号文件要求。')).toMatch(/^根据县网信办〔2026〕5号文件要求，我单位高度重视，/);
    expect(opening('')).toMatch(/^为进一步加强网络与信息安全工作，我单位高度重视，/);
  });
});

describe('the drafted report in the voice of the office that inspected', () => {
  const sections = draftReport(sampleRecordInput(), { voice: 'office', office: '某县网信办' });

  it('says 〈检查单位〉检查组…对〈被检查单位〉开展了网络安全检查, and the office signs', () => {
    expect(section(sections, 'title').text).toBe('某县人民法院网络安全检查报告');
    expect(section(sections, 'opening').text).toBe(
      '根据县网信办〔2026〕5号要求，某县网信办检查组于2026年11月24日对某县人民法院开展了网络安全检查。' +
        '现将检查情况报告如下：',
    );
    expect(section(sections, 'basic').text).toMatch(
      /^本次检查由某县网信办检查组王堃、陈镕实施，某县人民法院办公室主任李喆陪同，检查日期为2026年11月24日。/,
    );
    expect(section(sections, 'checks').heading).toBe('二、检查情况');
    expect(draftText(sections)).not.toContain('我单位');
    expect(section(sections, 'closing').text).toBe('某县网信办\n2026年11月24日');
  });

  it('is the default only on a phone signed in to another organisation', () => {
    expect(defaultVoice('某县人民法院', undefined)).toBe('self');
    expect(defaultVoice('某县人民法院', ' 某县人民法院 ')).toBe('self');
    expect(defaultVoice('某县人民法院', '  ')).toBe('self');
    expect(defaultVoice('某县人民法院', '某县网信办')).toBe('office');
  });
});

describe('三、存在的问题 and 四、整改措施', () => {
  const draft = (rooms: FixtureRoom[]) => draftReport(draftInput(rooms, nothingTyped).input);

  it('puts each problem in its own paragraph when there are a handful', () => {
    expect(lines(draft([{ kind: 'machine-room', fails: 3 }]), 'problems').slice(1)).toEqual([
      '一是检查项mr1（房间0）。',
      '二是检查项mr2（房间0）。',
      '三是检查项mr3（房间0）。',
    ]);
  });

  it('puts each area in its own paragraph when there are more, management first, numbering on', () => {
    const sections = draft([
      { kind: 'machine-room', fails: 4 },
      { kind: 'policies', fails: 3 },
    ]);
    expect(lines(sections, 'problems').slice(1)).toEqual([
      '（一）管理方面。一是检查项pol1（房间1）；二是检查项pol2（房间1）；三是检查项pol3（房间1）。',
      '（二）技术防护方面。四是检查项mr1（房间0）；五是检查项mr2（房间0）；六是检查项mr3（房间0）；七是检查项mr4（房间0）。',
    ]);
    expect(lines(sections, 'measures')[1]).toMatch(/^（一）针对“检查项pol1”：/);
    expect(lines(sections, 'measures')[4]).toMatch(/^（四）针对“检查项mr1”：/);
  });

  it('goes back to a paragraph per problem, under area headings, when an area has many', () => {
    const sections = draft([
      { kind: 'machine-room', fails: 12 },
      { kind: 'policies', fails: 11 },
    ]);
    const problems = lines(sections, 'problems');
    expect(problems).toHaveLength(1 + 2 + 23);
    expect(problems[1]).toBe('（一）管理方面');
    expect(problems[2]).toBe('一是检查项pol1（房间1）。');
    expect(problems[13]).toBe('（二）技术防护方面');
    expect(problems[25]).toBe('二十三是检查项mr12（房间0）。');
    const numbers = problems.map((l) => /^([一二三四五六七八九十]+)是/.exec(l)?.[1]).filter(Boolean);
    expect(numbers).toEqual(Array.from({ length: 23 }, (_, k) => chineseNumeral(k + 1)));

    const measures = lines(sections, 'measures').slice(1);
    const problemOf = (l: string) => /^[一二三四五六七八九十]+是(.*)（/.exec(l)?.[1];
    expect(measures).toEqual(
      problems
        .map(problemOf)
        .filter(Boolean)
        .map((p, k) => `（${chineseNumeral(k + 1)}）针对“${p}”：制定整改措施。责任人：待定，2026年12月30日前完成。`),
    );
  });
});

describe('recorded values', () => {
  const { input } = draftInput(
    [
      { kind: 'office', fails: 0, pcs: 3 },
      { kind: 'machine-room', fails: 0 },
      { kind: 'machine-room', fails: 0 },
      { kind: 'emergency', fails: 0 },
      { kind: 'training', fails: 0 },
    ],
    nothingTyped,
  );
  const checks = section(draftReport(input), 'checks').text;

  it('prints a choice’s label, never its id, counting the computers', () => {
    expect(checks).toContain('计算机类别（所接入网络）为涉密计算机1台、互联网计算机2台');
    expect(checks).not.toMatch(/classified|internet/);
  });

  it('prints dates in words, numbers with their unit once, and names the room when there are several', () => {
    expect(checks).toContain('机房温度为24°C（房间1）、24°C（房间2）');
    expect(checks).toContain('最近一次应急演练日期为2026年9月1日');
    expect(checks).toContain('培训次数为24次；培训对象为全体干部职工。');
  });
});

describe('punctuation where user-typed text meets the draft’s own', () => {
  const MARKS = ['', '。', '；', '，', '、', '！', '？', '…', '.', ';', ',', '：'];
  const FILLER = '网络安全检查发现机房门禁失效';
  // A mark after a mark, or a clause mark before a closing bracket or quote.
  const DOUBLED = /[。；，、：.;,:！？!?…][。；，、：.;,:]|[。；，、：.;,:][）)”」』》]/g;
  const REPLACED = /[。；，、：.;,:]$/;
  const ROOMS: FixtureRoom[][] = [
    [{ kind: 'machine-room', fails: 2 }],
    [
      { kind: 'machine-room', fails: 1 },
      { kind: 'machine-room', fails: 1 },
      { kind: 'office', fails: 3, pcs: 2 },
      { kind: 'policies', fails: 1 },
      { kind: 'emergency', fails: 1 },
      { kind: 'training', fails: 1 },
    ],
    [
      { kind: 'machine-room', fails: 10 },
      { kind: 'policies', fails: 2 },
      { kind: 'training', fails: 1 },
    ],
  ];
  const variants = [
    { size: 'empty', mark: '' },
    ...MARKS.flatMap((mark) => [
      { size: 'short', mark },
      { size: 'long', mark },
    ]),
  ];

  /** Distinct text per field: 甲1乙 (short) or 甲1乙 filled up to the field's limit, then the mark. */
  function typing(size: string, mark: string): TypedText {
    let n = 0;
    return (_field, limit) => {
      if (size === 'empty') return '';
      const tag = `甲${++n}乙`;
      const body = size === 'short' ? tag : (tag + FILLER.repeat(limit)).slice(0, limit - mark.length);
      return body + mark;
    };
  }

  it.each(variants)('never doubles a mark, and prints every typed text ($size, “$mark”)', ({ size, mark }) => {
    const problems: string[] = [];
    for (const rooms of ROOMS) {
      const typed = typing(size, mark);
      const { input, typed: texts } = draftInput(rooms, typed);
      const office = typed('office', 100) || '某县网信办';
      for (const options of [{ voice: 'self' }, { voice: 'office', office }] satisfies DraftOptions[]) {
        const sections = draftReport(input, options);
        for (const s of sections)
          for (const m of `${s.heading ?? ''}\n${s.text}`.matchAll(DOUBLED))
            problems.push(`${options.voice} ${s.id}: …${s.text.slice(Math.max(0, m.index - 8), m.index + 10)}…`);
        const text = draftText(sections);
        for (const t of options.voice === 'office' && office !== '某县网信办' ? [...texts, office] : texts)
          if (!text.includes(t.replace(REPLACED, ''))) problems.push(`${options.voice}: missing ${t.slice(0, 12)}…`);
      }
    }
    expect(problems).toEqual([]);
  });
});
