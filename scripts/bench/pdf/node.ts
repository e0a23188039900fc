/**
 * Part 6 of `npm run bench`, the Node side: the record of an inspection file rendered
 * through the same code as `npm run record` (scripts/tools/record.ts), or the Helvetica floor
 * (floor.ts). index.ts runs this file in a child process of its own
 * (`node --expose-gc --import tsx`), so its memory is the render's and nothing else's:
 *
 *   --mode=record|floor --runs=N --fixture=FILE   → one JSON line (NodeReport) on stdout
 *   --mode=subset --runs=N   → subset.ts's timings (SubsetTiming[]), one JSON line
 *
 * Memory is the kernel's peak RSS (VmHWM in /proc/self/status), reset before each run by
 * writing 5 to /proc/self/clear_refs after a full GC: each run's figure is the highest
 * RSS the process reached during that run, what was there before (modules, fixture,
 * model: rssBefore) included.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { buildRecordModel, type RecordModel } from '../../../src/report/model/record-model';
import {
  renderRecord,
  type RenderDeps,
  type RenderedRecord,
  type StoredImage,
} from '../../../src/report/draw/render-record';
import { latinModel, renderFloor } from './floor';
import { measureSubset } from './subset';
import { buildFonts } from '../../build/build-fonts';
import { loadInspectionFile } from '../../tools/inspection-file';

export const FIXTURE = join(import.meta.dirname, '../../../test/fixtures/record-large.json');

export interface Fixture {
  model: RecordModel;
  /** Every blob of the file that is an image, by SHA-256 (what `npm run record` reads from). */
  images: Record<string, StoredImage>;
  counts: { answers: number; photos: number; signatures: number; computers: number };
}

/** scripts/tools/record.ts's steps: parse, check every blob's SHA-256, digest, record model. */
export async function loadFixture(path = FIXTURE): Promise<Fixture> {
  const { input, images, counts } = await loadInspectionFile(path);
  return { model: buildRecordModel(input), images, counts };
}

/** Where the time of one render went, in ms: see phasesOf. */
export interface Phases {
  /** Start → the first room's tables drawn (the fonts loaded and registered, page 1). */
  setup: number;
  /** → every page drawn (tables, photos, signatures, headers and footers). */
  draw: number;
  /** → doc.output(): font subsets, image and page streams written. */
  output: number;
}

export interface RenderRun {
  ms: number;
  phases: Phases;
  pages: number;
  bytes: number;
  /** RSS right before the run, after a full GC (bytes). */
  rssBefore?: number;
  /** Peak RSS during the run (bytes); undefined where /proc is not available. */
  peakRss?: number;
}

export interface NodeReport {
  mode: 'record' | 'floor';
  runs: RenderRun[];
}

/** Times one render from `render(onProgress)`'s progress events ('pages' 1 and 'done'). */
export async function timed(
  render: (onProgress: NonNullable<RenderDeps['onProgress']>) => Promise<RenderedRecord> | RenderedRecord,
): Promise<{ ms: number; phases: Phases; rendered: RenderedRecord }> {
  const t0 = performance.now();
  let firstRoom = NaN;
  let drawn = NaN;
  const rendered = await render((p) => {
    if (p.step === 'pages' && p.done === 1) firstRoom = performance.now();
    if (p.step === 'done') drawn = performance.now();
  });
  const t1 = performance.now();
  return { ms: t1 - t0, phases: { setup: firstRoom - t0, draw: drawn - firstRoom, output: t1 - drawn }, rendered };
}

const vmHwm = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]) * 1024;

function resetPeak(): boolean {
  (globalThis as { gc?: () => void }).gc?.();
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { mode: { type: 'string' }, runs: { type: 'string' }, fixture: { type: 'string' } },
  });
  const runs = Number(values.runs ?? 5);
  if (values.mode === 'subset') {
    process.stdout.write(`${JSON.stringify(await measureSubset([500, 2000, 4000], runs))}\n`);
    return;
  }
  const mode = values.mode === 'floor' ? 'floor' : 'record';
  const fixture = await loadFixture(values.fixture);
  const floorModel = latinModel(fixture.model);
  const { dir } = buildFonts();
  const loadFontBytes = async (name: string) => new Uint8Array(await readFile(join(dir, name)));
  const loadImage = async (sha256: string) => fixture.images[sha256];
  const report: NodeReport = { mode, runs: [] };
  for (let i = 0; i < runs; i++) {
    const peakKnown = resetPeak();
    const rssBefore = process.memoryUsage().rss;
    const { ms, phases, rendered } = await timed((onProgress) =>
      mode === 'floor'
        ? renderFloor(floorModel, fixture.images, onProgress)
        : renderRecord(fixture.model, { loadFontBytes, loadImage, onProgress }),
    );
    const peakRss = peakKnown ? vmHwm() : undefined;
    report.runs.push({ ms, phases, pages: rendered.pages, bytes: rendered.pdf.byteLength, rssBefore, peakRss });
  }
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
