import { jsPDF } from 'jspdf';
import { describe, expect, it } from 'vitest';
import { FONT_FAMILY, loadCoverageIndex, registerFonts } from '../../src/report/draw/fonts';
import { CodePointSet } from '../../src/report/model/font-coverage';
import { nodeFontLoader } from '../helpers/font-files';

// 赜 (GB2312 level 2) is only in a fallback slice; 堃 is in the main file.
const RARE = '赜';

async function sliceOf(ch: string): Promise<string> {
  const index = await loadCoverageIndex(nodeFontLoader().loadBytes);
  return index.fallbacks.find((s) => new CodePointSet(s.ranges).has(ch.codePointAt(0)!))!.name;
}

describe('registerFonts', () => {
  it('loads only the main faces when the main file has every character', async () => {
    const fonts = nodeFontLoader();
    const runs = await registerFonts(new jsPDF(), '王堃 陈镕 李喆 ABC 123', fonts.loadBytes);
    expect(fonts.read.sort()).toEqual(['coverage.json', 'noto-sans-sc-400.ttf', 'noto-sans-sc-700.ttf']);
    expect(runs.missing).toEqual([]);
  });

  it('loads a needed slice at both weights for plain text, at one weight when told which', async () => {
    const slice = await sliceOf(RARE);
    const both = nodeFontLoader();
    await registerFonts(new jsPDF(), `赵${RARE}`, both.loadBytes);
    expect(both.read.filter((f) => f.includes(`-${slice}-`)).sort()).toEqual([
      `noto-sans-sc-${slice}-400.ttf`,
      `noto-sans-sc-${slice}-700.ttf`,
    ]);
    const boldOnly = nodeFontLoader();
    await registerFonts(new jsPDF(), { normal: '赵', bold: RARE }, boldOnly.loadBytes);
    expect(boldOnly.read.filter((f) => f.includes(`-${slice}-`))).toEqual([`noto-sans-sc-${slice}-700.ttf`]);
  });
});

describe('FontRuns', () => {
  it('splits text by the face that draws it, a placeholder for what none can', async () => {
    const slice = await sliceOf(RARE);
    const runs = await registerFonts(new jsPDF(), `赵${RARE}`, nodeFontLoader().loadBytes);
    const split = runs.runs(`赵${RARE}先生\t𠀾 ok\u200d`, 'bold');
    expect(split.map((r) => [r.text, r.face && `${r.face.fontName}/${r.face.style}`])).toEqual([
      ['赵', `${FONT_FAMILY}/bold`],
      [RARE, `${FONT_FAMILY}-${slice}/bold`],
      ['先生 ', `${FONT_FAMILY}/bold`],
      ['〔U+2003E〕', `${FONT_FAMILY}/bold`],
      [' ok', `${FONT_FAMILY}/bold`],
    ]);
    expect(split.map((r) => r.missing)).toEqual([undefined, undefined, undefined, '𠀾', undefined]);
    expect(runs.missingIn('a𠀾b\u{1F21A}')).toEqual(['𠀾', '\u{1F21A}']);
  });

  it('falls back to the other weight rather than to nothing', async () => {
    const runs = await registerFonts(new jsPDF(), { normal: RARE, bold: '' }, nodeFontLoader().loadBytes);
    expect(runs.runs(RARE, 'bold')[0]!.face?.style).toBe('normal');
  });

  it('measures a line as jsPDF would draw its runs, at the current size', async () => {
    const doc = new jsPDF({ unit: 'pt' });
    const runs = await registerFonts(doc, `赵${RARE}`, nodeFontLoader().loadBytes);
    doc.setFontSize(10);
    // Noto Sans SC hanzi are one em wide.
    expect(runs.measure(`赵${RARE}`)).toBeCloseTo(20, 5);
    doc.setFontSize(20);
    // A character no font has takes the room of the placeholder printed for it.
    expect(runs.measure(`赵${RARE}𠀾`)).toBeCloseTo(40 + runs.measure('〔U+2003E〕'), 5);
    expect(runs.measure('〔U+2003E〕')).toBeGreaterThan(40);
    expect(runs.measure('iiii')).toBeLessThan(runs.measure('MMMM'));
  });

  it('draws with alignment and gives the document its font back', async () => {
    const doc = new jsPDF({ unit: 'pt' });
    const runs = await registerFonts(doc, `赵${RARE}`, nodeFontLoader().loadBytes);
    doc.setFont('helvetica', 'italic');
    doc.setFontSize(10);
    const drawn = runs.draw(`赵${RARE}𠀾`, 100, 50, { align: 'right', style: 'bold' });
    expect(drawn.width).toBeCloseTo(20 + runs.measure('〔U+2003E〕', 'bold'), 5);
    expect(drawn.missing).toEqual(['𠀾']);
    expect([doc.getFont().fontName, doc.getFont().fontStyle]).toEqual(['helvetica', 'italic']);
  });

  it('wraps with the Chinese rules at the real widths', async () => {
    const doc = new jsPDF({ unit: 'pt' });
    const runs = await registerFonts(doc, '', nodeFontLoader().loadBytes);
    doc.setFontSize(10);
    expect(runs.wrap('检查机房温度。记录完毕', 40)).toEqual(['检查机房', '温度。记', '录完毕']);
  });
});
