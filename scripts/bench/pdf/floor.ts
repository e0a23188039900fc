/**
 * The floor of part 6 of `npm run bench`: the record drawn with jsPDF's built-in Helvetica
 * from a Latin-only copy of the model — no font to load, register, measure run by run or
 * subset. Everything else is the record's own code: src/report/draw/pdf-writer.ts (pages,
 * header and footer) and src/report/draw/pdf-table.ts (tables), fed a Helvetica stand-in for
 * FontRuns; the page-by-page drawing below mirrors renderRecord in
 * src/report/draw/render-record.ts (same sections, tables, photos and signatures, same sizes).
 * Runtime-neutral: Node (node.ts) and a Chromium worker (browser.ts).
 */
import { jsPDF } from 'jspdf';
import type { FontRuns, FontStyle } from '../../../src/report/draw/fonts';
import { drawTable, type Column } from '../../../src/report/draw/pdf-table';
import { CONTENT_WIDTH, PdfWriter } from '../../../src/report/draw/pdf-writer';
import type { RecordModel } from '../../../src/report/model/record-model';
import type { RenderDeps, RenderedRecord, StoredImage } from '../../../src/report/draw/render-record';
import type { ResultCounts } from '../../../src/shared/progress';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * Every character outside printable ASCII becomes two lowercase letters (about one em in
 * Helvetica, as wide as a hanzi in Noto Sans SC), so lines wrap and pages break about
 * where the Chinese record's do. ASCII (numbers, IP addresses, SHA-256 keys) is kept.
 */
export function latin(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    out += ch === '\n' || (cp >= 0x20 && cp <= 0x7e) ? ch : LETTERS[cp % 26]! + LETTERS[(cp >> 5) % 26]!;
  }
  return out;
}

/** A deep copy of the model with every string made Latin (see `latin`). */
export function latinModel(model: RecordModel): RecordModel {
  const map = (v: unknown): unknown =>
    typeof v === 'string'
      ? latin(v)
      : Array.isArray(v)
        ? v.map(map)
        : v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, map(x)]))
          : v;
  return map(model) as RecordModel;
}

/** What PdfWriter and drawTable use of FontRuns, done with jsPDF's own Helvetica calls. */
function helveticaRuns(doc: jsPDF): FontRuns {
  const font = (style: FontStyle) => doc.setFont('helvetica', style);
  const measure = (text: string, style: FontStyle = 'normal') => (font(style), doc.getTextWidth(text));
  const runs = {
    missing: [] as string[],
    measure,
    wrap: (text: string, maxWidth: number, style: FontStyle = 'normal') => (
      font(style),
      doc.splitTextToSize(text, maxWidth) as string[]
    ),
    // (PdfWriter's footer, "第 N 页 / 共 M 页", is the one text that arrives in Chinese.)
    draw(text: string, x: number, y: number, o: { style?: FontStyle; align?: 'left' | 'center' | 'right' } = {}) {
      const width = measure(latin(text), o.style);
      doc.text(latin(text), x, y, { align: o.align ?? 'left' });
      return { width, missing: [] as string[] };
    },
  };
  // FontRuns has private fields, so no object literal is one by type: PdfWriter and
  // drawTable only call measure, wrap and draw.
  return runs as unknown as FontRuns;
}

const L = latin;
const SUMMARY_COLUMNS: Column[] = [
  { title: L('房间/事项'), width: 48 },
  ...['检查项', '符合', '不符合', '部分符合', '不适用', '记录值', '未检查'].map((title) => ({
    title: L(title),
    width: (CONTENT_WIDTH - 48) / 7,
    align: 'center' as const,
  })),
];
const ITEM_COLUMNS: Column[] = [
  { title: L('序号'), width: 11, align: 'center' },
  { title: L('检查内容'), width: 74 },
  { title: L('结果'), width: 18, align: 'center' },
  { title: L('记录值'), width: 24 },
  { title: L('备注'), width: CONTENT_WIDTH - 127 },
];

