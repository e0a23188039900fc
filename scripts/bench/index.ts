/**
 * `npm run bench`: builds the app, then measures and PRINTS the performance figures
 * next to their targets. It asserts nothing: it exits non-zero only when something
 * could not be measured at all.
 *
 *   1. app-shell JS gzip size (dist/index.html)        scripts/bench/size.ts
 *   2. Lighthouse 12 mobile, 3 runs, medians            scripts/bench/lighthouse.ts
 *   3. tap → IndexedDB commit latency                   scripts/bench/browser.ts
 *   4. big-room smoothness (long tasks, render, DOM)    scripts/bench/browser.ts
 *  4b. a 40-PC office: opening, adding a PC, taps,     scripts/bench/big-room.ts
 *      long tasks, DOM nodes (also 4× throttled)
 *   5. photos: 4032×3024 JPEG → stored, long tasks,     scripts/bench/photos.ts
 *      30 photos' bytes on the device
 *   6. PDF record of a large inspection: Node, the      scripts/bench/pdf/
 *      record worker in Chromium, a Helvetica floor,
 *      glyph subsetting 2,000 vs 500 hanzi
 *   7. sync server over loopback: the large fixture     scripts/bench/sync/
 *      pushed, mutations/s next to raw SQLite inserts;
 *      SQLite and PostgreSQL side by side (7b)
 *   8. taps per item on a scripted full visit, with    scripts/bench/taps.ts
 *      其余符合 and 同上一台 and the old way
 *   9. scope (issue 13): 1,000 inspections pushed;      scripts/bench/scope/
 *      an inspector's first sync next to the whole
 *      organisation, the office list, opening one
 *      inspection (records, first photos)
 *  10. a login flood (issue 14): a photo upload's     scripts/bench/login-flood.ts
 *      time during 200 unknown-name logins from 200
 *      addresses, next to its time without one
 *
 * It builds into a temporary directory and serves that (dist/ is left alone).
 * Options: --skip-build (measure the existing dist/), --skip-lighthouse, --runs=N (Lighthouse, default 3),
 * --no-throttle (skip the informational 4× CPU-throttled pass), --skip-big-room, --skip-photos, --skip-pdf, --skip-sync,
 * --skip-scope, --skip-login-flood.
 * `tsx scripts/bench/sync/index.ts` runs part 7 alone (no build, no browser); `tsx scripts/bench/taps.ts` part 8;
 * `tsx scripts/bench/scope/index.ts` part 9; `tsx scripts/bench/login-flood.ts` part 10.
 * Progress goes to stderr, results to stdout.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { startServer, type RunningServer } from '../../test/helpers/server';
import { runBigRoom, type BigRoomReport } from './big-room';
import { runBrowser, type BrowserReport } from './browser';
import { runLighthouse, type LighthouseAttempt } from './lighthouse';
import { printLoginFlood, runLoginFlood, type LoginFloodReport } from './login-flood';
import { printPdf, runPdf, type PdfReport } from './pdf';
import { runPhotos, type PhotosReport } from './photos';
import { printBrowser, printLighthouse, printPhotos, printTaps } from './print';
import { printBigRoom } from './print-big-room';
import { printScope, runScope, type ScopeReport } from './scope';
import { measureSize, printSize, type SizeReport } from './size';
import { printBackends, printSync, runSyncBackends, type SyncReports } from './sync';
import { countTaps, type TapsReport } from './taps';
import { out, progress, rowsTable, timeBox, type Row } from './util';

const ROOT = resolve(import.meta.dirname, '../..');
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const runs = Number(/^--runs=(\d+)$/.exec(args.find((a) => a.startsWith('--runs=')) ?? '')?.[1] ?? 3);

/**
 * Builds into a directory of our own: a build running at the same time in the project
 * (npm run build, the e2e tests) must not swap dist/ under the measurements.
 */
function build(outDir: string): Promise<void> {
  return new Promise((done, fail) => {
    // The build's own output goes to stderr: stdout is for the figures.
    const vite = resolve(ROOT, 'node_modules/vite/bin/vite.js');
    const child = spawn(process.execPath, [vite, 'build', '--outDir', outDir, '--emptyOutDir'], {
      cwd: ROOT,
      stdio: ['ignore', process.stderr, process.stderr],
    });
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`vite build exited with ${code}`))));
  });
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * What must not outlive this process (the server, the browser, the scratch directory).
 * The normal path cleans up in `finally`; this is for a crash (a library's unhandled
 * 'error' event) or Ctrl-C, which would otherwise leave the server running.
 */
