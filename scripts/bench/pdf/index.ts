/**
 * Part 6 of `npm run bench`: the PDF inspection record of test/fixtures/record-large.json
 * (130 answers, 30 photos, 2 signatures, a 20-PC office).
 *   - Node: the code of `npm run record`, 5 runs in a child process (node.ts);
 *   - Chromium: the production build's record worker, 1 cold + 5 warm (browser.ts);
 *   - the floor: the same pages from a Latin copy in jsPDF's Helvetica (floor.ts),
 *     in both, for the record/floor ratio;
 *   - glyph subsetting: 2,000 vs 500 distinct hanzi (subset.ts, median of 11, child process).
 */
import { execFile } from 'node:child_process';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { BrowserContext } from 'playwright-core';
import { jobImages, runPdfBrowser, type BrowserRun, type PdfBrowserReport } from './browser';
import { latinModel } from './floor';
import { FIXTURE, loadFixture, type Fixture, type NodeReport, type RenderRun } from './node';
import { measureDistinctRecords, type DistinctTiming } from './distinct';
import type { SubsetTiming } from './subset';
import { median, ms, out, progress, table, verdict, type Row } from '../util';

export const PDF_RUNS = 5;
/** The subset timings are short (50–300 ms) and noisy: more runs for their medians. */
const SUBSET_RUNS = 11;
const ROOT = resolve(import.meta.dirname, '../../..');
const TARGET = { chromiumMs: 2500, ratio: 2.5, bytes: 8 * 1024 * 1024, subsetRatio: 2 };

