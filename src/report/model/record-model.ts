// What the PDF inspection record (检查记录) says, page by page, independent of how it is
// drawn: the renderer lays this out with jsPDF, tests read it directly. Shaped like the
// seed reports: particulars, summary, room by room, 存在的问题, signatures, appendix.
import type { ChecklistItem, ChecklistTemplate } from '../../shared/checklist';
import type { Photo, Signature } from '../../shared/evidence';
import { validSignatures } from '../../shared/evidence';
import type { Answer, Computer, Finding, Inspection, RoomVisit } from '../../shared/inspection';
import { chineseNumeral } from '../../shared/numerals';
import {
  activeRooms,
  computerNumber,
  countResults,
  numberedFindings,
  roomWalk,
  type ResultCounts,
  type VisitRecords,
} from '../../shared/progress';
import { itemKey, needsFinding } from '../../shared/inspection';

export interface RecordInput {
  inspection: Inspection;
  template: ChecklistTemplate;
  rooms: readonly RoomVisit[];
  computers: readonly Computer[];
  answers: ReadonlyMap<string, Answer>;
  findings: ReadonlyMap<string, Finding>;
  photos: readonly Photo[];
  signatures: readonly Signature[];
  /** Content digest (src/shared/digest.ts) printed on page 1. */
  digest: string;
}

const ROLE_LABEL = { inspector: '检查人员', representative: '被检查单位负责人/陪同人员' } as const;

const RESULT_LABEL = { pass: '符合', fail: '不符合', partial: '部分符合', na: '不适用' } as const;
const SEVERITY_LABEL = { high: '高', medium: '中', low: '低' } as const;

export interface ItemRow {
  no: string;
  question: string;
  result: string;
  value: string;
  note: string;
}

export interface RoomSection {
  heading: string;
  /** The room's name as the inspector typed it. */
  name: string;
  /** Sub-blocks: the room's own items, then one per computer (`computer`: 计算机 N). */
  blocks: { heading?: string; computer?: string; rows: ItemRow[] }[];
}

export interface FindingEntry {
  label: string; // 一是 / 二是 …
  place: string;
  severity: string;
  problem: string;
  measure: string;
  owner: string;
  deadline: string;
  photos: { sha256: string; caption: string }[];
}

export interface RecordModel {
  title: string;
  documentId: string;
  header: string;
  particulars: [string, string][];
  summaryRows: { room: string; counts: ResultCounts; total: number }[];
  totals: ResultCounts & { total: number };
  digest: string;
  rooms: RoomSection[];
  findings: FindingEntry[];
  signatures: {
    name: string;
    role: string;
    title: string;
    time: string;
    pngSha256: string;
    /** Who captured it on which device and when the server received it (the server's word), if synced. */
    captured?: string;
  }[];
  /** 修改记录: each reopening after signing (attributed by the server), oldest first. */
  changes: { time: string; received?: string; by: string; reason: string; voided: string }[];
  closing: { unit: string; date: string };
  appendix: { place: string; caption: string; sha256: string }[];
}

function valueText(a: Answer | undefined, item: ChecklistItem): string {
  if (a?.value === undefined || a.value === '') return '';
  // A choice is stored by its id (`intranet`); the record prints what the inspector chose.
  const option = item.options?.find((o) => o.id === a.value);
  if (option) return option.zh;
  return item.unit ? `${a.value} ${item.unit}` : String(a.value);
}

function formatTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

function pcHeading(c: Computer, n: number): string {
  const parts = [`计算机 ${n}`, c.assetTag && `资产编号 ${c.assetTag}`, c.user && `使用人 ${c.user}`, c.location];
  return parts.filter(Boolean).join(' · ') + (c.classified ? '（涉密）' : '');
}

/** The server's note of who held the phone: the signed-in user, the device, the arrival. */
function capturedText(c: NonNullable<Signature['captured']>): string {
  return `由 ${c.by} 在设备 ${c.deviceId.slice(0, 8)} 上采集，服务器 ${formatTime(c.receivedAt)} 收到`;
}

/** 修改记录: who reopened the signed record, when, why, and whose signatures that voided. */
function changesOf(i: Inspection, signatures: readonly Signature[]): RecordModel['changes'] {
  const byId = new Map(signatures.map((s) => [s.id, s]));
  return (i.reopenings ?? []).map((r) => ({
    time: formatTime(r.at),
    ...(r.receivedAt !== undefined ? { received: formatTime(r.receivedAt) } : {}),
    by: r.by,
    reason: r.reason,
    voided:
      r.voidedSignatureIds
        .map((id) => byId.get(id))
        .map((s) => (s ? `${s.name}（${ROLE_LABEL[s.role]}）` : '（未同步的签字）'))
        .join('、') || '无',
  }));
}

