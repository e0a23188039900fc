// The drafted 自查报告 as a PDF: the same text the inspector edited, set like the seed
// reports (centred title, numbered headings, 落款 on the right).
import { jsPDF } from 'jspdf';
import type { DraftSection } from '../model/draft';
import { FONT_FAMILY, registerFonts, type LoadFontBytes } from './fonts';
import { DEFAULT_MARKING } from '../model/marking';
import { CONTENT_WIDTH, PAGE, PdfWriter } from './pdf-writer';
import { missingByPlace, type MissingText, type PlacedText } from '../model/record-places';

const SECTION_PLACE: Partial<Record<DraftSection['id'], string>> = { title: '标题', opening: '开头', closing: '落款' };

/** Render the edited draft; `marking` (DEFAULT_MARKING when not given, none when empty) heads every page. */
export async function renderDraft(
  sections: readonly DraftSection[],
  meta: { header: string; documentId: string; marking?: string },
  loadFontBytes: LoadFontBytes,
): Promise<{ pdf: ArrayBuffer; pages: number; missing: MissingText[] }> {
  const marking = meta.marking ?? DEFAULT_MARKING;
  const doc = new jsPDF({ unit: 'mm', format: 'a4', compress: true });
  const runs = await registerFonts(
    doc,
    sections.map((s) => `${s.heading ?? ''}${s.text}`).join('') + meta.header + marking + '第页共0123456789…',
    loadFontBytes,
  );
  doc.setFont(FONT_FAMILY, 'normal');
  const w = new PdfWriter(doc, runs);
  for (const s of sections) {
    if (s.id === 'title') w.text(s.text, { size: 18, style: 'bold', align: 'center', gapAfter: 5 });
    else if (s.id === 'closing') {
      w.space(6);
      // The 落款 sits on the right, as in the seed reports (wrapped: a long unit name too).
      doc.setFontSize(11);
      for (const line of runs.wrap(s.text, CONTENT_WIDTH)) {
        w.ensure(w.lineHeight(11));
        runs.draw(line, PAGE.width - PAGE.right, w.y + 11 * 0.3528, { align: 'right' });
        w.space(w.lineHeight(11));
      }
    } else {
      if (s.heading) w.text(s.heading, { size: 12.5, style: 'bold', gapAfter: 1 });
      // Paragraphs start with two ideographic spaces, as Chinese official documents do.
      for (const para of s.text.split('\n')) w.text(`\u3000\u3000${para}`, { size: 11, gapAfter: 1.5 });
    }
  }
  const pages = w.finishPages(meta.header, meta.documentId, marking);
  const texts: PlacedText[] = [
    ...sections.map((s) => ({ place: s.heading ?? SECTION_PLACE[s.id] ?? s.id, text: s.text })),
    { place: '标注', text: marking },
  ];
  return { pdf: doc.output('arraybuffer'), pages, missing: missingByPlace(texts, (t) => runs.missingIn(t)) };
}
