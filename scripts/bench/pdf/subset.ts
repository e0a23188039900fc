// `npm run bench:pdf-subset`: how long jsPDF takes to write a PDF that uses N distinct
// hanzi of Noto Sans SC, for N = 500 and 2,000 (and 4,000). Subsetting was quadratic in N
// before scripts/build/patch-jspdf.ts; it should now grow about linearly. Prints, asserts nothing.
// To compare with an unpatched jsPDF: JSPDF_MODULE=/path/to/jspdf.node.min.js npm run bench:pdf-subset
// `npm run bench` (part 6) calls measureSubset for its 2,000-vs-500 row.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { jsPDF as JsPdf } from 'jspdf';
import { decodeRanges } from '../../../src/report/model/font-coverage';
import { buildFonts } from '../../build/build-fonts';
import { median } from '../util';

const SIZES = [500, 2000, 4000];
const PER_LINE = 40;

export interface SubsetTiming {
  /** Distinct hanzi in the document. */
  n: number;
  /** Each repeat's time, ms: new document, font registered, text drawn, output. */
  ms: number[];
  median: number;
  bytes: number;
}

/** Renders N distinct hanzi (100 once first, to warm up the JIT), `repeats` times per size. */
export async function measureSubset(sizes = SIZES, repeats = 1, jspdfModule = 'jspdf'): Promise<SubsetTiming[]> {
  const { dir, index } = buildFonts();
  const { jsPDF } = (await import(jspdfModule)) as { jsPDF: typeof JsPdf };
  const fontFile = index.main.files['400'].file;
  const bytes = readFileSync(join(dir, fontFile));
  let font = '';
  for (let i = 0; i < bytes.length; i += 0x8000) font += String.fromCharCode(...bytes.subarray(i, i + 0x8000));

  const hanzi: string[] = [];
  for (const [start, end] of decodeRanges(index.main.ranges)) {
    for (let cp = Math.max(start, 0x4e00); cp <= Math.min(end, 0x9fff); cp++) hanzi.push(String.fromCodePoint(cp));
  }

  function render(n: number): { ms: number; bytes: number } {
    const started = performance.now();
    const doc = new jsPDF({ unit: 'pt', format: 'a4' });
    doc.addFileToVFS(fontFile, font);
    doc.addFont(fontFile, 'NotoSansSC', 'normal', undefined, 'Identity-H');
    doc.setFont('NotoSansSC', 'normal');
    doc.setFontSize(10);
    const chars = hanzi.slice(0, n);
    for (let i = 0; i < chars.length; i += PER_LINE) {
      const line = i / PER_LINE;
      if (line > 0 && line % 60 === 0) doc.addPage();
      doc.text(chars.slice(i, i + PER_LINE).join(''), 40, 40 + (line % 60) * 12);
    }
    const out = doc.output('arraybuffer');
    return { ms: performance.now() - started, bytes: out.byteLength };
  }

  render(100); // warm up the JIT
  // Sizes interleaved, so a busy moment of the machine falls on all of them alike.
  const runs = sizes.map(() => [] as { ms: number; bytes: number }[]);
  for (let r = 0; r < repeats; r++) sizes.forEach((n, i) => runs[i]!.push(render(n)));
  return sizes.map((n, i) => {
    const ms = runs[i]!.map((r) => r.ms);
    return { n, ms, median: median(ms), bytes: runs[i]![0]?.bytes ?? 0 };
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const jspdfModule = process.env.JSPDF_MODULE ? pathToFileURL(process.env.JSPDF_MODULE).href : 'jspdf';
  console.log(`jsPDF from ${jspdfModule === 'jspdf' ? 'node_modules (patched)' : process.env.JSPDF_MODULE}`);
  for (const { n, median: ms, bytes: size } of await measureSubset(SIZES, 1, jspdfModule)) {
    console.log(
      `${String(n).padStart(5)} distinct hanzi: ${ms.toFixed(0).padStart(6)} ms, PDF ${(size / 1024).toFixed(0)} KiB`,
    );
  }
}
