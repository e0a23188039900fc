// Which code points a font draws, read from its cmap table (formats 4 and 12: the BMP
// and full-Unicode subtables every modern font carries). The coverage index is built
// from this rather than from @fontsource's CSS unicode-range, which is a promise about
// the file, not the file itself.

/** Code points with a real (non-zero) glyph in any Unicode subtable of `cmap`, ascending. */
export function cmapCodePoints(cmap: Uint8Array): number[] {
  const view = new DataView(cmap.buffer, cmap.byteOffset, cmap.byteLength);
  const found = new Set<number>();
  const numTables = view.getUint16(2);
  const seen = new Set<number>();
  for (let i = 0; i < numTables; i++) {
    const platform = view.getUint16(4 + i * 8);
    const encoding = view.getUint16(6 + i * 8);
    const offset = view.getUint32(8 + i * 8);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    // Subtables are often shared between (0,x) and (3,x) records.
    if (!unicode || seen.has(offset)) continue;
    seen.add(offset);
    const format = view.getUint16(offset);
    if (format === 4) readFormat4(view, offset, found);
    else if (format === 12) readFormat12(view, offset, found);
  }
  return [...found].sort((a, b) => a - b);
}

function readFormat4(view: DataView, at: number, into: Set<number>): void {
  const segCount = view.getUint16(at + 6) / 2;
  const ends = at + 14;
  const starts = ends + segCount * 2 + 2;
  const deltas = starts + segCount * 2;
  const rangeOffsets = deltas + segCount * 2;
  for (let s = 0; s < segCount; s++) {
    const end = view.getUint16(ends + s * 2);
    const start = view.getUint16(starts + s * 2);
    const delta = view.getUint16(deltas + s * 2);
    const rangeOffsetAt = rangeOffsets + s * 2;
    const rangeOffset = view.getUint16(rangeOffsetAt);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
      else {
        // idRangeOffset counts bytes from its own position to the glyph id array entry.
        const raw = view.getUint16(rangeOffsetAt + rangeOffset + (c - start) * 2);
        glyph = raw === 0 ? 0 : (raw + delta) & 0xffff;
      }
      if (glyph !== 0) into.add(c);
    }
  }
}

function readFormat12(view: DataView, at: number, into: Set<number>): void {
  const groups = view.getUint32(at + 12);
  for (let g = 0; g < groups; g++) {
    const rec = at + 16 + g * 12;
    const start = view.getUint32(rec);
    const end = view.getUint32(rec + 4);
    const firstGlyph = view.getUint32(rec + 8);
    for (let c = start; c <= end; c++) if (firstGlyph + (c - start) !== 0) into.add(c);
  }
}
