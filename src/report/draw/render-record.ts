// The PDF inspection record (检查记录), drawn from the record model with jsPDF. The same
// code runs in the app's worker and in Node (`npm run record`); only the loaders differ.
import { jsPDF } from 'jspdf';
import { registerFonts, FONT_FAMILY, type LoadFontBytes } from './fonts';
import { drawTable, type Column } from './pdf-table';
import { DEFAULT_MARKING } from '../model/marking';
import { CONTENT_WIDTH, PdfWriter } from './pdf-writer';
import type { ResultCounts } from '../../shared/progress';
import type { RecordModel } from '../model/record-model';
import type { StoredImage } from '../model/record-messages';
import { missingByPlace, recordTexts, type MissingText } from '../model/record-places';

export type { StoredImage } from '../model/record-messages';

export interface RenderDeps {
  loadFontBytes: LoadFontBytes;
  loadImage: (sha256: string) => Promise<StoredImage | undefined>;
  onProgress?: (p: { step: 'fonts' | 'pages' | 'photos' | 'done'; done: number; total: number }) => void;
  signal?: AbortSignal;
  /** Printed in every page's header; DEFAULT_MARKING when not given, none when empty. */
  marking?: string;
}

export interface RenderedRecord {
  pdf: ArrayBuffer;
  pages: number;
  /** Fields with characters no font could print: the PDF shows 〔U+XXXX〕 in their place. */
  missing: MissingText[];
}

const SUMMARY_COLUMNS: Column[] = [
  { title: '房间/事项', width: 48 },
  ...['检查项', '符合', '不符合', '部分符合', '不适用', '记录值', '未检查'].map((title) => ({
    title,
    width: (CONTENT_WIDTH - 48) / 7,
    align: 'center' as const,
  })),
];
// 记录值 is wide enough for a host name and a short list (sites, URLs) on few lines.
const ITEM_COLUMNS: Column[] = [
  { title: '序号', width: 10, align: 'center' },
  { title: '检查内容', width: 64 },
  { title: '结果', width: 17, align: 'center' },
  { title: '记录值', width: 36 },
  { title: '备注', width: CONTENT_WIDTH - 127 },
];

function allText(model: RecordModel, marking: string): string {
  return JSON.stringify(model) + marking + '第页共检查记录存在的问题整改措施责任人期限签字附件照片内容摘要0123456789…';
}

function checkAbort(signal?: AbortSignal): void {
  if (signal?.aborted) throw new DOMException('record generation cancelled', 'AbortError');
}

