// The drafted self-inspection report (自查报告), in the seed reports' shape: opening line
// with the basis, 一、基本情况, 二、自查情况 by area, 三、存在的问题, 四、整改措施, 落款.
// Written in the unit's own voice (我单位…), or in the voice of the higher office whose
// 检查组 inspected it. Plain text, so the inspector can edit it and paste it into the
// office's Word template; paragraphs are separated by '\n'.
import { activeRooms, countResults, numberedFindings, roomWalk } from '../../shared/progress';
import { chineseNumeral } from '../../shared/numerals';
import { clause, joinClauses } from './clauses';
import { AREAS } from './draft-areas';
import { draftProblems, measureParagraphs, problemParagraphs } from './draft-problems';
import { dateText, valueClauses } from './draft-values';
import type { RecordInput } from './record-model';

export interface DraftSection {
  id: 'title' | 'opening' | 'basic' | 'checks' | 'problems' | 'measures' | 'closing';
  heading?: string;
  text: string;
}

/** Who speaks in the report: the unit itself (单位自查) or the office that inspected it (上级检查). */
export type ReportVoice = 'self' | 'office';

export interface DraftOptions {
  voice?: ReportVoice;
  /** The inspecting office's name, for the office voice (its 检查组, its 落款). */
  office?: string | undefined;
}

/** 'office' when this phone is signed in to an organisation other than the inspected unit, else 'self'. */
export function defaultVoice(unit: string, organisation: string | undefined): ReportVoice {
  const office = organisation?.trim();
  return office && office !== unit.trim() ? 'office' : 'self';
}

/** "根据〈basis〉要求，": a basis that already says 要求/精神/部署/规定 is not given a second one. */
function basisPhrase(basis: string): string {
  const b = clause(basis);
  if (!b) return '';
  return /(要求|精神|部署|规定|安排)$/.test(b) ? `根据${b}，` : `根据${b}要求，`;
}

/** Draft the narrative report from the same data as the record. */
export function draftReport(input: RecordInput, options: DraftOptions = {}): DraftSection[] {
  const { inspection: i, template } = input;
  const self = (options.voice ?? 'self') === 'self';
  const unit = clause(i.unit) || i.unit.trim();
  const office = clause(options.office ?? '');
  const group = `${office}检查组`;
  const date = dateText(i.date);
  const inspectors = joinClauses(i.inspectors, '、', '');
  const representative = [i.representative.title, i.representative.name].map(clause).join('');
  const rooms = activeRooms(input.rooms);
  const records = { answers: input.answers, findings: input.findings };
  const problems = draftProblems(numberedFindings(template, input.rooms, input.computers, records));
  const places = rooms.filter((r) => ['machine-room', 'archive-room', 'office'].includes(r.kind)).map((r) => r.name);
  const pcs = input.computers.filter((c) => c.removedAt === undefined).length;

  const checks = AREAS.map((area, n) => {
    const walk = rooms
      .filter((r) => area.kinds.includes(r.kind))
      .flatMap((r) => roomWalk(template, r, input.computers));
    if (walk.length === 0) return '';
    const c = countResults(walk, input.answers);
    const checked = walk.length - c.unanswered;
    const values = valueClauses(walk, input.answers, rooms);
    // Twenty PCs with the same note say it once.
    const notes = [...new Set(walk.map((w) => clause(input.answers.get(w.key)?.note ?? '')).filter(Boolean))];
    return (
      `（${chineseNumeral(n + 1)}）${area.checks}。共检查${checked}项，其中符合${c.pass}项，` +
      `不符合${c.fail}项，部分符合${c.partial}项，不适用${c.na}项` +
      (c.value ? `，记录实测值${c.value}项` : '') +
      (c.unanswered ? `，尚有${c.unanswered}项未检查` : '') +
      '。' +
      joinClauses(values) +
      (notes.length ? `${self ? '自查' : '检查'}中记录：${joinClauses(notes)}` : '')
    );
  }).filter(Boolean);

  const scope = joinClauses(
    [
      places.length ? `现场检查了${joinClauses(places, '、', '')}` : '未开展现场检查',
      pcs ? `逐台检查办公计算机${pcs}台` : '',
      '并对组织领导、制度建设、等级保护、网站与新媒体、应急管理、宣传教育培训等方面进行了核查',
    ],
    '，',
  );

  return [
    { id: 'title', text: `${unit}${self ? '网络安全自查报告' : '网络安全检查报告'}` },
    {
      id: 'opening',
      text: self
        ? `${basisPhrase(i.basis) || '为进一步加强网络与信息安全工作，'}我单位高度重视，于${date}对本单位网络与信息安全工作` +
          '开展了全面自查。现将自查情况报告如下：'
        : `${basisPhrase(i.basis)}${group}于${date}对${unit}开展了网络安全检查。现将检查情况报告如下：`,
    },
    {
      id: 'basic',
      heading: '一、基本情况',
      text: self
        ? `本次自查由${inspectors}具体实施${representative ? `，${representative}陪同` : ''}。自查中${scope}`
        : `本次检查由${group}${inspectors}实施${representative ? `，${unit}${representative}陪同` : ''}，` +
          `检查日期为${date}。检查组${scope}`,
    },
    { id: 'checks', heading: self ? '二、自查情况' : '二、检查情况', text: checks.join('\n') },
    {
      id: 'problems',
      heading: '三、存在的问题',
      text: problems.length
        ? [
            self ? '经自查，我单位网络安全工作还存在以下问题：' : `检查发现，${unit}网络安全工作存在以下问题：`,
            ...problemParagraphs(problems),
          ].join('\n')
        : self
          ? '经自查，本次未发现问题。'
          : '本次检查未发现问题。',
    },
    {
      id: 'measures',
      heading: '四、整改措施',
      text: problems.length
        ? [
            self
              ? '针对自查发现的问题，我单位将逐项落实整改，具体措施如下：'
              : `针对检查发现的问题，${unit}应逐项落实整改，具体措施如下：`,
            ...measureParagraphs(problems),
          ].join('\n')
        : self
          ? '我单位将继续保持现有安全管理措施，定期开展自查。'
          : `${unit}应继续保持现有安全管理措施，定期开展自查。`,
    },
    { id: 'closing', text: `${self ? unit : office || '检查组'}\n${date}` },
  ];
}

/** The draft as plain text for copying into a Word template. */
export function draftText(sections: readonly DraftSection[]): string {
  return sections.map((s) => (s.heading ? `${s.heading}\n${s.text}` : s.text)).join('\n\n');
}
