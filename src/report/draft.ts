// The drafted self-inspection report (自查报告), in the seed reports' shape: opening line
// with the basis, 一、基本情况, 二、检查情况 by area, 三、存在的问题, 四、整改措施, 落款.
// Plain text, so the inspector can edit it and paste it into the office's Word template.
import type { RoomKind } from '../shared/checklist';
import { chineseNumeral } from '../shared/numerals';
import { activeRooms, countResults, numberedFindings, roomWalk } from '../shared/progress';
import type { RecordInput } from './record-model';

export interface DraftSection {
  id: 'title' | 'opening' | 'basic' | 'checks' | 'problems' | 'measures' | 'closing';
  heading?: string;
  text: string;
}

const AREAS: { name: string; kinds: RoomKind[] }[] = [
  { name: '管理情况', kinds: ['organisation', 'policies', 'mlps'] },
  { name: '技术防护情况', kinds: ['machine-room', 'archive-room', 'office', 'public-services'] },
  { name: '应急工作情况', kinds: ['emergency'] },
  { name: '宣传教育培训情况', kinds: ['training'] },
];

function deadlineText(deadline: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(deadline);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日前完成` : '限期完成';
}

function dateText(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : date;
}

/** Draft the narrative report from the same data as the record. */
export function draftReport(input: RecordInput): DraftSection[] {
  const { inspection: i, template } = input;
  const rooms = activeRooms(input.rooms);
  const records = { answers: input.answers, findings: input.findings };
  const problems = numberedFindings(template, input.rooms, input.computers, records);
  const places = rooms.filter((r) => ['machine-room', 'archive-room', 'office'].includes(r.kind)).map((r) => r.name);
  const pcs = input.computers.filter((c) => c.removedAt === undefined).length;

  const checks = AREAS.map((area, n) => {
    const walk = rooms
      .filter((r) => area.kinds.includes(r.kind))
      .flatMap((r) => roomWalk(template, r, input.computers));
    if (walk.length === 0) return '';
    const c = countResults(walk, input.answers);
    const checked = walk.length - c.unanswered;
    const notes = walk
      .map((w) => input.answers.get(w.key)?.note?.trim())
      .filter((s): s is string => !!s)
      .slice(0, 5);
    return (
      `（${chineseNumeral(n + 1)}）${area.name}。共检查${checked}项，其中符合${c.pass}项，` +
      `不符合${c.fail}项，部分符合${c.partial}项，不适用${c.na}项` +
      (c.value ? `，记录实测值${c.value}项` : '') +
      (c.unanswered ? `，尚有${c.unanswered}项未检查` : '') +
      '。' +
      (notes.length ? `检查中记录：${notes.join('；')}。` : '')
    );
  }).filter(Boolean);

  return [
    { id: 'title', text: `${i.unit}网络安全自查报告` },
    {
      id: 'opening',
      text:
        `${i.basis ? `根据${i.basis}要求，` : ''}${dateText(i.date)}，${i.inspectors.join('、')}对${i.unit}` +
        `网络与信息安全工作开展了检查${i.representative.name ? `，${i.representative.name}陪同` : ''}。现将检查情况报告如下：`,
    },
    {
      id: 'basic',
      heading: '一、基本情况',
      text:
        `本次检查由${i.inspectors.join('、')}实施，检查日期为${dateText(i.date)}。` +
        (places.length ? `现场检查了${places.join('、')}` : '本次未开展现场房间检查') +
        (pcs ? `，逐台检查办公计算机${pcs}台` : '') +
        `，并对组织领导、制度建设、等级保护、网站与新媒体、应急管理、宣传教育培训等方面进行了核查。`,
    },
    { id: 'checks', heading: '二、检查情况', text: checks.join('\n') },
    {
      id: 'problems',
      heading: '三、存在的问题',
      text: problems.length
        ? problems
            .map((p) => `${chineseNumeral(p.number)}是${p.finding?.problem || p.walk.item.text.zh}（${p.room.name}）`)
            .join('；') + '。'
        : '本次检查未发现问题。',
    },
    {
      id: 'measures',
      heading: '四、整改措施',
      text: problems.length
        ? problems
            .map((p) => {
              const r = p.finding?.rectification;
              return (
                `（${chineseNumeral(p.number)}）针对“${p.finding?.problem || p.walk.item.text.zh}”：` +
                `${r?.measure || '制定整改措施'}。责任人：${r?.owner || '待定'}，${deadlineText(r?.deadline ?? '')}。`
              );
            })
            .join('\n')
        : '继续保持现有安全管理措施，定期开展自查。',
    },
    { id: 'closing', text: `${i.unit}\n${dateText(i.date)}` },
  ];
}

/** The draft as plain text for copying into a Word template. */
export function draftText(sections: readonly DraftSection[]): string {
  return sections.map((s) => (s.heading ? `${s.heading}\n${s.text}` : s.text)).join('\n\n');
}