/** renderRecord's drawing, with Helvetica; `model` must be Latin already (latinModel). */
export function renderFloor(
  model: RecordModel,
  images: Readonly<Record<string, StoredImage>>,
  onProgress?: RenderDeps['onProgress'],
): RenderedRecord {
  const doc = new jsPDF({ unit: 'mm', format: 'a4', compress: true });
  doc.setProperties({ title: model.title, subject: model.documentId, creator: 'xunjian' });
  onProgress?.({ step: 'fonts', done: 0, total: 1 }); // as renderRecord: no fonts to load here
  doc.setFont('helvetica', 'normal');
  const w = new PdfWriter(doc, helveticaRuns(doc));
  const photo = (sha256: string, caption: string, width: number) => {
    const img = images[sha256];
    if (img) w.image(img.bytes, img.type === 'image/png' ? 'PNG' : 'JPEG', img.width, img.height, width, caption);
  };

  w.text(model.title, { size: 18, style: 'bold', align: 'center', gapAfter: 4 });
  for (const [label, value] of model.particulars) w.text(`${label}: ${value}`, { gapAfter: 0.5 });
  w.space(3);
  w.text(L('检查结果汇总'), { size: 13, style: 'bold', gapAfter: 1.5 });
  const sumRow = (name: string, c: ResultCounts, total: number) =>
    [name, total, c.pass, c.fail, c.partial, c.na, c.value, c.unanswered].map(String);
  drawTable(
    w,
    SUMMARY_COLUMNS,
    [
      ...model.summaryRows.map((r) => sumRow(r.room, r.counts, r.total)),
      sumRow(L('合计'), model.totals, model.totals.total),
    ],
    { boldRows: new Set([model.summaryRows.length]) },
  );
  w.text(`${L('内容摘要')} (SHA-256): ${model.digest}`, { size: 8.5, gapAfter: 2 });

  w.space(2);
  w.text(L('检查情况'), { size: 13, style: 'bold', gapAfter: 1.5 });
  model.rooms.forEach((room, r) => {
    w.text(room.heading, { size: 11.5, style: 'bold', gapAfter: 1 });
    for (const block of room.blocks) {
      if (block.heading) w.text(block.heading, { size: 10, style: 'bold', gapAfter: 0.5 });
      drawTable(
        w,
        ITEM_COLUMNS,
        block.rows.map((row) => [row.no, row.question, row.result, row.value, row.note]),
      );
    }
    onProgress?.({ step: 'pages', done: r + 1, total: model.rooms.length });
  });

  w.space(2);
  w.text(L('存在的问题及整改措施'), { size: 13, style: 'bold', gapAfter: 1.5 });
  if (model.findings.length === 0) w.text(L('本次检查未发现问题。'), { gapAfter: 2 });
  for (const f of model.findings) {
    w.text(`${f.label}${f.problem} (${f.place}; ${L('风险')}: ${f.severity})`, { style: 'bold', gapAfter: 0.5 });
    w.text(`${L('整改措施')}: ${f.measure || L('待定')}`, { indent: 6 });
    w.text(`${L('责任人')}: ${f.owner || L('待定')}  ${L('整改期限')}: ${f.deadline || L('待定')}`, {
      indent: 6,
      gapAfter: 1,
    });
    for (const p of f.photos) photo(p.sha256, p.caption || f.problem, 80);
    w.space(2);
  }

  w.ensure(60);
  w.space(2);
  w.text(L('签字'), { size: 13, style: 'bold', gapAfter: 1.5 });
  if (model.signatures.length === 0) w.text(L('（尚未签字）'), { gapAfter: 2 });
  for (const s of model.signatures) {
    w.ensure(30);
    w.text(`${s.role}: ${s.name}${s.title ? ` (${s.title})` : ''}  ${L('签字时间')}: ${s.time}`);
    const img = images[s.pngSha256];
    if (img) w.image(img.bytes, 'PNG', img.width, img.height, 50);
    w.space(2);
  }
  w.space(4);
  w.text(model.closing.unit, { gapAfter: 0.5 });
  w.text(model.closing.date, { gapAfter: 2 });

  if (model.appendix.length > 0) {
    w.newPage();
    w.text(L('附件：检查照片'), { size: 13, style: 'bold', gapAfter: 2 });
    for (const a of model.appendix) photo(a.sha256, `${a.place}${a.caption ? `: ${a.caption}` : ''}`, 90);
  }

  const pages = w.finishPages(model.header, model.documentId);
  onProgress?.({ step: 'done', done: pages, total: pages });
  return { pdf: doc.output('arraybuffer'), pages, missing: [] };
}
