// A table drawn with the font runs (so every cell wraps Chinese correctly and rare
// characters fall back to another font), breaking across pages with the header repeated.
// A row taller than the space left is split between lines: the lines that fit are drawn,
// the rest of every cell continues on the next page. No line is ever lost.
import type { PdfWriter } from './pdf-writer';
import { PAGE } from './pdf-writer';

export interface Column {
  title: string;
  /** Width in mm. */
  width: number;
  align?: 'left' | 'center';
}

export interface TableOptions {
  size?: number;
  /** Rows drawn bold (e.g. a total row), by index. */
  boldRows?: ReadonlySet<number>;
}

const PAD = 1.4;
// A row up to this many lines that fits on a page moves to the next page whole rather
// than being split: splitting a short row only makes it harder to read.
const KEEP_WHOLE_LINES = 6;
// Fewer lines than this at a page bottom: the row starts on the next page instead.
const MIN_SPLIT_LINES = 2;

/** Draws `rows` under a header of `columns` at the writer's cursor, across pages as needed. */
export function drawTable(
  w: PdfWriter,
  columns: readonly Column[],
  rows: readonly string[][],
  options: TableOptions = {},
): void {
  const size = options.size ?? 9;
  const lh = w.lineHeight(size);
  const doc = w.doc;
  const bottom = PAGE.height - PAGE.bottom;

  const layout = (cells: readonly string[], bold: boolean): string[][] => {
    doc.setFontSize(size);
    return columns.map((c, i) => w.runs.wrap(cells[i] ?? '', c.width - 2 * PAD, bold ? 'bold' : 'normal'));
  };
  const lineCount = (lines: readonly string[][]) => Math.max(1, ...lines.map((l) => l.length));

  /** Lines [from, to) of every cell, as one band of the row. */
  const drawBand = (lines: readonly string[][], from: number, to: number, bold: boolean, shaded: boolean) => {
    const height = (to - from) * lh + 2 * PAD;
    let x = PAGE.left;
    doc.setDrawColor(120);
    doc.setLineWidth(0.2);
    columns.forEach((c, i) => {
      if (shaded) {
        doc.setFillColor(235, 239, 244);
        doc.rect(x, w.y, c.width, height, 'FD');
      } else doc.rect(x, w.y, c.width, height);
      doc.setFontSize(size);
      (lines[i] ?? []).slice(from, to).forEach((line, n) => {
        const tx = c.align === 'center' ? x + c.width / 2 : x + PAD;
        w.runs.draw(line, tx, w.y + PAD + n * lh + size * 0.3528, {
          style: bold ? 'bold' : 'normal',
          align: c.align === 'center' ? 'center' : 'left',
        });
      });
      x += c.width;
    });
    w.y += height;
  };

  const header = layout(
    columns.map((c) => c.title),
    true,
  );
  const headerHeight = lineCount(header) * lh + 2 * PAD;
  const linesLeft = () => Math.floor((bottom - w.y - 2 * PAD) / lh + 1e-6);
  const newPage = () => {
    w.newPage();
    drawBand(header, 0, lineCount(header), true, true);
  };

  w.ensure(headerHeight + lh * 2);
  drawBand(header, 0, lineCount(header), true, true);
  rows.forEach((row, r) => {
    const bold = options.boldRows?.has(r) ?? false;
    const lines = layout(row, bold);
    const total = lineCount(lines);
    const fitsOnAPage = total * lh + 2 * PAD <= bottom - PAGE.top - headerHeight;
    const left = linesLeft();
    if (total > left && (left < MIN_SPLIT_LINES || (fitsOnAPage && total <= KEEP_WHOLE_LINES))) newPage();
    for (let from = 0; from < total;) {
      // At least one line per band, so a page too short for any line cannot stall.
      const to = Math.min(total, from + Math.max(1, linesLeft()));
      drawBand(lines, from, to, bold, false);
      from = to;
      if (from < total) newPage();
    }
  });
  w.space(3);
}
