// The coverage index: which generated TrueType file draws which code points. Written at
// build time by scripts/build-fonts.ts from each font's cmap, read by fonts.ts to load,
// for a given text, the main faces plus only the fallback slices that text needs.
import { z } from '../../shared/zod';

export const COVERAGE_INDEX_FILE = 'coverage.json';
export const COVERAGE_INDEX_VERSION = 1;

const fileSchema = z.object({
  file: z.string().regex(/^[\w.-]+\.ttf$/),
  bytes: z.number().int().positive(),
});

// One slice of the family: the same code points at both weights (the build checks it).
const sliceSchema = z.object({
  name: z.string(),
  /** Hex code point ranges, e.g. "20-7e,a0,4e00-4e05" (see encodeRanges). */
  ranges: z.string(),
  files: z.object({ '400': fileSchema, '700': fileSchema }),
});

export const coverageIndexSchema = z.object({
  version: z.literal(COVERAGE_INDEX_VERSION),
  /** Names the font package and the builder, so a rebuild is needed only when either changes. */
  source: z.string(),
  /** Always loaded: the chinese-simplified file, which also holds ASCII. */
  main: sliceSchema,
  /** Loaded only for the text that needs them. */
  fallbacks: z.array(sliceSchema),
});

export type FontSlice = z.infer<typeof sliceSchema>;
export type CoverageIndex = z.infer<typeof coverageIndexSchema>;

/** Ascending code points → "a-b,c,…" in hex: compact, and a plain JSON string. */
export function encodeRanges(codePoints: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < codePoints.length;) {
    const start = codePoints[i]!;
    let end = start;
    while (i + 1 < codePoints.length && codePoints[i + 1] === end + 1) end = codePoints[++i]!;
    i++;
    parts.push(start === end ? start.toString(16) : `${start.toString(16)}-${end.toString(16)}`);
  }
  return parts.join(',');
}

/** The inverse of encodeRanges, as [start, end] pairs (inclusive). */
export function decodeRanges(ranges: string): Array<[number, number]> {
  if (ranges === '') return [];
  return ranges.split(',').map((part) => {
    const [a, b] = part.split('-');
    const start = parseInt(a ?? '', 16);
    const end = b === undefined ? start : parseInt(b, 16);
    if (!Number.isInteger(start) || !Number.isInteger(end) || end < start) throw new Error(`bad range "${part}"`);
    return [start, end];
  });
}

/** Answers "does this face draw that code point?" by binary search over its ranges. */
export class CodePointSet {
  readonly #starts: Uint32Array;
  readonly #ends: Uint32Array;

  constructor(ranges: string) {
    const pairs = decodeRanges(ranges);
    this.#starts = Uint32Array.from(pairs, (p) => p[0]);
    this.#ends = Uint32Array.from(pairs, (p) => p[1]);
  }

  has(codePoint: number): boolean {
    let lo = 0;
    let hi = this.#starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (codePoint < this.#starts[mid]!) hi = mid - 1;
      else if (codePoint > this.#ends[mid]!) lo = mid + 1;
      else return true;
    }
    return false;
  }
}

/**
 * The fallback slices that together draw `needed` (what the main face lacks): greedily
 * the slice that covers most of what is left (slices barely overlap, so this is the
 * minimum in practice). Returns the slices and the code points none draws.
 */
export function pickFallbacks(
  slices: ReadonlyArray<{ slice: FontSlice; set: CodePointSet }>,
  needed: Iterable<number>,
): { picked: FontSlice[]; uncovered: number[] } {
  let left = [...needed];
  const picked: FontSlice[] = [];
  const candidates = new Set(slices);
  while (left.length > 0) {
    let best: { slice: FontSlice; set: CodePointSet } | undefined;
    let bestCount = 0;
    for (const candidate of candidates) {
      const count = left.reduce((n, cp) => n + (candidate.set.has(cp) ? 1 : 0), 0);
      if (count > bestCount) [best, bestCount] = [candidate, count];
    }
    if (!best) break;
    candidates.delete(best);
    picked.push(best.slice);
    const { set } = best;
    left = left.filter((cp) => !set.has(cp));
  }
  return { picked, uncovered: left };
}
