// `npm run bench:pdf-subset`: how long jsPDF takes to write a PDF that uses N distinct
// hanzi of Noto Sans SC, for N = 500 and 2,000 (and 4,000). Subsetting was quadratic in N
// before scripts/patch-jspdf.ts; it should now grow about linearly. Prints, asserts nothing.
// To compare with an unpatched jsPDF: JSPDF_MODULE=/path/to/jspdf.node.min.js npm run bench:pdf-subset
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { jsPDF as JsPdf } from 'jspdf';
import { decodeRanges } from '../src/report/font-coverage';
import { buildFonts } from './build-fonts';

const SIZES = [500, 2000, 4000];
const PER_LINE = 40;

const { dir, index } = buildFonts();
const jspdfModule = process.env.JSPDF_MODULE ? pathToFileURL(process.env.JSPDF_MODULE).href : 'jspdf';
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

console.log(`jsPDF from ${jspdfModule === 'jspdf' ? 'node_modules (patched)' : process.env.JSPDF_MODULE}`);
render(100); // warm up the JIT
for (const n of SIZES) {
  const { ms, bytes: size } = render(n);
  console.log(
    `${String(n).padStart(5)} distinct hanzi: ${ms.toFixed(0).padStart(6)} ms, PDF ${(size / 1024).toFixed(0)} KiB`,
  );
}
