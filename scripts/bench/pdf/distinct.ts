// The measure of the subset fix, at record level: the small fixture's record with
// 2,000 hanzi in a note, once all distinct and once 500 distinct ones repeated 4 times —
// the same amount of text, only the number of distinct glyphs differs.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeRanges } from '../../../src/report/model/font-coverage';
import { loadCoverageIndex } from '../../../src/report/draw/fonts';
import { renderRecord } from '../../../src/report/draw/render-record';
import { loadFixture } from './node';
import { buildFonts } from '../../build/build-fonts';

export interface DistinctTiming {
  distinct: number;
  ms: number[];
  median: number;
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? NaN;

export async function measureDistinctRecords(runs = 5): Promise<DistinctTiming[]> {
  const { dir } = buildFonts();
  const loadFontBytes = async (name: string) => new Uint8Array(await readFile(join(dir, name)));
  const index = await loadCoverageIndex(loadFontBytes);
  const hanzi: string[] = [];
  for (const [from, to] of decodeRanges(index.main.ranges))
    for (let cp = Math.max(from, 0x4e00); cp <= Math.min(to, 0x9fff) && hanzi.length < 2000; cp++)
      hanzi.push(String.fromCodePoint(cp));
  const { model, images } = await loadFixture(join(import.meta.dirname, '../../../test/fixtures/record-small.json'));
  const variants = [500, 2000].map((distinct) => {
    const text = Array.from({ length: 2000 }, (_, i) => hanzi[i % distinct]).join('');
    const copy = structuredClone(model);
    const row = copy.rooms[0]?.blocks[0]?.rows[0];
    if (row) row.note = text;
    return { distinct, model: copy };
  });
  const timings = variants.map((v) => ({ distinct: v.distinct, ms: [] as number[], median: NaN }));
  for (let r = 0; r < runs + 1; r++)
    for (const [i, v] of variants.entries()) {
      const start = performance.now();
      await renderRecord(v.model, { loadFontBytes, loadImage: async (sha) => images[sha] });
      // The first round warms the JIT and the file cache; it is not counted.
      if (r > 0) timings[i]!.ms.push(performance.now() - start);
    }
  for (const t of timings) t.median = median(t.ms);
  return timings;
}
