// `npm run fonts` (and before every build): turns @fontsource/noto-sans-sc's WOFF 1 files
// into the TrueType files jsPDF embeds, plus the coverage index (coverage.json) that lets
// the record load only the fallback slices a text needs. Does nothing when the outputs
// were built from the same package version by the same builder.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';
import {
  COVERAGE_INDEX_FILE,
  COVERAGE_INDEX_VERSION,
  coverageIndexSchema,
  encodeRanges,
  type CoverageIndex,
  type FontSlice,
} from '../../src/report/model/font-coverage';
import { cmapCodePoints } from './fonts/cmap';
import { readSfntTables, woffToSfnt } from './fonts/woff';

// Bump when the output of this script changes for the same input files.
const BUILDER_VERSION = 1;
const WEIGHTS = ['400', '700'] as const;
const MAIN_SLICE = 'chinese-simplified';

export const FONTS_DIR = fileURLToPath(new URL('../../src/report/generated-fonts/', import.meta.url));

export interface BuildFontsResult {
  index: CoverageIndex;
  /** False when the outputs were already up to date. */
  built: boolean;
  dir: string;
}

/** Builds the TrueType files and coverage.json into `outDir` unless they are up to date. */
export function buildFonts(outDir: string = FONTS_DIR): BuildFontsResult {
  const pkgDir = dirname(createRequire(import.meta.url).resolve('@fontsource/noto-sans-sc/package.json'));
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { name: string; version: string };
  const source = `${pkg.name}@${pkg.version}, build-fonts ${BUILDER_VERSION}`;

  const current = readIndex(outDir);
  if (current?.source === source && allFilesPresent(outDir, current))
    return { index: current, built: false, dir: outDir };

  const filesDir = join(pkgDir, 'files');
  const names = sliceNames(readdirSync(filesDir));
  if (!names.includes(MAIN_SLICE)) throw new Error(`${pkg.name}: no ${MAIN_SLICE} files in ${filesDir}`);
  mkdirSync(outDir, { recursive: true });

  const slices = names.map((name) => convertSlice(filesDir, outDir, name));
  const index: CoverageIndex = {
    version: COVERAGE_INDEX_VERSION,
    source,
    main: slices.find((s) => s.name === MAIN_SLICE)!,
    fallbacks: slices.filter((s) => s.name !== MAIN_SLICE),
  };
  // Only objects and strings, so JSON.stringify's layout is also Prettier's. Written
  // last: an index on disk always describes files that are complete.
  writeAtomically(join(outDir, COVERAGE_INDEX_FILE), JSON.stringify(index, null, 2) + '\n');
  const keep = new Set([index.main, ...index.fallbacks].flatMap((s) => WEIGHTS.map((w) => s.files[w].file)));
  for (const old of readdirSync(outDir)) if (old.endsWith('.ttf') && !keep.has(old)) rmSync(join(outDir, old));
  return { index, built: true, dir: outDir };
}

// Test files run in parallel and may build at the same time as others read: a reader
// sees the old file or the new one, never half of one.
function writeAtomically(path: string, data: string | Uint8Array): void {
  const temporary = `${path}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, path);
}

/** Slice names that exist at every weight we use, the main one first, then in file order. */
function sliceNames(files: string[]): string[] {
  const pattern = /^noto-sans-sc-(.+)-(\d00)-normal\.woff$/;
  const byName = new Map<string, Set<string>>();
  for (const file of files) {
    const m = pattern.exec(file);
    if (!m) continue;
    const weights = byName.get(m[1]!) ?? new Set<string>();
    weights.add(m[2]!);
    byName.set(m[1]!, weights);
  }
  const complete = [...byName].filter(([, w]) => WEIGHTS.every((x) => w.has(x))).map(([name]) => name);
  const numeric = (s: string) => (/^\d+$/.test(s) ? Number(s) : Infinity);
  return complete.sort((a, b) =>
    a === MAIN_SLICE ? -1 : b === MAIN_SLICE ? 1 : numeric(a) - numeric(b) || (a < b ? -1 : 1),
  );
}

function convertSlice(filesDir: string, outDir: string, name: string): FontSlice {
  const out = {} as FontSlice['files'];
  let ranges: string | undefined;
  for (const weight of WEIGHTS) {
    const woff = readFileSync(join(filesDir, `noto-sans-sc-${name}-${weight}-normal.woff`));
    const ttf = woffToSfnt(woff, (data) => inflateSync(data));
    const tables = readSfntTables(ttf);
    const cmap = tables.get('cmap');
    if (!cmap || !tables.has('glyf')) throw new Error(`${name} ${weight}: not a TrueType font with a cmap`);
    const own = encodeRanges(cmapCodePoints(cmap));
    // fonts.ts picks a slice once for both weights, so their coverage must agree.
    if (ranges !== undefined && own !== ranges) throw new Error(`slice ${name}: weights cover different characters`);
    ranges = own;
    const file = name === MAIN_SLICE ? `noto-sans-sc-${weight}.ttf` : `noto-sans-sc-${name}-${weight}.ttf`;
    writeAtomically(join(outDir, file), ttf);
    out[weight] = { file, bytes: ttf.byteLength };
  }
  return { name, ranges: ranges ?? '', files: out };
}

function readIndex(dir: string): CoverageIndex | undefined {
  const path = join(dir, COVERAGE_INDEX_FILE);
  if (!existsSync(path)) return undefined;
  const parsed = coverageIndexSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  return parsed.success ? parsed.data : undefined;
}

function allFilesPresent(dir: string, index: CoverageIndex): boolean {
  return [index.main, ...index.fallbacks].every((slice) =>
    WEIGHTS.every((w) => {
      const path = join(dir, slice.files[w].file);
      return existsSync(path) && statSync(path).size === slice.files[w].bytes;
    }),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  const { index, built, dir } = buildFonts();
  const all = [index.main, ...index.fallbacks];
  const total = (w: '400' | '700') => all.reduce((n, s) => n + s.files[w].bytes, 0);
  const mb = (n: number) => `${(n / 1048576).toFixed(1)} MiB`;
  console.log(
    `fonts: ${built ? 'built' : 'up to date'} in ${dir} (${Math.round(performance.now() - started)} ms): ` +
      `main ${mb(index.main.files['400'].bytes)} + ${mb(index.main.files['700'].bytes)} bold, ` +
      `${index.fallbacks.length} fallback slices per weight, ${mb(total('400'))} + ${mb(total('700'))} in all`,
  );
}
