// Chinese fonts for the PDF record. Noto Sans SC regular and bold (a real 700 weight, not
// a smeared 400) are always registered; the ~1,000 GB2312 characters and the rarer name
// characters the main file lacks live in @fontsource's unicode-range slices, and only the
// slices the text needs are loaded (coverage.json says which, see scripts/build-fonts.ts).
// Runtime-neutral: the caller says how to read a file (fetch in a browser or worker,
// readFile in Node), so this module never touches the network or the disk itself.
import type { jsPDF } from 'jspdf';
import {
  COVERAGE_INDEX_FILE,
  CodePointSet,
  coverageIndexSchema,
  pickFallbacks,
  type CoverageIndex,
  type FontSlice,
} from '../model/font-coverage';
import { FontRuns, type FontStyle, type RegisteredFace } from './font-runs';

export { FontRuns, type FontStyle } from './font-runs';

/** The family name the record sets with doc.setFont(FONT_FAMILY, 'normal' | 'bold'). */
export const FONT_FAMILY = 'NotoSansSC';

/** Reads one generated font file (or coverage.json) by its file name. */
export type LoadFontBytes = (file: string) => Promise<Uint8Array>;

const STYLES: readonly FontStyle[] = ['normal', 'bold'];
const WEIGHT: Record<FontStyle, '400' | '700'> = { normal: '400', bold: '700' };

/** Reads and checks coverage.json. */
export async function loadCoverageIndex(loadBytes: LoadFontBytes): Promise<CoverageIndex> {
  const json: unknown = JSON.parse(new TextDecoder().decode(await loadBytes(COVERAGE_INDEX_FILE)));
  return coverageIndexSchema.parse(json);
}

/**
 * Registers the main faces and the fallback slices `text` needs (per style when given
 * as { normal, bold }, else for both) with `doc`, and returns what draws and measures
 * text with them. Characters no registered face can draw are listed in `missing`:
 * characters in no font at all (e.g. 𠀾, CJK Extension B) and characters beyond the BMP,
 * which jsPDF's TrueType support cannot address even when a slice has them.
 */
export async function registerFonts(
  doc: jsPDF,
  text: string | Record<FontStyle, string>,
  loadBytes: LoadFontBytes,
): Promise<FontRuns> {
  const index = await loadCoverageIndex(loadBytes);
  const main = new CodePointSet(index.main.ranges);
  const slices = index.fallbacks.map((slice) => ({ slice, set: new CodePointSet(slice.ranges) }));
  const textFor = (style: FontStyle) => (typeof text === 'string' ? text : text[style]);

  const wanted: Array<{ slice: FontSlice; style: FontStyle; fontName: string }> = [];
  for (const style of STYLES) wanted.push({ slice: index.main, style, fontName: FONT_FAMILY });
  for (const style of STYLES) {
    const needed = new Set<number>();
    for (const ch of textFor(style)) {
      const cp = ch.codePointAt(0)!;
      if (cp <= 0xffff && !main.has(cp)) needed.add(cp);
    }
    for (const slice of pickFallbacks(slices, needed).picked) {
      wanted.push({ slice, style, fontName: `${FONT_FAMILY}-${slice.name}` });
    }
  }

  const files = await Promise.all(wanted.map((w) => loadBytes(w.slice.files[WEIGHT[w.style]].file)));
  const faces: RegisteredFace[] = wanted.map((w, i) => {
    const file = w.slice.files[WEIGHT[w.style]].file;
    doc.addFileToVFS(file, binaryString(files[i]!));
    // No weight argument: jsPDF would fold 700 into 'bold' a second time ("boldbold").
    doc.addFont(file, w.fontName, w.style, undefined, 'Identity-H');
    if (!doc.getFontList()[w.fontName]?.includes(w.style)) throw new Error(`jsPDF did not register ${file}`);
    const set = w.slice === index.main ? main : slices.find((s) => s.slice === w.slice)!.set;
    return { fontName: w.fontName, style: w.style, file, covers: set };
  });
  const runs = new FontRuns(doc, faces);
  const missing = new Set<string>();
  for (const style of STYLES) for (const ch of runs.missingIn(textFor(style))) missing.add(ch);
  runs.missing = [...missing];
  return runs;
}

/** jsPDF's virtual file system holds "binary strings": one char per byte. */
function binaryString(bytes: Uint8Array): string {
  // Each byte widened to a UTF-16 unit decodes to the character with that code: the
  // same string as String.fromCharCode per byte, ~10× faster on a 2.5 MB font (bench).
  return new TextDecoder('utf-16le').decode(new Uint16Array(bytes));
}