const cleanups: (() => unknown)[] = [];
async function cleanUpAndExit(code: number): Promise<never> {
  for (const cleanup of cleanups.splice(0).reverse())
    await Promise.resolve()
      .then(cleanup)
      .catch(() => undefined);
  process.exit(code);
}
for (const event of ['uncaughtException', 'unhandledRejection'] as const)
  process.on(event, (err: unknown) => {
    process.stderr.write(
      `bench: unexpected ${event}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    void cleanUpAndExit(1);
  });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void cleanUpAndExit(130));

async function main(): Promise<number> {
  const problems: string[] = [];
  const ownBuild = !flag('skip-build') || !existsSync(resolve(ROOT, 'dist/index.html'));
  // One scratch directory for the build and the server's data, removed at the end.
  const work = mkdtempSync(join(tmpdir(), 'xunjian-bench-'));
  cleanups.push(() => rmSync(work, { recursive: true, force: true }));
  const DIST = ownBuild ? join(work, 'dist') : resolve(ROOT, 'dist');
  try {
    if (ownBuild) {
      progress(`building (vite build --outDir ${DIST}) so the figures are for the current code`);
      await timeBox('vite build', 300_000, build(DIST));
    }
    return await measureAll(DIST, join(work, 'data'), problems);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function measureAll(dist: string, dataDir: string, problems: string[]): Promise<number> {
  let size: SizeReport | undefined;
  try {
    size = measureSize(dist);
  } catch (err) {
    problems.push(`size: ${message(err)}`);
  }
  // A calculation over the fixture: no server, no browser.
  let taps: TapsReport | undefined;
  try {
    taps = countTaps();
  } catch (err) {
    problems.push(`taps: ${message(err)}`);
  }

  let server: RunningServer | undefined;
  let context: BrowserContext | undefined;
  let browser: BrowserReport | undefined;
  let bigRoom: BigRoomReport | undefined;
  let lighthouse: LighthouseAttempt[] | undefined;
  let photos: PhotosReport | undefined;
  let pdf: PdfReport | undefined;
  let sync: SyncReports | undefined;
  let scope: ScopeReport | undefined;
  let loginFlood: LoginFloodReport | undefined;
  try {
    progress(`starting the server (src/server/main.ts serving ${dist})`);
    server = await timeBox('server start', 60_000, startServer({ STATIC_DIR: dist, DATA_DIR: dataDir }));
    cleanups.push(server.stop);
    progress(`server at ${server.url}`);

    try {
      browser = await timeBox(
        'browser measurements',
        420_000,
        runBrowser(server.url, {
          throttle: !flag('no-throttle'),
          onContext: (c) => {
            context = c;
            cleanups.push(() => c.close());
          },
        }),
      );
    } catch (err) {
      problems.push(`browser: ${message(err)}`);
      progress(`browser part failed: ${message(err)}`);
      await context?.close().catch(() => undefined);
    }

    if (!flag('skip-big-room')) {
      try {
        const onContext = (c: BrowserContext) => void cleanups.push(() => c.close());
        bigRoom = await timeBox(
          'big room',
          600_000,
          runBigRoom(server.url, { throttle: !flag('no-throttle'), onContext }),
        );
      } catch (err) {
        problems.push(`big room: ${message(err)}`);
        progress(`big-room part failed: ${message(err)}`);
      }
    }

    if (!flag('skip-photos')) {
      let photoContext: BrowserContext | undefined;
      try {
        const onContext = (c: BrowserContext) => {
          photoContext = c;
          cleanups.push(() => c.close());
        };
        photos = await timeBox('photos', 480_000, runPhotos(server.url, { throttle: !flag('no-throttle'), onContext }));
      } catch (err) {
        problems.push(`photos: ${message(err)}`);
        progress(`photos part failed: ${message(err)}`);
        await photoContext?.close().catch(() => undefined);
      }
    }

    if (!flag('skip-pdf')) {
      const onContext = (c: BrowserContext) => void cleanups.push(() => c.close());
      try {
        pdf = await timeBox('pdf', 600_000, runPdf(server.url, dist, { onContext }));
        problems.push(...pdf.problems);
      } catch (err) {
        problems.push(`pdf: ${message(err)}`);
        progress(`pdf part failed: ${message(err)}`);
      }
    }

    if (!flag('skip-lighthouse')) {
      try {
        lighthouse = await timeBox('lighthouse', runs * 2 * 150_000, runLighthouse(`${server.url}/`, runs));
        if (!lighthouse.some((a) => a.ok)) problems.push('lighthouse: every run failed');
      } catch (err) {
        problems.push(`lighthouse: ${message(err)}`);
      }
    }

    // Last, on its own server and data folder: nothing else runs while it counts.
    if (!flag('skip-sync')) {
      try {
        // Both backends when PostgreSQL is configured: twice the time.
        sync = await timeBox('sync', 1_200_000, runSyncBackends());
      } catch (err) {
        problems.push(`sync: ${message(err)}`);
        progress(`sync part failed: ${message(err)}`);
      }
    }

    // Its own server and data folder too: an organisation of 1,000 inspections.
    if (!flag('skip-scope')) {
      try {
        scope = await timeBox('scope', 600_000, runScope({ onServer: (stop) => void cleanups.push(stop) }));
      } catch (err) {
        problems.push(`scope: ${message(err)}`);
        progress(`scope part failed: ${message(err)}`);
      }
    }

    // Its own server too: the flood must not meet the other parts' accounts or limits.
    if (!flag('skip-login-flood')) {
      try {
        loginFlood = await timeBox('login flood', 300_000, runLoginFlood());
      } catch (err) {
        problems.push(`login flood: ${message(err)}`);
        progress(`login-flood part failed: ${message(err)}`);
      }
    }
  } catch (err) {
    problems.push(message(err));
  } finally {
    await server?.stop().catch(() => undefined);
  }

  // ---- results (stdout) ----
  out();
  out(`# xunjian bench — ${new Date().toISOString()} — Node ${process.version}`);
  out();
  const rows: Row[] = [];
  if (size) rows.push(...printSize(size, browser?.firstScreenScripts));
  else out(`## 1. App-shell JavaScript: NOT MEASURED (${problems.find((p) => p.startsWith('size')) ?? '?'})\n`);
  if (lighthouse) rows.push(...printLighthouse(lighthouse));
  else if (!flag('skip-lighthouse')) out('## 2. Lighthouse: NOT MEASURED\n');
  if (browser) rows.push(...printBrowser(browser));
  else out(`## 3–4. Browser measurements: NOT MEASURED (${problems.find((p) => p.startsWith('browser')) ?? '?'})\n`);
  if (bigRoom) rows.push(...printBigRoom(bigRoom));
  else if (!flag('skip-big-room'))
    out(`## 4b. A 40-PC office: NOT MEASURED (${problems.find((p) => p.startsWith('big room')) ?? '?'})\n`);
  if (photos) rows.push(...printPhotos(photos));
  else if (!flag('skip-photos'))
    out(`## 5. Photos: NOT MEASURED (${problems.find((p) => p.startsWith('photos')) ?? '?'})\n`);
  if (pdf) rows.push(...printPdf(pdf));
  else if (!flag('skip-pdf'))
    out(`## 6. PDF record: NOT MEASURED (${problems.find((p) => p.startsWith('pdf')) ?? '?'})\n`);
  if (sync) {
    rows.push(...printSync(sync));
    printBackends(sync);
  } else if (!flag('skip-sync'))
    out(`## 7. Sync server: NOT MEASURED (${problems.find((p) => p.startsWith('sync')) ?? '?'})\n`);
  if (taps) rows.push(...printTaps(taps));
  else out(`## 8. Taps per item: NOT MEASURED (${problems.find((p) => p.startsWith('taps')) ?? '?'})\n`);
  if (scope) rows.push(...printScope(scope));
  else if (!flag('skip-scope'))
    out(`## 9. Scope: NOT MEASURED (${problems.find((p) => p.startsWith('scope')) ?? '?'})\n`);
  if (loginFlood) printLoginFlood(loginFlood);
  else if (!flag('skip-login-flood'))
    out(`## 10. Login flood: NOT MEASURED (${problems.find((p) => p.startsWith('login flood')) ?? '?'})\n`);

  out('## Summary');
  out();
  out(rowsTable(rows));
  out();
  if (problems.length) {
    out('Could not measure:');
    for (const p of problems) out(`  - ${p}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
