import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildFonts } from '../../scripts/build/build-fonts';
import { cmapCodePoints } from '../../scripts/build/fonts/cmap';
import { readSfntTables, readWoffTables, tableChecksum, woffToSfnt, writeSfnt } from '../../scripts/build/fonts/woff';
import {
  CodePointSet,
  coverageIndexSchema,
  decodeRanges,
  encodeRanges,
  pickFallbacks,
  type FontSlice,
} from '../../src/report/model/font-coverage';

const inflate = (data: Uint8Array) => new Uint8Array(inflateSync(data));
const fontsource = join(
  dirname(createRequire(import.meta.url).resolve('@fontsource/noto-sans-sc/package.json')),
  'files',
);

/** A WOFF 1 file around `tables`, compressing those that shrink (as the spec says to). */
function makeWoff(flavor: number, tables: Array<{ tag: string; data: Uint8Array }>): Uint8Array {
  const stored = tables.map((t) => {
    const z = new Uint8Array(deflateSync(t.data));
    return { ...t, body: z.length < t.data.length ? z : t.data };
  });
  let offset = 44 + 20 * tables.length;
  const size = stored.reduce((n, t) => n + ((t.body.length + 3) & ~3), offset);
  const woff = new Uint8Array(size);
  const view = new DataView(woff.buffer);
  view.setUint32(0, 0x774f4646);
  view.setUint32(4, flavor);
  view.setUint32(8, size);
  view.setUint16(12, tables.length);
  stored.forEach((t, i) => {
    const at = 44 + 20 * i;
    for (let k = 0; k < 4; k++) woff[at + k] = t.tag.charCodeAt(k);
    view.setUint32(at + 4, offset);
    view.setUint32(at + 8, t.body.length);
    view.setUint32(at + 12, t.data.length);
    view.setUint32(at + 16, tableChecksum(t.data));
    woff.set(t.body, offset);
    offset += (t.body.length + 3) & ~3;
  });
  return woff;
}

/** A cmap with one format 4 subtable mapping `codes` through its glyph id array. */
function format4Cmap(codes: number[], glyphs: number[]): Uint8Array {
  // Two segments: [codes[0]..codes.at(-1)] via idRangeOffset, then the 0xFFFF end marker.
  const segCount = 2;
  const sub = new DataView(new ArrayBuffer(16 + segCount * 8 + glyphs.length * 2));
  sub.setUint16(0, 4);
  sub.setUint16(2, sub.byteLength);
  sub.setUint16(6, segCount * 2);
  const ends = 14;
  const starts = ends + segCount * 2 + 2;
  const deltas = starts + segCount * 2;
  const offsets = deltas + segCount * 2;
  sub.setUint16(ends, codes.at(-1)!);
  sub.setUint16(ends + 2, 0xffff);
  sub.setUint16(starts, codes[0]!);
  sub.setUint16(starts + 2, 0xffff);
  sub.setUint16(deltas + 2, 1);
  sub.setUint16(offsets, segCount * 2); // from this entry to the glyph id array just after the offsets
  glyphs.forEach((g, i) => sub.setUint16(offsets + segCount * 2 + i * 2, g));
  const cmap = new Uint8Array(12 + sub.byteLength);
  const view = new DataView(cmap.buffer);
  view.setUint16(2, 1);
  view.setUint16(4, 3);
  view.setUint16(6, 1);
  view.setUint32(8, 12);
  cmap.set(new Uint8Array(sub.buffer), 12);
  return cmap;
}

describe('WOFF 1 → TrueType', () => {
  it('restores every table and lays out a valid sfnt', () => {
    const head = new Uint8Array(54);
    new DataView(head.buffer).setUint32(12, 0x5f0f3cf5); // head.magicNumber
    const tables = [
      { tag: 'head', data: head },
      { tag: 'glyf', data: new Uint8Array(1000).fill(7) }, // compresses
      { tag: 'name', data: Uint8Array.from([1, 2, 3]) }, // stored: deflate would grow it
    ];
    const ttf = woffToSfnt(makeWoff(0x00010000, tables), inflate);
    const view = new DataView(ttf.buffer);
    expect(view.getUint32(0)).toBe(0x00010000);
    expect(view.getUint16(4)).toBe(3);
    const back = readSfntTables(ttf);
    expect([...back.keys()]).toEqual(['glyf', 'head', 'name']);
    expect(back.get('glyf')).toEqual(tables[1]!.data);
    expect(back.get('name')).toEqual(tables[2]!.data);
    for (let i = 0; i < 3; i++) {
      const offset = view.getUint32(12 + i * 16 + 8);
      expect(offset % 4).toBe(0);
    }
    // The whole-file checksum, head.checkSumAdjustment included, is the magic number.
    expect(tableChecksum(ttf)).toBe(0xb1b0afba);
  });

  it('converts the real Noto files with the checksums the WOFF recorded', () => {
    const woff = new Uint8Array(readFileSync(join(fontsource, 'noto-sans-sc-chinese-simplified-700-normal.woff')));
    const ttf = woffToSfnt(woff, inflate);
    const view = new DataView(woff.buffer, woff.byteOffset);
    const recorded = new Map<string, number>();
    for (let i = 0; i < view.getUint16(12); i++) {
      const at = 44 + i * 20;
      recorded.set(String.fromCharCode(...woff.subarray(at, at + 4)), view.getUint32(at + 16));
    }
    const { tables } = readWoffTables(woff, inflate);
    expect(tables.map((t) => t.tag)).toContain('glyf');
    for (const [tag, data] of readSfntTables(ttf)) {
      if (tag !== 'head') expect(tableChecksum(data), tag).toBe(recorded.get(tag));
    }
    expect(tableChecksum(ttf)).toBe(0xb1b0afba);
  });

  it('refuses what is not WOFF 1', () => {
    expect(() => woffToSfnt(new Uint8Array(60), inflate)).toThrow('not a WOFF 1 file');
  });

  it('writes a directory whose search fields follow the number of tables', () => {
    const ttf = writeSfnt(
      0x00010000,
      [1, 2, 3, 4, 5].map((n) => ({ tag: `t${n}  `, data: new Uint8Array(n) })),
    );
    const view = new DataView(ttf.buffer);
    expect([view.getUint16(6), view.getUint16(8), view.getUint16(10)]).toEqual([64, 2, 16]);
  });
});

