// A cursor over A4 pages for the record: wraps Chinese text with the font runs, breaks
// pages, and draws every page's header and "第 N 页 / 共 M 页" footer at the end (the
// total is only known then).
import type { jsPDF } from 'jspdf';
import type { FontRuns, FontStyle } from './fonts';

export const PAGE = { width: 210, height: 297, left: 18, right: 18, top: 22, bottom: 20 };
export const CONTENT_WIDTH = PAGE.width - PAGE.left - PAGE.right;
const PT = 0.3528; // mm per point
const MARKING_SIZE = 10;

export interface TextOptions {
  size?: number;
  style?: FontStyle;
  indent?: number;
  align?: 'left' | 'center';
  gapAfter?: number;
}

export class PdfWriter {
  y = PAGE.top;

  constructor(
    readonly doc: jsPDF,
    readonly runs: FontRuns,
  ) {}

  lineHeight(size: number): number {
    return size * PT * 1.45;
  }

  /** Start a new page when `height` mm do not fit below the cursor. */
  ensure(height: number): void {
    if (this.y + height > PAGE.height - PAGE.bottom) this.newPage();
  }

  newPage(): void {
    this.doc.addPage();
    this.y = PAGE.top;
  }

  /** Wrapped text at the cursor; returns the lines drawn. */
  text(text: string, options: TextOptions = {}): string[] {
    const size = options.size ?? 10.5;
    const style = options.style ?? 'normal';
    const indent = options.indent ?? 0;
    this.doc.setFontSize(size);
    const lh = this.lineHeight(size);
    const lines = text.split('\n').flatMap((p) => (p === '' ? [''] : this.runs.wrap(p, CONTENT_WIDTH - indent, style)));
    for (const line of lines) {
      this.ensure(lh);
      const x = options.align === 'center' ? PAGE.width / 2 : PAGE.left + indent;
      this.runs.draw(line, x, this.y + size * PT, { style, align: options.align === 'center' ? 'center' : 'left' });
      this.y += lh;
    }
    this.y += options.gapAfter ?? 0;
    return lines;
  }

  space(mm: number): void {
    this.y += mm;
  }

  /** An image scaled to `width` mm (kept within the page), with an optional caption under it. */
  image(
    bytes: Uint8Array,
    format: 'JPEG' | 'PNG',
    pxWidth: number,
    pxHeight: number,
    width: number,
    caption?: string,
  ): void {
    const maxHeight = PAGE.height - PAGE.top - PAGE.bottom - 12;
    let w = Math.min(width, CONTENT_WIDTH);
    let h = (pxHeight / pxWidth) * w;
    if (h > maxHeight) [w, h] = [(maxHeight / h) * w, maxHeight];
    this.ensure(h + (caption ? 6 : 0));
    this.doc.addImage(bytes, format, PAGE.left, this.y, w, h, undefined, 'FAST');
    this.y += h + 1.5;
    if (caption) this.text(caption, { size: 8.5, gapAfter: 1 });
  }

  /**
   * Header (unit · date on the left, the marking such as 内部资料 注意保密 on the right,
   * none when empty) and footer (page N of M, document id) on every page.
   */
  finishPages(header: string, documentId: string, marking = ''): number {
    const total = this.doc.getNumberOfPages();
    this.doc.setFontSize(MARKING_SIZE);
    const markingWidth = marking ? this.runs.measure(marking, 'bold') : 0;
    this.doc.setFontSize(8.5);
    // The running header only repeats the unit and date (printed in full on page 1): a
    // unit name too long to sit beside the marking is shortened here.
    const left = this.#shorten(header, CONTENT_WIDTH - (markingWidth ? markingWidth + 6 : 0));
    for (let n = 1; n <= total; n++) {
      this.doc.setPage(n);
      this.doc.setFontSize(8.5);
      this.doc.setDrawColor(150);
      this.runs.draw(left, PAGE.left, 12);
      this.doc.line(PAGE.left, 14, PAGE.width - PAGE.right, 14);
      this.runs.draw(`第 ${n} 页 / 共 ${total} 页`, PAGE.width / 2, PAGE.height - 10, { align: 'center' });
      this.runs.draw(documentId, PAGE.width - PAGE.right, PAGE.height - 10, { align: 'right' });
      if (marking) {
        this.doc.setFontSize(MARKING_SIZE);
        this.runs.draw(marking, PAGE.width - PAGE.right, 12, { style: 'bold', align: 'right' });
      }
    }
    return total;
  }

  /** `text` cut to `width` at the current size with an ellipsis, keeping what follows its last " · " (the date). */
  #shorten(text: string, width: number): string {
    if (this.runs.measure(text) <= width) return text;
    const at = text.lastIndexOf(' · ');
    const tail = at < 0 ? '' : text.slice(at);
    const chars = Array.from(at < 0 ? text : text.slice(0, at));
    while (chars.length > 0 && this.runs.measure(`${chars.join('')}…${tail}`) > width) chars.pop();
    return `${chars.join('')}…${tail}`;
  }
}