export interface PdfReport {
  counts?: Fixture['counts'];
  node?: { record: NodeReport; floor: NodeReport };
  browser?: PdfBrowserReport;
  subset?: SubsetTiming[];
  distinct?: DistinctTiming[];
  /** Parts that could not be measured, with why. */
  problems: string[];
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** node.ts in a child process of its own; its one line of JSON. */
async function child<T>(mode: 'record' | 'floor' | 'subset'): Promise<T> {
  const file = join(import.meta.dirname, 'node.ts');
  const runs = mode === 'subset' ? SUBSET_RUNS : PDF_RUNS;
  const args = ['--expose-gc', '--import', 'tsx', file, `--mode=${mode}`, `--runs=${runs}`, `--fixture=${FIXTURE}`];
  const { stdout } = await promisify(execFile)(process.execPath, args, {
    cwd: ROOT,
    timeout: 300_000,
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as T;
}

export async function runPdf(
  baseUrl: string | undefined,
  dist: string,
  opts: { onContext?: (c: BrowserContext) => void } = {},
): Promise<PdfReport> {
  const report: PdfReport = { problems: [] };
  try {
    progress(`pdf: Node, ${PDF_RUNS} runs each of the record and the floor (child processes)`);
    report.node = { record: await child<NodeReport>('record'), floor: await child<NodeReport>('floor') };
  } catch (err) {
    report.problems.push(`pdf (Node): ${message(err)}`);
  }
  try {
    progress(`pdf: glyph subsetting, 500, 2,000 and 4,000 distinct hanzi, ${SUBSET_RUNS} runs each (child process)`);
    report.subset = await child<SubsetTiming[]>('subset');
    progress('pdf: the small record with 500 vs 2,000 distinct hanzi');
    report.distinct = await measureDistinctRecords();
  } catch (err) {
    report.problems.push(`pdf (subset): ${message(err)}`);
  }
  try {
    if (!baseUrl) throw new Error('no server');
    const fixture = await loadFixture();
    report.counts = fixture.counts;
    const images = jobImages(fixture.model, fixture.images);
    const jobs = { record: { model: fixture.model, images }, floor: { model: latinModel(fixture.model), images } };
    report.browser = await runPdfBrowser(baseUrl, dist, jobs, { runs: PDF_RUNS, onContext: opts.onContext });
  } catch (err) {
    report.problems.push(`pdf (Chromium): ${message(err)}`);
  }
  return report;
}

// ---- printing ----

const mib = (bytes: number | undefined) => (bytes === undefined ? 'n/a' : `${(bytes / 1048576).toFixed(1)} MiB`);
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(2)} MiB (${(bytes / 1e6).toFixed(2)} MB)`;
const x = (ratio: number) => (Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : 'n/a');
const medianMs = (runs: readonly { ms: number }[]) => median(runs.map((r) => r.ms));
const maxPeak = (runs: readonly { peakRss?: number }[]) => {
  const peaks = runs.flatMap((r) => (r.peakRss === undefined ? [] : [r.peakRss]));
  return peaks.length ? Math.max(...peaks) : undefined;
};

function runCells(r: RenderRun | BrowserRun): string[] {
  const start = 'start' in r ? [ms(r.start, 0)] : [];
  const p = r.phases;
  return [
    ms(r.ms, 0),
    ...start,
    ms(p.setup, 0),
    ms(p.draw, 0),
    ms(p.output, 0),
    `${r.pages}`,
    mib(r.bytes),
    mib(r.rssBefore),
    mib(r.peakRss),
  ];
}

function printNode(node: NonNullable<PdfReport['node']>, rows: Row[]): void {
  out(`Node ${process.version} (scripts/bench/pdf/node.ts in a child process; the record through renderRecord with`);
  out('build-fonts + readFile, as `npm run record`; each run a new jsPDF document, run 1 with a cold JIT).');
  out('setup = start → first room drawn (fonts read, registered; page 1); output = doc.output() (subsets, streams).');
  out('peak RSS = the kernel high-water mark (VmHWM) during that run, reset before it; RSS before = after a full GC.');
  out();
  const head = ['run', 'total', 'setup', 'drawing', 'output()', 'pages', 'file', 'RSS before', 'peak RSS'];
  out(
    table(head, [
      ...node.record.runs.map((r, i) => [`record ${i + 1}`, ...runCells(r)]),
      ...node.floor.runs.map((r, i) => [`floor ${i + 1}`, ...runCells(r)]),
    ]),
  );
  const [rec, floor] = [medianMs(node.record.runs), medianMs(node.floor.runs)];
  const ratio = rec / floor;
  out(`median of ${PDF_RUNS}: record ${ms(rec, 0)}, floor ${ms(floor, 0)}, record/floor ${x(ratio)}`);
  out();
  const peak = maxPeak(node.record.runs);
  rows.push(
    { figure: `PDF record, Node (median of ${PDF_RUNS})`, value: ms(rec, 0), target: '(info)', verdict: 'INFO' },
    {
      figure: 'PDF record / Helvetica floor, Node',
      value: x(ratio),
      target: `≤ ${TARGET.ratio}×`,
      verdict: verdict(ratio <= TARGET.ratio),
    },
    { figure: 'PDF record, Node peak RSS (max of runs)', value: mib(peak), target: '(info)', verdict: 'INFO' },
  );
}

function printBrowser(b: PdfBrowserReport, rows: Row[]): void {
  out(`Headless Chromium, the production build's dist/assets/${b.workerFile}, a new Worker per run as the app does.`);
  out('Service workers blocked: the cold run fetches the fonts from the local server (unthrottled); warm runs');
  out('read them from the HTTP cache. total = new Worker() → "done"; start = → first message from the worker.');
  out('peak RSS = VmHWM of the renderer process (page + its workers), reset before each run; RSS before = its VmRSS.');
  out();
  const head = ['run', 'total', 'start', 'setup', 'drawing', 'output()', 'pages', 'file', 'RSS before', 'peak RSS'];
  out(
    table(head, [
      ['record cold', ...runCells(b.cold)],
      ...b.warm.map((r, i) => [`record warm ${i + 1}`, ...runCells(r)]),
      ['floor first', ...runCells(b.floorFirst)],
      ...b.floor.map((r, i) => [`floor ${i + 1}`, ...runCells(r)]),
    ]),
  );
  const [rec, floor] = [medianMs(b.warm), medianMs(b.floor)];
  const ratio = rec / floor;
  out(
    `median of ${PDF_RUNS}: record warm ${ms(rec, 0)} (cold ${ms(b.cold.ms, 0)}), floor ${ms(floor, 0)} (first run left out), record/floor ${x(ratio)}`,
  );
  out();
  rows.push(
    {
      figure: `PDF record, Chromium worker (warm, median of ${PDF_RUNS})`,
      value: ms(rec, 0),
      target: `≤ ${TARGET.chromiumMs} ms`,
      verdict: verdict(rec <= TARGET.chromiumMs),
    },
    {
      figure: 'PDF record, Chromium worker, cold (fonts fetched)',
      value: ms(b.cold.ms, 0),
      target: '(info)',
      verdict: 'INFO',
    },
    {
      figure: 'PDF record / Helvetica floor, Chromium',
      value: x(ratio),
      target: `≤ ${TARGET.ratio}×`,
      verdict: verdict(ratio <= TARGET.ratio),
    },
    {
      figure: 'PDF record, Chromium renderer peak RSS',
      value: mib(maxPeak([b.cold, ...b.warm])),
      target: '(info)',
      verdict: 'INFO',
    },
  );
}

export function printPdf(report: PdfReport): Row[] {
  const rows: Row[] = [];
  const c = report.counts;
  const what = c
    ? ` (${c.answers} answers, ${c.photos} photos, ${c.signatures} signatures, ${c.computers} computers)`
    : '';
  out(`## 6. PDF record — ${relative(ROOT, FIXTURE)}${what}`);
  out();
  if (report.node) printNode(report.node, rows);
  else out(`Node: NOT MEASURED (${report.problems.find((p) => p.startsWith('pdf (Node)')) ?? '?'})\n`);
  if (report.browser) printBrowser(report.browser, rows);
  else out(`Chromium: NOT MEASURED (${report.problems.find((p) => p.startsWith('pdf (Chromium)')) ?? '?'})\n`);

  const bytes = report.browser?.warm[0]?.bytes ?? report.node?.record.runs[0]?.bytes;
  if (bytes !== undefined) {
    out(`PDF file: ${mb(bytes)}${report.node ? `; the floor's ${mb(report.node.floor.runs[0]?.bytes ?? NaN)}` : ''}`);
    rows.push({
      figure: 'PDF record file size',
      value: mib(bytes),
      target: '≤ 8 MiB',
      verdict: verdict(bytes <= TARGET.bytes),
    });
  }
  if (report.subset) {
    const at = (n: number) => report.subset?.find((s) => s.n === n)?.median ?? NaN;
    const ratio = at(2000) / at(500);
    out(
      `Glyph subsetting (scripts/bench/pdf/subset.ts: new document, Noto Sans SC 400 registered, N distinct hanzi, output),`,
    );
    out(`Node (a child process), sizes interleaved, median of ${SUBSET_RUNS}:`);
    for (const s of report.subset)
      out(`  ${s.n} distinct hanzi: ${ms(s.median, 0)} [${s.ms.map((v) => v.toFixed(0)).join(', ')}]`);
    // A straight line through 500 and 4,000: the fixed cost and the cost per glyph.
    const perGlyph = (at(4000) - at(500)) / 3500;
    out(`  2,000/500 ${x(ratio)}; 4,000/2,000 ${x(at(4000) / at(2000))} (linear growth: < 2×; quadratic: ≈ 4×)`);
    out(`  ≈ ${ms(at(500) - 500 * perGlyph, 0)} + ${(perGlyph * 1000).toFixed(0)} µs per distinct glyph`);
    rows.push({
      figure: `Glyph subsetting alone, 2,000 vs 500 distinct (median of ${SUBSET_RUNS})`,
      value: x(ratio),
      target: '(info: linear is < 2× per doubling)',
      verdict: 'INFO',
    });
  } else out(`Glyph subsetting: NOT MEASURED (${report.problems.find((p) => p.startsWith('pdf (subset)')) ?? '?'})`);
  if (report.distinct) {
    const [few, many] = report.distinct;
    const ratio = (many?.median ?? NaN) / (few?.median ?? NaN);
    out('Record with 2,000 hanzi in a note (small fixture), 500 vs 2,000 distinct, median of 5 (Node):');
    for (const d of report.distinct)
      out(`  ${d.distinct} distinct: ${ms(d.median, 0)} [${d.ms.map((v) => v.toFixed(0)).join(', ')}]`);
    rows.push({
      figure: 'PDF record, 2,000 vs 500 distinct hanzi, time',
      value: x(ratio),
      target: `≤ ${TARGET.subsetRatio}×`,
      verdict: verdict(ratio <= TARGET.subsetRatio),
    });
  }
  out();
  return rows;
}
