/**
 * Part 6 of `npm run bench`, the Chromium side: the large fixture's record made by the
 * production build's own record worker (dist/assets/record.worker-*.js, the file
 * src/ui/components/PdfExport.tsx starts), and the Helvetica floor (floor.ts,
 * bundled here with Vite into a worker of its own). As in the app, every run is a new
 * Worker sent one job without transfer; the time is new Worker() → its 'done' reply.
 *
 * Service workers are blocked in this profile, so the first record run really fetches
 * the fonts (from the local server, unthrottled: "cold"); later runs read them from the
 * HTTP cache (/assets/ is immutable), as the app reads them from the service worker's.
 *
 * Memory: the peak RSS (VmHWM) of the renderer process that hosts the page and its
 * dedicated workers, reset before each run through /proc/PID/clear_refs. Per-worker JS
 * heap figures are not available here: performance.measureUserAgentSpecificMemory needs
 * cross-origin isolation, and CDP Performance.getMetrics covers the page, not its workers.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build, type Rolldown } from 'vite';
import type { RecordModel } from '../../../src/report/model/record-model';
import type { StoredImage } from '../../../src/report/draw/render-record';
import { CHROMIUM_ARGS, PHONE } from '../../../test/helpers/browser';
import type { Phases } from './node';
import { progress, sleep } from '../util';

export interface BrowserRun {
  ms: number;
  /** new Worker() → its first message (module fetched and evaluated, job received). */
  start: number;
  phases: Phases;
  pages: number;
  bytes: number;
  rssBefore?: number;
  peakRss?: number;
}

export interface PdfBrowserReport {
  workerFile: string;
  cold: BrowserRun;
  warm: BrowserRun[];
  /** The floor's first run (worker bundle compiled) is left out of `floor`. */
  floorFirst: BrowserRun;
  floor: BrowserRun[];
}

/** The images a record job carries: those the model shows (as src/ui/state/pdf-jobs.ts picks them). */
export function jobImages(model: RecordModel, all: Record<string, StoredImage>): Record<string, StoredImage> {
  const wanted = [
    ...model.findings.flatMap((f) => f.photos.map((p) => p.sha256)),
    ...model.appendix.map((a) => a.sha256),
    ...model.signatures.map((s) => s.pngSha256),
  ];
  return Object.fromEntries(wanted.flatMap((sha) => (all[sha] ? [[sha, all[sha]]] : [])));
}

/** The floor renderer as one self-contained module-worker script (jsPDF as the app bundles it). */
async function floorWorkerSource(): Promise<string> {
  const floor = join(import.meta.dirname, 'floor.ts');
  const entry = `import { renderFloor } from ${JSON.stringify(floor)};
self.addEventListener('message', (e) => {
  const r = renderFloor(e.data.model, e.data.images, (p) => self.postMessage({ kind: 'progress', ...p }));
  self.postMessage({ kind: 'done', pdf: r.pdf, pages: r.pages, missing: [] }, [r.pdf]);
});`;
  const unused = join(import.meta.dirname, '../../../src/report/draw/jspdf-unused.ts');
  const result = await build({
    configFile: false,
    publicDir: false, // (and write: false below: nothing is written anywhere)
    logLevel: 'warn',
    plugins: [
      { name: 'floor-entry', resolveId: (id) => (id === 'floor-entry' ? '\0floor-entry' : undefined) },
      { name: 'floor-entry-load', load: (id) => (id === '\0floor-entry' ? entry : undefined) },
    ],
    resolve: { alias: Object.fromEntries(['html2canvas', 'canvg', 'dompurify'].map((n) => [n, unused])) },
    build: {
      write: false,
      target: 'es2022',
      rolldownOptions: { input: 'floor-entry', output: { format: 'es', codeSplitting: false } },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const chunk = outputs.flatMap((o) => o.output).find((o) => o.type === 'chunk' && o.isEntry);
  if (!chunk || chunk.type !== 'chunk') throw new Error('floor worker: Vite built no entry chunk');
  return chunk.code;
}

/** The renderer processes of the Chromium whose profile is `profile` (Linux /proc). */
function renderers(profile: string): number[] {
  const procs = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  const info = new Map<number, { ppid: number; cmd: string }>();
  for (const pid of procs) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const ppid = Number(
        readFileSync(`/proc/${pid}/stat`, 'utf8')
          .replace(/^.*\) /s, '')
          .split(' ')[1],
      );
      info.set(Number(pid), { ppid, cmd });
    } catch {
      // gone meanwhile
    }
  }
  const root = [...info].find(([, p]) => p.cmd.includes(`--user-data-dir=${profile}`) && !p.cmd.includes('--type='));
  if (!root) return [];
  const isOurs = (pid: number): boolean => {
    for (let p = info.get(pid), n = 0; p && n < 10; p = info.get(p.ppid), n++) if (p.ppid === root[0]) return true;
    return false;
  };
  return [...info].filter(([pid, p]) => p.cmd.includes('--type=renderer') && isOurs(pid)).map(([pid]) => pid);
}

/** VmRSS or VmHWM of a process, in bytes (NaN when it is gone). */
function status(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const kb = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return Number(kb ?? NaN) * 1024;
  } catch {
    return NaN;
  }
}