/** The record's document id: date and the start of the content digest. */
export function documentIdOf(inspection: Pick<Inspection, 'date'>, digest: string): string {
  return `XJ-${inspection.date.replaceAll('-', '')}-${digest.slice(0, 8).toUpperCase()}`;
}

/** Build the record of one inspection. */
export function buildRecordModel(input: RecordInput): RecordModel {
  const { inspection: i, template } = input;
  const records: VisitRecords = { answers: input.answers, findings: input.findings };
  const rooms = activeRooms(input.rooms);
  const livePhotos = input.photos.filter((p) => p.removedAt === undefined);
  const summaryRows = rooms.map((room) => {
    const counts = countResults(roomWalk(template, room, input.computers), input.answers);
    return { room: room.name, counts, total: Object.values(counts).reduce((a, b) => a + b, 0) };
  });
  const totals = summaryRows.reduce(
    (t, r) => {
      for (const k of Object.keys(r.counts) as (keyof ResultCounts)[]) t[k] += r.counts[k];
      t.total += r.total;
      return t;
    },
    { pass: 0, fail: 0, partial: 0, na: 0, value: 0, unanswered: 0, total: 0 },
  );

  const roomSections: RoomSection[] = rooms.map((room, r) => {
    const walk = roomWalk(template, room, input.computers);
    const blocks: RoomSection['blocks'] = [];
    let n = 0;
    for (const w of walk) {
      const pc = w.computer ? computerNumber(input.computers, w.computer) : 0;
      const heading = w.computer ? pcHeading(w.computer, pc) : undefined;
      let block = blocks[blocks.length - 1];
      if (!block || block.heading !== heading) {
        block = heading ? { heading, computer: `计算机 ${pc}`, rows: [] } : { rows: [] };
        blocks.push(block);
      }
      const a = input.answers.get(w.key);
      block.rows.push({
        no: String(++n),
        question: w.item.text.zh,
        result: a?.result ? RESULT_LABEL[a.result] : a?.value !== undefined ? '记录值' : '未检查',
        value: valueText(a, w.item),
        note: a?.note ?? '',
      });
    }
    return { heading: `${chineseNumeral(r + 1)}、${room.name}`, name: room.name, blocks };
  });

  const findings: FindingEntry[] = numberedFindings(template, input.rooms, input.computers, records).map((f) => {
    const place = f.walk.computer
      ? `${f.room.name} · ${pcHeading(f.walk.computer, computerNumber(input.computers, f.walk.computer))}`
      : f.room.name;
    return {
      label: `${chineseNumeral(f.number)}是`,
      place,
      severity: SEVERITY_LABEL[f.walk.item.severity],
      problem: f.finding?.problem || f.walk.item.text.zh,
      measure: f.finding?.rectification.measure ?? '',
      owner: f.finding?.rectification.owner ?? '',
      deadline: f.finding?.rectification.deadline ?? '',
      photos: livePhotos
        .filter((p) => itemKey(p) === f.walk.key)
        .map((p) => ({ sha256: p.sha256, caption: p.caption })),
    };
  });

  // Evidence on items that did not fail goes to the appendix.
  const appendix = rooms.flatMap((room) =>
    roomWalk(template, room, input.computers).flatMap((w) =>
      needsFinding(input.answers.get(w.key)?.result)
        ? []
        : livePhotos
            .filter((p) => itemKey(p) === w.key)
            .map((p) => ({ place: `${room.name} · ${w.item.text.zh}`, caption: p.caption, sha256: p.sha256 })),
    ),
  );

  return {
    title: `${i.unit}网络安全检查记录`,
    documentId: documentIdOf(i, input.digest),
    header: `${i.unit} · ${i.date}`,
    particulars: [
      ['检查依据', i.basis || '—'],
      ['被检查单位', i.unit],
      ['地址', i.address || '—'],
      ['检查日期', i.date],
      ['检查人员', i.inspectors.join('、')],
      ['陪同人员', [i.representative.name, i.representative.title].filter(Boolean).join('，') || '—'],
      ['检查模板', `${template.title.zh}（第 ${template.version} 版）`],
    ],
    summaryRows,
    totals,
    digest: input.digest,
    rooms: roomSections,
    findings,
    signatures: validSignatures(input.signatures)
      .sort((a, b) => a.signedAt - b.signedAt)
      .map((s) => ({
        name: s.name,
        role: ROLE_LABEL[s.role],
        title: s.title,
        time: formatTime(s.signedAt),
        pngSha256: s.pngSha256,
        ...(s.captured ? { captured: capturedText(s.captured) } : {}),
      })),
    changes: changesOf(i, input.signatures),
    closing: { unit: i.unit, date: i.date },
    appendix,
  };
}
