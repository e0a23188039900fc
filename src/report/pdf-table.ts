// A table drawn with the font runs (so every cell wraps Chinese correctly and rare
// characters fall back to another font), breaking across pages with the header repeated.
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

export function drawTable(
  w: PdfWriter,
  columns: readonly Column[],
  rows: readonly string[][],
  options: TableOptions = {},
): void {
  const size = options.size ?? 9;
  const lh = w.lineHeight(size);
  const doc = w.doc;

  const layout = (cells: readonly string[], bold: boolean) => {
    doc.setFontSize(size);
    const lines = columns.map((c, i) => w.runs.wrap(cells[i] ?? '', c.width - 2 * PAD, bold ? 'bold' : 'normal'));
    const height = Math.max(...lines.map((l) => Math.max(1, l.length))) * lh + 2 * PAD;
    return { lines, height };
  };

  const drawRow = (cells: readonly string[], bold: boolean, shaded: boolean) => {
    const { lines, height } = layout(cells, bold);
    let x = PAGE.left;
    doc.setDrawColor(120);
    doc.setLineWidth(0.2);
    columns.forEach((c, i) => {
      if (shaded) {
        doc.setFillColor(235, 239, 244);
        doc.rect(x, w.y, c.width, height, 'FD');
      } else doc.rect(x, w.y, c.width, height);
      doc.setFontSize(size);
      (lines[i] ?? []).forEach((line, n) => {
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

  const header = columns.map((c) => c.title);
  const headerHeight = layout(header, true).height;
  w.ensure(headerHeight + lh * 2);
  drawRow(header, true, true);
  rows.forEach((row, r) => {
    const bold = options.boldRows?.has(r) ?? false;
    const { height } = layout(row, bold);
    if (w.y + height > PAGE.height - PAGE.bottom) {
      w.newPage();
      drawRow(header, true, true);
    }
    drawRow(row, bold, false);
  });
  w.space(3);
}
