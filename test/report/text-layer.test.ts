// The Chinese text layer end to end, read back with poppler-utils: a one-page PDF with a
// bold heading, a wrapped paragraph of common and rare characters and a hostile user
// note, checked with pdftotext (every character as typed), pdffonts (embedded subsets,
// a bold face) and pdftoppm (page 1 renders).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsPDF } from 'jspdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { CodePointSet, decodeRanges } from '../../src/report/model/font-coverage';
import { FONT_FAMILY, loadCoverageIndex, registerFonts, type FontRuns } from '../../src/report/draw/fonts';
import { nodeFontLoader } from '../helpers/font-files';

const HEADING = '网络安全检查记录（第一部分）';
// 王堃 陈镕 李喆 are in the main file; 赵赜's 赜 (GB2312 level 2) only in a slice.
const PARAGRAPH =
  '检查组成员：王堃、陈镕、李喆、赵赜。本次检查覆盖机房、档案室与办公区共36台计算机，' +
  '发现问题3项（含弱口令1项），均已提出整改措施，详见https://example.gov.cn/report?id=2024-001。';
const NOTE = '<script>alert(1)</script> %PDF-1.7';
// Beyond the BMP: 🈚 (U+1F21A) is in a Noto slice, 𠀾 (U+2003E, CJK Ext. B) in none.
const NON_BMP_IN_SLICE = '\u{1F21A}';
const NON_BMP_IN_NO_FONT = '\u{2003E}';

function poppler(tool: string, ...args: string[]): string {
  try {
    return execFileSync(tool, args, { encoding: 'utf8' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`${tool} is missing: apt-get install poppler-utils (.ci/run installs it)`);
    }
    throw err;
  }
}

describe('the text layer of the record (jsPDF + Noto Sans SC), read back with poppler', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xunjian-text-layer-'));
  const pdf = join(dir, 'record.pdf');
  const fonts = nodeFontLoader();
  let runs: FontRuns;
  const drawnMissing: string[] = [];

  beforeAll(async () => {
    const doc = new jsPDF({ unit: 'pt', format: 'a4' });
    const body = `${PARAGRAPH} ${NON_BMP_IN_SLICE}${NON_BMP_IN_NO_FONT}\n${NOTE}`;
    runs = await registerFonts(doc, { normal: body, bold: HEADING }, fonts.loadBytes);
    doc.setFont(FONT_FAMILY, 'normal');
    doc.setFontSize(18);
    runs.draw(HEADING, 297, 60, { style: 'bold', align: 'center' });
    doc.setFontSize(11);
    let y = 100;
    for (const line of runs.wrap(`${PARAGRAPH}${NON_BMP_IN_SLICE}${NON_BMP_IN_NO_FONT}`, 480)) {
      drawnMissing.push(...runs.draw(line, 57, y).missing);
      y += 18;
    }
    runs.draw(NOTE, 57, y + 18);
    writeFileSync(pdf, new Uint8Array(doc.output('arraybuffer')));
  }, 60_000);

  it('knows which characters beyond the BMP the fonts cover', async () => {
    const index = await loadCoverageIndex(fonts.loadBytes);
    const nonBmp = index.fallbacks.filter((s) => decodeRanges(s.ranges).some(([, end]) => end > 0xffff));
    // Enclosed ideographs and a few symbols, but no CJK Extension B hanzi.
    expect(nonBmp.length).toBeGreaterThan(0);
    expect(nonBmp.some((s) => new CodePointSet(s.ranges).has(NON_BMP_IN_SLICE.codePointAt(0)!))).toBe(true);
    const all = [index.main, ...index.fallbacks].map((s) => new CodePointSet(s.ranges));
    expect(all.some((set) => set.has(NON_BMP_IN_NO_FONT.codePointAt(0)!))).toBe(false);
  });

  it('loads the main faces plus only the slice the rare character needs', async () => {
    const index = await loadCoverageIndex(fonts.loadBytes);
    const zeSlice = index.fallbacks.find((s) => new CodePointSet(s.ranges).has('赜'.codePointAt(0)!))!;
    expect(new CodePointSet(index.main.ranges).has('赜'.codePointAt(0)!)).toBe(false);
    for (const ch of '王堃陈镕李喆') expect(new CodePointSet(index.main.ranges).has(ch.codePointAt(0)!)).toBe(true);
    expect(runs.faces.map((f) => `${f.fontName}/${f.style}`).sort()).toEqual(
      [`${FONT_FAMILY}/bold`, `${FONT_FAMILY}/normal`, `${FONT_FAMILY}-${zeSlice.name}/normal`].sort(),
    );
    expect(fonts.read.filter((f) => f.endsWith('.ttf')).sort()).toEqual(
      ['noto-sans-sc-400.ttf', 'noto-sans-sc-700.ttf', zeSlice.files['400'].file].sort(),
    );
  });

  it('reports the characters it cannot draw and prints placeholders instead of boxes', () => {
    expect(runs.missing).toEqual([NON_BMP_IN_SLICE, NON_BMP_IN_NO_FONT]);
    expect(drawnMissing).toEqual([NON_BMP_IN_SLICE, NON_BMP_IN_NO_FONT]);
  });

  it('puts every character in the PDF as typed (pdftotext)', () => {
    const text = poppler('pdftotext', '-enc', 'UTF-8', pdf, '-');
    const squeezed = text.replace(/\s+/g, '');
    expect(squeezed).toContain(HEADING);
    // The paragraph was wrapped into lines: compare without the line breaks.
    expect(squeezed).toContain(PARAGRAPH.replace(/\s+/g, ''));
    expect(text.split('\n').map((l) => l.trim())).toContain(NOTE);
    expect(text).not.toContain(NON_BMP_IN_SLICE);
    expect(text).not.toContain('\uFFFD');
    // What could not be drawn is named where it was, never a silent gap.
    expect(squeezed).toContain(`${PARAGRAPH.replace(/\s+/g, '').slice(-8)}〔U+1F21A〕〔U+2003E〕`);
  });

  it('embeds subsets of the fonts, bold included (pdffonts)', () => {
    const rows = poppler('pdffonts', pdf)
      .split('\n')
      .slice(2)
      .filter((l) => l.trim() !== '')
      .map((l) => l.trim().split(/\s+/));
    // name, type…, encoding, emb, sub, uni, object, id
    const fonts = rows.map((cols) => ({ name: cols[0]!, emb: cols.at(-5), sub: cols.at(-4), uni: cols.at(-3) }));
    const used = fonts.filter((f) => /NotoSansSC/i.test(f.name));
    expect(used.length).toBeGreaterThanOrEqual(3);
    for (const f of used) expect(f, f.name).toMatchObject({ emb: 'yes', sub: 'yes', uni: 'yes' });
    expect(used.some((f) => /Bold/i.test(f.name))).toBe(true);
    // The whole 2.4 MiB face is not embedded: only the glyphs drawn.
    expect(statSync(pdf).size).toBeLessThan(400_000);
  });

  it('renders page 1 (pdftoppm -r 60)', () => {
    const prefix = join(dir, 'page');
    poppler('pdftoppm', '-r', '60', '-png', '-f', '1', '-l', '1', '-singlefile', pdf, prefix);
    const png = statSync(`${prefix}.png`);
    expect(png.size).toBeGreaterThan(5_000);
  });
});