/** Render the record; photos and signature images are read through `loadImage`. */
export async function renderRecord(model: RecordModel, deps: RenderDeps): Promise<RenderedRecord> {
  const doc = new jsPDF({ unit: 'mm', format: 'a4', compress: true });
  doc.setProperties({ title: model.title, subject: model.documentId, creator: 'xunjian 巡检' });
  deps.onProgress?.({ step: 'fonts', done: 0, total: 1 });
  const marking = deps.marking ?? DEFAULT_MARKING;
  const runs = await registerFonts(doc, allText(model, marking), deps.loadFontBytes);
  doc.setFont(FONT_FAMILY, 'normal');
  checkAbort(deps.signal);
  const w = new PdfWriter(doc, runs);
  const photoTotal = model.findings.reduce((n, f) => n + f.photos.length, 0) + model.appendix.length;
  let photosDone = 0;
  const photo = async (sha256: string, caption: string, width: number) => {
    checkAbort(deps.signal);
    const img = await deps.loadImage(sha256);
    if (img) w.image(img.bytes, img.type === 'image/png' ? 'PNG' : 'JPEG', img.width, img.height, width, caption);
    deps.onProgress?.({ step: 'photos', done: ++photosDone, total: photoTotal });
  };

  // Page 1: title, particulars, summary, digest.
  w.text(model.title, { size: 18, style: 'bold', align: 'center', gapAfter: 4 });
  for (const [label, value] of model.particulars) w.text(`${label}：${value}`, { gapAfter: 0.5 });
  w.space(3);
  w.text('检查结果汇总', { size: 13, style: 'bold', gapAfter: 1.5 });
  const sumRow = (name: string, c: ResultCounts, total: number) =>
    [name, total, c.pass, c.fail, c.partial, c.na, c.value, c.unanswered].map(String);
  drawTable(
    w,
    SUMMARY_COLUMNS,
    [
      ...model.summaryRows.map((r) => sumRow(r.room, r.counts, r.total)),
      sumRow('合计', model.totals, model.totals.total),
    ],
    { boldRows: new Set([model.summaryRows.length]) },
  );
  w.text(`内容摘要（SHA-256）：${model.digest}`, { size: 8.5, gapAfter: 2 });

  // Room by room, every item.
  w.space(2);
  w.text('检查情况', { size: 13, style: 'bold', gapAfter: 1.5 });
  model.rooms.forEach((room, r) => {
    checkAbort(deps.signal);
    w.text(room.heading, { size: 11.5, style: 'bold', gapAfter: 1 });
    for (const block of room.blocks) {
      if (block.heading) w.text(block.heading, { size: 10, style: 'bold', gapAfter: 0.5 });
      drawTable(
        w,
        ITEM_COLUMNS,
        block.rows.map((row) => [row.no, row.question, row.result, row.value, row.note]),
      );
    }
    deps.onProgress?.({ step: 'pages', done: r + 1, total: model.rooms.length });
  });

  // 存在的问题 with 整改措施 and photos inline.
  w.space(2);
  w.text('存在的问题及整改措施', { size: 13, style: 'bold', gapAfter: 1.5 });
  if (model.findings.length === 0) w.text('本次检查未发现问题。', { gapAfter: 2 });
  for (const f of model.findings) {
    w.text(`${f.label}${f.problem}（${f.place}；风险：${f.severity}）`, { style: 'bold', gapAfter: 0.5 });
    w.text(`整改措施：${f.measure || '待定'}`, { indent: 6 });
    w.text(`责任人：${f.owner || '待定'}\u3000\u3000整改期限：${f.deadline || '待定'}`, { indent: 6, gapAfter: 1 });
    for (const p of f.photos) await photo(p.sha256, p.caption || f.problem, 80);
    w.space(2);
  }

  // Signatures and 落款.
  w.ensure(60);
  w.space(2);
  w.text('签字', { size: 13, style: 'bold', gapAfter: 1.5 });
  if (model.signatures.length === 0) w.text('（尚未签字）', { gapAfter: 2 });
  for (const s of model.signatures) {
    checkAbort(deps.signal);
    w.ensure(30);
    w.text(`${s.role}：${s.name}${s.title ? `（${s.title}）` : ''}\u3000签字时间：${s.time}`);
    if (s.captured) w.text(s.captured, { size: 8, indent: 6 });
    const img = await deps.loadImage(s.pngSha256);
    if (img) w.image(img.bytes, 'PNG', img.width, img.height, 50);
    w.space(2);
  }
  // After signing, a change needs a reopening, which voids the signatures: the record says so.
  if (model.changes.length > 0) {
    w.ensure(30);
    w.space(2);
    w.text('修改记录', { size: 13, style: 'bold', gapAfter: 1.5 });
    model.changes.forEach((c, n) => {
      const received = c.received ? `（服务器 ${c.received} 收到）` : '';
      w.text(`${n + 1}. ${c.time}${received}\u3000由 ${c.by} 重新打开`, { style: 'bold', gapAfter: 0.5 });
      w.text(`原因：${c.reason}`, { indent: 6 });
      w.text(`作废的签字：${c.voided}`, { indent: 6, gapAfter: 1 });
    });
  }
  w.space(4);
  w.text(model.closing.unit, { gapAfter: 0.5 });
  w.text(model.closing.date, { gapAfter: 2 });

  // Appendix: evidence on compliant items.
  if (model.appendix.length > 0) {
    w.newPage();
    w.text('附件：检查照片', { size: 13, style: 'bold', gapAfter: 2 });
    for (const a of model.appendix) await photo(a.sha256, `${a.place}${a.caption ? `：${a.caption}` : ''}`, 90);
  }

  const pages = w.finishPages(model.header, model.documentId, marking);
  deps.onProgress?.({ step: 'done', done: pages, total: pages });
  const missing = missingByPlace(recordTexts(model, marking), (text) => runs.missingIn(text));
  return { pdf: doc.output('arraybuffer'), pages, missing };
}
