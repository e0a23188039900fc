// patches/jspdf+*.patch (made by scripts/build/patch-jspdf.ts, applied by patch-package on
// install) is in effect in every jsPDF build, and a page of 2,000 distinct hanzi comes
// out with exactly those glyphs.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsPDF } from 'jspdf';
import { describe, expect, it } from 'vitest';
import { readSfntTables } from '../../scripts/build/fonts/woff';
import {
  GLYF_MARKER,
  JSPDF_BUILDS,
  SUBSET_TAG_MARKER,
  WIDTHS_MARKER,
  jspdfDistDir,
  patchJspdfSource,
} from '../../scripts/build/patch-jspdf';
import { decodeRanges } from '../../src/report/model/font-coverage';
import type { FontRuns } from '../../src/report/draw/font-runs';
import { FONT_FAMILY, registerFonts } from '../../src/report/draw/fonts';
import { nodeFontLoader } from '../helpers/font-files';

const MARKERS = [GLYF_MARKER, WIDTHS_MARKER, SUBSET_TAG_MARKER];

describe('the jsPDF patch', () => {
  it('is in every dist build, the browser one Vite bundles included', () => {
    const dist = jspdfDistDir();
    const pkg = JSON.parse(readFileSync(join(dist, '..', 'package.json'), 'utf8')) as {
      exports: { '.': { browser: string; node: string } };
    };
    const builds = new Set([...JSPDF_BUILDS, pkg.exports['.'].browser.replace('./dist/', '')]);
    for (const build of builds) {
      const source = readFileSync(join(dist, build), 'utf8');
      for (const marker of MARKERS) expect(source, `${build} lacks ${marker}`).toContain(marker);
      // Applying it again changes nothing.
      expect(patchJspdfSource(source, build)).toBe(source);
    }
  });

  it('is what Node loads', () => {
    const resolved = createRequire(import.meta.url).resolve('jspdf');
    expect(readFileSync(resolved, 'utf8')).toContain(GLYF_MARKER);
    expect((jsPDF.API as unknown as { pdfEscape16: () => string }).pdfEscape16.toString()).toContain(WIDTHS_MARKER);
  });

  it('finds each site in both the plain and the minified shape of the code', () => {
    const plain = [
      'var pdfEscape16 = jsPDFAPI.pdfEscape16 = function (text, font) {',
      '  if (widths.indexOf(t) == -1) { widths.push(t); }',
      '};',
      'GlyfTable.prototype.encode = function () { if (glyph) { table = table.concat(glyph.encode(old2new)); } };',
      'out("/FontName /" + toPDFName(font.fontName)); out("/BaseFont /" + toPDFName(font.fontName));',
      'out("/Ordering (" + font.encoding + ")"); out("/BaseFont /" + toPDFName(font.fontName));',
      'out("/DescendantFonts [" + d + " 0 R]");',
    ].join('\n');
    const minified =
      'r=e.pdfEscape16=function(t,e){-1==n.indexOf(r)&&(n.push(r))};' +
      'function(t,e,r){n&&(a=a.concat(n.encode(r)))};' +
      'i("/FontName /"+C(r.fontName)),i("/BaseFont /"+C(r.fontName)),i("/Ordering ("+r.encoding+")"),' +
      'i("/BaseFont /"+C(r.fontName)),i("/DescendantFonts ["+p+" 0 R]")';
    for (const source of [plain, minified]) {
      const out = patchJspdfSource(source, 'sample');
      for (const marker of MARKERS) expect(out).toContain(marker);
      expect(out).not.toContain('.concat(');
      expect(out).not.toContain('indexOf');
      expect(out).toContain('"/Ordering (Identity)"');
    }
    expect(() => patchJspdfSource('var nothing = 1;', 'sample')).toThrow(/expected one GlyfTable.encode site, found 0/);
  });

  it('embeds exactly the glyphs of a page of 2,000 distinct hanzi', { timeout: 60_000 }, async () => {
    const fonts = nodeFontLoader();
    const doc = new jsPDF({ unit: 'pt', format: 'a4' });
    const runs: FontRuns = await registerFonts(doc, '', fonts.loadBytes);
    const index = JSON.parse(new TextDecoder().decode(await fonts.loadBytes('coverage.json'))) as {
      main: { ranges: string };
    };
    const hanzi: string[] = [];
    for (const [start, end] of decodeRanges(index.main.ranges)) {
      for (let cp = Math.max(start, 0x4e00); cp <= Math.min(end, 0x9fff) && hanzi.length < 2000; cp++) {
        hanzi.push(String.fromCodePoint(cp));
      }
    }
    expect(hanzi).toHaveLength(2000);
    doc.setFont(FONT_FAMILY, 'normal');
    doc.setFontSize(7);
    for (let i = 0; i < hanzi.length; i += 50) runs.draw(hanzi.slice(i, i + 50).join(''), 30, 30 + (i / 50) * 9);
    const bytes = new Uint8Array(doc.output('arraybuffer'));

    // The glyphs jsPDF should keep: .notdef and one per character (all simple glyphs here).
    const meta = (doc.getFont() as { metadata: { characterToGlyph(c: number): number } }).metadata;
    const expected = new Set([0, ...hanzi.map((c) => meta.characterToGlyph(c.codePointAt(0)!))]);
    expect(expected.size).toBe(2001);
    expect(nonEmptyGlyphs(embeddedFont(bytes, 'NotoSansSC-Regular'))).toEqual([...expected].sort((a, b) => a - b));

    const dir = mkdtempSync(join(tmpdir(), 'xunjian-subset-'));
    writeFileSync(join(dir, 'page.pdf'), bytes);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'page.pdf'), '-'], { encoding: 'utf8' });
    expect(text.replace(/\s+/g, '')).toBe(hanzi.join(''));
  });
});

/** The FontFile2 stream of the font whose /FontName ends with `name` (jsPDF writes streams uncompressed). */
function embeddedFont(pdf: Uint8Array, name: string): Uint8Array {
  const text = new TextDecoder('latin1').decode(pdf);
  const descriptor = new RegExp(`/FontName /XJ[A-Z]{4}\\+${name}\\s+/FontFile2 (\\d+) 0 R`).exec(text);
  if (!descriptor) throw new Error(`no descriptor for ${name}`);
  const object = text.indexOf(`\n${descriptor[1]} 0 obj`);
  const length = Number(/\/Length (\d+)/.exec(text.slice(object))![1]);
  const start = text.indexOf('stream\n', object) + 'stream\n'.length;
  return pdf.slice(start, start + length);
}

/** Glyph ids with outline data, from the long-format loca of an embedded TrueType font. */
function nonEmptyGlyphs(ttf: Uint8Array): number[] {
  const loca = readSfntTables(ttf).get('loca')!;
  const view = new DataView(loca.buffer, loca.byteOffset, loca.byteLength);
  const ids: number[] = [];
  for (let id = 0; id + 1 < loca.byteLength / 4; id++) {
    if (view.getUint32((id + 1) * 4) > view.getUint32(id * 4)) ids.push(id);
  }
  return ids;
}