async function oneRun(page: Page, url: string, which: 'record' | 'floor', profile: string): Promise<BrowserRun> {
  const pids = renderers(profile);
  let peakKnown = pids.length > 0;
  for (const pid of pids) {
    try {
      writeFileSync(`/proc/${pid}/clear_refs`, '5');
    } catch {
      peakKnown = false;
    }
  }
  const before = pids.map((pid) => status(pid, 'VmRSS'));
  const run = await page.evaluate(
    ({ url, which }) =>
      new Promise<Omit<BrowserRun, 'peakRss'>>((resolve, reject) => {
        type Reply = {
          kind: string;
          step?: string;
          done?: number;
          pdf?: ArrayBuffer;
          pages?: number;
          message?: string;
        };
        const job = (window as unknown as { __pdfJobs: Record<string, unknown> }).__pdfJobs[which];
        const t0 = performance.now();
        let [first, room, drawn] = [NaN, NaN, NaN];
        const worker = new Worker(url, { type: 'module' });
        const fail = (message: string) => {
          worker.terminate();
          reject(new Error(message));
        };
        worker.onmessage = (e: MessageEvent<Reply>) => {
          const r = e.data;
          const t = performance.now();
          if (Number.isNaN(first)) first = t;
          if (r.kind === 'progress' && r.step === 'pages' && r.done === 1) room = t;
          else if (r.kind === 'progress' && r.step === 'done') drawn = t;
          else if (r.kind === 'done') {
            worker.terminate();
            const phases = { setup: room - t0, draw: drawn - room, output: t - drawn };
            resolve({ ms: t - t0, start: first - t0, phases, pages: r.pages ?? 0, bytes: r.pdf?.byteLength ?? 0 });
          } else if (r.kind === 'error') fail(r.message ?? 'error');
        };
        worker.onerror = (e) => fail(e.message || 'worker failed');
        worker.postMessage(job);
      }),
    { url, which },
  );
  // The renderer that did the work: the one whose peak is highest.
  const peaks = pids.map((pid) => status(pid, 'VmHWM'));
  const top = peaks.reduce((best, v, i) => (v > (peaks[best] ?? -1) ? i : best), 0);
  await sleep(500); // let the terminated worker go
  return peakKnown && Number.isFinite(peaks[top]) ? { ...run, rssBefore: before[top], peakRss: peaks[top] } : run;
}

/** Puts both jobs on `window.__pdfJobs` (bytes travel as base64: evaluate's arguments are JSON). */
async function sendJobs(
  page: Page,
  jobs: Record<'record' | 'floor', { model: RecordModel; images: Record<string, StoredImage> }>,
) {
  const wire = Object.fromEntries(
    Object.entries(jobs).map(([k, j]) => [
      k,
      {
        model: j.model,
        images: Object.entries(j.images).map(([sha, i]) => ({
          ...i,
          sha,
          bytes: Buffer.from(i.bytes).toString('base64'),
        })),
      },
    ]),
  );
  await page.evaluate((wire) => {
    const jobs: Record<string, unknown> = {};
    for (const [k, j] of Object.entries(wire)) {
      const images = Object.fromEntries(
        j.images.map(({ sha, bytes, ...i }) => [
          sha,
          { ...i, bytes: Uint8Array.from(atob(bytes), (c) => c.charCodeAt(0)) },
        ]),
      );
      jobs[k] = { kind: 'record', model: j.model, images };
    }
    (window as unknown as { __pdfJobs: unknown }).__pdfJobs = jobs;
  }, wire);
}

export async function runPdfBrowser(
  baseUrl: string,
  dist: string,
  jobs: Record<'record' | 'floor', { model: RecordModel; images: Record<string, StoredImage> }>,
  opts: { runs: number; onContext?: (c: BrowserContext) => void },
): Promise<PdfBrowserReport> {
  const workerFile = readdirSync(join(dist, 'assets')).find((f) => /^record\.worker-[\w-]+\.js$/.test(f));
  if (!workerFile) throw new Error(`no record.worker-*.js in ${dist}/assets`);
  progress('pdf: bundling the Helvetica floor into a worker (Vite)');
  const floorCode = await floorWorkerSource();
  const profile = mkdtempSync(join(tmpdir(), 'xunjian-pdf-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    locale: 'zh-CN',
    serviceWorkers: 'block',
    ...PHONE,
  });
  opts.onContext?.(context);
  try {
    await context.addInitScript({ content: 'globalThis.__name ??= (f) => f;' });
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(120_000);
    await page.goto(`${baseUrl}/`);
    await page.waitForLoadState('networkidle');
    await sendJobs(page, jobs);
    const floorUrl = await page.evaluate(
      (code) => URL.createObjectURL(new Blob([code], { type: 'text/javascript' })),
      floorCode,
    );
    const recordUrl = `${baseUrl}/assets/${workerFile}`;
    progress(`pdf: Chromium, ${workerFile}: 1 cold run + ${opts.runs} warm`);
    const cold = await oneRun(page, recordUrl, 'record', profile);
    const warm: BrowserRun[] = [];
    for (let i = 0; i < opts.runs; i++) warm.push(await oneRun(page, recordUrl, 'record', profile));
    progress(`pdf: Chromium, the floor: 1 + ${opts.runs} runs`);
    const floorFirst = await oneRun(page, floorUrl, 'floor', profile);
    const floor: BrowserRun[] = [];
    for (let i = 0; i < opts.runs; i++) floor.push(await oneRun(page, floorUrl, 'floor', profile));
    return { workerFile, cold, warm, floorFirst, floor };
  } finally {
    await context.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
  }
}