describe('cmap coverage', () => {
  it('reads a format 4 subtable through its glyph id array, skipping glyph 0', () => {
    const cmap = format4Cmap([0x41, 0x42, 0x43], [5, 0, 7]);
    expect(cmapCodePoints(cmap)).toEqual([0x41, 0x43]);
  });

  it('reads both the BMP and the full-Unicode subtables of a real slice', () => {
    const ttf = woffToSfnt(new Uint8Array(readFileSync(join(fontsource, 'noto-sans-sc-4-400-normal.woff'))), inflate);
    const codePoints = cmapCodePoints(readSfntTables(ttf).get('cmap')!);
    expect(codePoints).toContain(0x20);
    expect(codePoints).toContain(0x1f21a);
  });

  it('encodes ranges compactly and decodes them back', () => {
    const points = [0x20, 0x21, 0x22, 0xa0, 0x4e00, 0x4e01, 0x1f21a];
    expect(encodeRanges(points)).toBe('20-22,a0,4e00-4e01,1f21a');
    expect(
      decodeRanges(encodeRanges(points)).flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i)),
    ).toEqual(points);
    const set = new CodePointSet('20-22,a0,4e00-4e01,1f21a');
    expect([0x1f, 0x20, 0x22, 0x23, 0xa0, 0x4e01, 0x4e02, 0x1f21a].map((c) => set.has(c))).toEqual([
      false,
      true,
      true,
      false,
      true,
      true,
      false,
      true,
    ]);
    expect(() => decodeRanges('zz')).toThrow('bad range');
  });

  it('picks the fewest slices that cover what the main face lacks', () => {
    const slice = (name: string, ranges: string) => ({
      slice: {
        name,
        ranges,
        files: { '400': { file: `${name}.ttf`, bytes: 1 }, '700': { file: `${name}b.ttf`, bytes: 1 } },
      },
      set: new CodePointSet(ranges),
    });
    const slices = [slice('a', '1-2'), slice('b', '2-3'), slice('c', '1-5'), slice('d', '9')];
    const names = (picked: FontSlice[]) => picked.map((s) => s.name);
    expect(names(pickFallbacks(slices, [1, 3, 5]).picked)).toEqual(['c']);
    expect(pickFallbacks(slices, [1, 9, 42])).toMatchObject({ uncovered: [42] });
    expect(names(pickFallbacks(slices, [1, 9, 42]).picked)).toHaveLength(2);
    expect(names(pickFallbacks(slices, [2, 3]).picked)).toEqual(['b']);
    expect(pickFallbacks(slices, []).picked).toEqual([]);
  });
});

describe('npm run fonts (scripts/build/build-fonts.ts)', () => {
  it('builds every slice at 400 and 700 with a valid, Prettier-stable index, then does nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xunjian-fonts-'));
    const first = buildFonts(dir);
    expect(first.built).toBe(true);
    const text = readFileSync(join(dir, 'coverage.json'), 'utf8');
    const index = coverageIndexSchema.parse(JSON.parse(text));
    expect(text).toBe(JSON.stringify(index, null, 2) + '\n');
    expect(index.main.name).toBe('chinese-simplified');
    expect(index.fallbacks.length).toBeGreaterThan(90);
    for (const slice of [index.main, ...index.fallbacks]) {
      for (const w of ['400', '700'] as const) expect(existsSync(join(dir, slice.files[w].file))).toBe(true);
    }
    const again = buildFonts(dir);
    expect(again.built).toBe(false);
    expect(again.index).toEqual(index);
    rmSync(dir, { recursive: true });
  });

  it('covers all GB2312 level-1 hanzi and all but a known few of level 2', () => {
    const { index } = buildFonts();
    const main = new CodePointSet(index.main.ranges);
    const slices = index.fallbacks.map((s) => new CodePointSet(s.ranges));
    const gb = new TextDecoder('gb18030');
    const level = (rows: [number, number]) => {
      const counts = { main: 0, slices: 0, none: [] as string[] };
      for (let hi = rows[0]; hi <= rows[1]; hi++) {
        for (let lo = 0xa1; lo <= 0xfe && !(hi === 0xd7 && lo > 0xf9); lo++) {
          const ch = gb.decode(Uint8Array.from([hi, lo]));
          const cp = ch.codePointAt(0)!;
          if (main.has(cp)) counts.main++;
          else if (slices.some((s) => s.has(cp))) counts.slices++;
          else counts.none.push(ch);
        }
      }
      return counts;
    };
    const one = level([0xb0, 0xd7]);
    expect(one.main + one.slices).toBe(3755);
    // Noto Sans SC as Google Fonts serves it has no glyph for these 33 (they print as missing).
    const two = level([0xd8, 0xf7]);
    const known = '劐阢坶塥蒈蓰猸弪艴骣桊轷戤赇牿犋毪胲脶膪憝铴镩稆瘭耠耢耥蟓筢蹯鲰齄';
    for (const ch of two.none) expect(known).toContain(ch);
    expect(two.main + two.slices + two.none.length).toBe(3008);
  });
});
