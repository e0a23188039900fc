/** Prints parts 2–5 and 8 of `npm run bench` and returns their rows for the summary table. */
import type { AnswerStats, BrowserReport, LongTaskStats, ScrollStats } from './browser';
import { CATEGORIES, type LighthouseAttempt, type LighthouseRun } from './lighthouse';
import { MANY, type PhotosReport } from './photos';
import type { TapsReport } from './taps';
import { kb, median, ms, out, percentile, table, verdict, type Row } from './util';

export const lt = (s: LongTaskStats) =>
  `${s.count} long task(s) > 50 ms, ${s.over100} > 100 ms, longest ${s.count ? ms(s.longest, 0) : '—'}`;

export function printLighthouse(attempts: LighthouseAttempt[]): Row[] {
  out('## 2. Lighthouse 12.2.3, mobile emulation (default), URL /, production build via src/server');
  out();
  const runs = attempts.flatMap((a) => (a.ok ? [a.run] : []));
  out(
    table(
      ['run', ...CATEGORIES, 'FCP', 'LCP', 'TBT', 'CLS'],
      attempts.map((a, i) =>
        a.ok
          ? [
              `${i + 1}`,
              ...CATEGORIES.map((c) => String(a.run.scores[c])),
              ms(a.run.metrics.fcp, 0),
              ms(a.run.metrics.lcp, 0),
              ms(a.run.metrics.tbt, 0),
              a.run.metrics.cls.toFixed(3),
            ]
          : [`${i + 1}`, 'FAILED (below)'],
      ),
    ),
  );
  attempts.forEach((a, i) => a.ok || out(`run ${i + 1} failed (after one retry): ${a.error}`));
  const rows: Row[] = [];
  if (runs.length === 0) {
    out('No Lighthouse run succeeded.');
    out();
    return CATEGORIES.map((c) => ({
      figure: `Lighthouse ${c} (median)`,
      value: 'not measured',
      target: '≥ 95',
      verdict: 'n/a',
    }));
  }
  const medians = Object.fromEntries(CATEGORIES.map((c) => [c, median(runs.map((r) => r.scores[c]))])) as Record<
    (typeof CATEGORIES)[number],
    number
  >;
  out(
    `median (${runs.length} run${runs.length > 1 ? 's' : ''}): ${CATEGORIES.map((c) => `${c} ${medians[c]}`).join(', ')}`,
  );
  // The run whose performance score is the median one (the middle run after sorting).
  const byPerf = [...runs].sort((a, b) => a.scores.performance - b.scores.performance);
  const mid = byPerf[(byPerf.length - 1) >> 1] as LighthouseRun;
  const m = mid.metrics;
  out(
    `median-performance run (${mid.scores.performance}): FCP ${ms(m.fcp, 0)}, LCP ${ms(m.lcp, 0)}, TBT ${ms(m.tbt, 0)}, CLS ${m.cls.toFixed(3)}, Speed Index ${ms(m.si, 0)}`,
  );
  const last = runs[runs.length - 1] as LighthouseRun;
  out();
  if (last.failing.length === 0) out('Accessibility / best-practices audits scoring < 1 (last run): none.');
  else {
    out('Accessibility / best-practices audits scoring < 1 (last run):');
    out(
      table(
        ['category', 'audit id', 'score', 'title'],
        last.failing.map((a) => [a.category, a.id, a.score.toFixed(2), a.title + (a.detail ? ` (${a.detail})` : '')]),
      ),
    );
    for (const a of last.failing) for (const item of a.items) out(`  ${a.id}: ${item.replace(/\s+/g, ' ')}`);
  }
  if (last.perfHints.length) {
    out('Performance audits scoring < 0.9 (last run):');
    out(
      table(
        ['audit id', 'score', 'title'],
        last.perfHints.map((a) => [a.id, a.score.toFixed(2), a.title + (a.detail ? ` (${a.detail})` : '')]),
      ),
    );
  }
  if (last.warnings.length) out(`Lighthouse warnings: ${last.warnings.join(' | ')}`);
  if (attempts.length !== runs.length)
    out(
      `NOTE: ${attempts.length - runs.length} of ${attempts.length} runs failed (after one retry each); medians are over ${runs.length}.`,
    );
  out();
  for (const c of CATEGORIES)
    rows.push({
      figure: `Lighthouse ${c} (median)`,
      value: String(medians[c]),
      target: '≥ 95',
      verdict: verdict(medians[c] >= 95),
    });
  return rows;
}

export function latencyLine(label: string, values: number[]): string {
  return `${label}: n=${values.length}, median ${ms(median(values))}, p95 ${ms(percentile(values, 95))}, max ${ms(Math.max(...values))}, min ${ms(Math.min(...values))}`;
}

function answerLines(a: AnswerStats): void {
  out(latencyLine('  answer-commit (tap handler → IndexedDB commit)', a.commits));
  out(latencyLine('  tap → button shown pressed (commit + re-render)', a.shown));
  out(
    `  Event Timing, longest tap event to next paint: ${a.eventMax === undefined ? '< 16 ms (none reported)' : ms(a.eventMax, 0)}`,
  );
  out(`  while answering: ${lt(a.longTasks)}`);
}

export function scrollLine(s: ScrollStats): void {
  out(
    `  scrolling (${s.steps} wheel steps of 300 px, ${s.reachedBottom ? 'reached the bottom' : 'DID NOT reach the bottom'}): ${lt(s.longTasks)}`,
  );
  out(`  frames while scrolling: longest ${ms(s.longestFrame, 0)}, ${s.framesOver50} frame(s) > 50 ms`);
}

export function printBrowser(b: BrowserReport): Row[] {
  out(
    `## 3. Tap → IndexedDB commit (headless Chromium, persistent profile, 360×740 phone viewport, office with 10 PCs = ${b.items} items)`,
  );
  out();
  answerLines(b.answer);
  if (b.throttled) {
    out('  with 4× CPU throttling (informational, roughly a mid-range phone):');
    answerLines(b.throttled.answer);
  }
  out('  with the app lock set up (every row sealed with AES-256-GCM on its way into IndexedDB):');
  answerLines(b.sealed);
  out();
  out(`## 4. Big-room smoothness (same room: ${b.items} items)`);
  if (b.items < 150) out(`  NOTE: only ${b.items} items: fewer than the 150-item big-room case.`);
  out();
  out(
    `  first render of the room (navigation → last item in the DOM), 3 cold loads: ${b.renderMs.map((v) => ms(v, 0)).join(', ')}; median ${ms(median(b.renderMs), 0)}`,
  );
  out(`  during that load (last one): ${lt(b.renderLongTasks)}`);
  out(`  DOM nodes in the room: ${b.domNodes}`);
  scrollLine(b.scroll);
  out(`  answering ${b.answer.taps} items: ${lt(b.answer.longTasks)}`);
  if (b.throttled) {
    out('  with 4× CPU throttling (informational):');
    scrollLine(b.throttled.scroll);
    out(`  answering ${b.throttled.answer.taps} items: ${lt(b.throttled.answer.longTasks)}`);
  }
  out('  target: scrolls and answers without jank = no long task > 100 ms while scrolling or answering (unthrottled).');
  out();
  const medianCommit = median(b.answer.commits);
  const worst = Math.max(b.scroll.longTasks.longest, b.answer.longTasks.longest);
  return [
    {
      figure: 'Tap → IndexedDB commit, median',
      value: ms(medianCommit),
      target: '≤ 20 ms',
      verdict: verdict(b.answer.commits.length ? medianCommit <= 20 : undefined),
    },
    {
      figure: 'Tap → IndexedDB commit, p95 / max',
      value: `${ms(percentile(b.answer.commits, 95))} / ${ms(Math.max(...b.answer.commits))}`,
      target: '(info)',
      verdict: 'INFO',
    },
    { figure: 'Tap → shown pressed, median', value: ms(median(b.answer.shown)), target: '(info)', verdict: 'INFO' },
    {
      figure: 'Tap → IndexedDB commit with the app lock, median',
      value: ms(median(b.sealed.commits)),
      target: '≤ 20 ms',
      verdict: verdict(b.sealed.commits.length ? median(b.sealed.commits) <= 20 : undefined),
    },
    {
      figure: `Long tasks scrolling+answering (${b.items} items)`,
      value: `${b.scroll.longTasks.count + b.answer.longTasks.count}, longest ${ms(worst, 0)}`,
      target: 'none > 100 ms',
      verdict: verdict(worst <= 100),
    },
    { figure: 'Room first render (median of 3)', value: ms(median(b.renderMs), 0), target: '(info)', verdict: 'INFO' },
    { figure: 'DOM nodes in the room', value: String(b.domNodes), target: '(info)', verdict: 'INFO' },
  ];
}

const PHOTO_MAX_BYTES = 400 * 1024;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
const dims = (p: { width: number; height: number }) => `${p.width}×${p.height}`;

function runTable(runs: PhotosReport['runs']): string {
  return table(
    ['run', 'input', 'store', 'compress', 'write', 'shown', 'stored', 'size', 'long tasks', 'longest frame gap'],
    runs.map((r, i) => [
      `${i + 1}`,
      mb(r.inputBytes),
      ms(r.store, 0),
      ms(r.compress, 0),
      ms(r.write, 0),
      ms(r.shown, 0),
      dims(r),
      `${(r.bytes / 1024).toFixed(1)} KB`,
      r.longTasks.count ? `${r.longTasks.count}, longest ${ms(r.longTasks.longest, 0)}` : '0',
      ms(r.longestFrame, 0),
    ]),
  );
}

export function printPhotos(p: PhotosReport): Row[] {
  out('## 5. Photos (headless Chromium, persistent profile, 360×740 phone viewport; compression in the app worker)');
  out();
  out('  input: 4032×3024 JPEGs: test/helpers/jpeg.ts phonePhoto() (ImageMagick plasma, seed 7) and the same recipe');
  out('    with seeds 1–4 (distinct bytes: the app stores bytes once per SHA-256, a repeat would skip the write)');
  out(
    "  store   = page clock right before Playwright's setInputFiles on the item's camera input → 'complete' event of",
  );
  out(
    "            the app's IndexedDB read-write transaction adding the photo (init script wraps IDBDatabase#transaction)",
  );
  out("  compress = input 'change' event → that transaction starts (worker: EXIF, decode, resize, JPEG encode,");
  out('            SHA-256; then the page: storage estimate); write = the transaction itself (blob + record)');
  out('  shown   = setInputFiles → the new thumbnail is in the DOM and decoded (informational)');
  out();
  out(runTable(p.runs));
  const stores = p.runs.map((r) => r.store);
  out();
  out(
    `  store, ${p.runs.length} runs: median ${ms(median(stores), 0)}, max ${ms(Math.max(...stores), 0)} (target ≤ 1 s)`,
  );
  out(`  while storing them (setInputFiles → 300 ms after the thumbnail shows): ${lt(p.longTasks)}`);
  const gap = Math.max(...p.runs.map((r) => r.longestFrame));
  out(`  longest requestAnimationFrame gap in those spans: ${ms(gap, 0)} (informational; 17 ms = no frame missed)`);
  out('  target: ≤ 1 s; no long task > 100 ms on the main thread while storing (the UI does not freeze).');
  if (p.throttled) {
    out();
    out('  with 4× CPU throttling (informational; other seeds, other items). NOTE: Chromium throttles the page');
    out(
      "  main thread only, not the worker, so 'compress' stays near the unthrottled figure: this understates a phone.",
    );
    out(runTable(p.throttled));
    const t = p.throttled.map((r) => r.store);
    out(`  store, ${t.length} runs: median ${ms(median(t), 0)}, max ${ms(Math.max(...t), 0)}`);
  }
  out();
  const m = p.many;
  const bytes = m.records.map((r) => r.bytes);
  const sum = bytes.reduce((a, b) => a + b, 0);
  const avg = sum / (bytes.length || 1);
  const all1600 = m.records.every((r) => Math.max(r.width, r.height) === 1600);
  const delta = m.idbBefore !== undefined && m.idbAfter !== undefined ? m.idbAfter - m.idbBefore : undefined;
  out(
    `  ${MANY} photos: ${MANY} distinct 4032×3024 JPEGs (same recipe, seeds 101–130), one after another through the camera`,
  );
  out(`    inputs of ${m.items} items: ${m.seconds.toFixed(1)} s in all; ${m.records.length} new records`);
  out(
    `    store: median ${ms(median(m.stores), 0)}, p95 ${ms(percentile(m.stores, 95), 0)}, max ${ms(Math.max(...m.stores), 0)}`,
  );
  out(`    photos table, sum of bytes: ${kb(sum)}; per photo average ${kb(avg)}, max ${kb(Math.max(...bytes))},`);
  out(`      min ${kb(Math.min(...bytes))}; long edge 1600 on all: ${all1600 ? 'yes' : 'NO'}`);
  out(
    `    IndexedDB usage (CDP Storage.getUsageAndQuota, usageBreakdown indexeddb): before ${m.idbBefore === undefined ? 'n/a' : kb(m.idbBefore)},`,
  );
  out(
    `      after ${m.idbAfter === undefined ? 'n/a' : kb(m.idbAfter)}; Δ ${delta === undefined ? 'n/a' : `${kb(delta)} = ${kb(delta / MANY)} per photo`}`,
  );
  out('  target: stored ≤ 400 KB (typically), long edge 1600.');
  out();
  const biggest = p.runs.reduce((a, r) => (r.bytes > a.bytes ? r : a), p.runs[0] as PhotosReport['runs'][number]);
  const runsOk = p.runs.every((r) => r.bytes <= PHOTO_MAX_BYTES && Math.max(r.width, r.height) === 1600);
  return [
    {
      figure: `Photo 4032×3024 → IndexedDB, median of ${p.runs.length}`,
      value: ms(median(stores), 0),
      target: '≤ 1000 ms',
      verdict: verdict(median(stores) <= 1000),
    },
    ...(p.throttled
      ? [
          {
            figure: `Photo → IndexedDB, 4× main-thread throttle, median of ${p.throttled.length}`,
            value: ms(median(p.throttled.map((r) => r.store)), 0),
            target: '(info)',
            verdict: 'INFO' as const,
          },
        ]
      : []),
    {
      figure: `Stored photo, largest of ${p.runs.length}`,
      value: `${(biggest.bytes / 1024).toFixed(1)} KB, ${dims(biggest)}`,
      target: '≤ 400 KB, long edge 1600',
      verdict: verdict(runsOk),
    },
    {
      figure: `Long tasks while storing ${p.runs.length} photos`,
      value: `${p.longTasks.count}, longest ${ms(p.longTasks.longest, 0)}`,
      target: 'none > 100 ms',
      verdict: verdict(p.longTasks.longest <= 100),
    },
    { figure: 'Longest frame gap while storing', value: ms(gap, 0), target: '(info)', verdict: 'INFO' },
    {
      figure: `${MANY} photos: average / max per photo`,
      value: `${(avg / 1024).toFixed(1)} KB / ${(Math.max(...bytes) / 1024).toFixed(1)} KB`,
      target: '≤ 400 KB typically',
      verdict: verdict(m.records.length === MANY ? avg <= PHOTO_MAX_BYTES : undefined),
    },
    {
      figure: `${MANY} photos: on the device (IndexedDB Δ)`,
      value:
        delta === undefined
          ? 'n/a'
          : `${(delta / 1024 / 1024).toFixed(2)} MB (table ${(sum / 1024 / 1024).toFixed(2)} MB)`,
      target: '(info)',
      verdict: 'INFO',
    },
  ];
}

export function printTaps(r: TapsReport): Row[] {
  const per = (n: number) => (n / r.items).toFixed(2);
  out(`## 8. Taps per item: a scripted full visit of the large fixture's shape (${r.items} items, ${r.pcs} PCs)`);
  out();
  out('  the visit: the fixture’s answers, values and findings; 符合 where it has none, and one 不符合 with its');
  out('  finding on each PC it leaves open. Answers, values, notes and findings are typed as a user would, then');
  out('  其余符合 and 同上一台 do what the app’s own rules (shared/rest-compliant.ts, shared/carry-over.ts) let them.');
  out('  Not counted (the same both ways): adding rooms and PCs, photos, signing.');
  out(
    `  其余符合 used in ${r.restUses} blocks for ${r.restItems} items; 同上一台 kept on ${r.carriedPcs} of ${r.pcs} PCs (${r.carriedItems} answers carried)`,
  );
  out(
    table(
      ['', 'taps', 'taps / item', 'typed chars / item'],
      [
        ['with 其余符合 and 同上一台', String(r.now.taps), per(r.now.taps), per(r.now.chars)],
        ['the old way, same visit', String(r.old.taps), per(r.old.taps), per(r.old.chars)],
      ],
    ),
  );
  out(`  measured before, the old way: ${r.measuredBefore} taps per item (a 277-item full visit).`);
  out(`  target: ≤ ${r.target} taps per item.`);
  out();
  const now = r.now.taps / r.items;
  return [
    {
      figure: 'Taps per item, full visit (其余符合, 同上一台)',
      value: per(r.now.taps),
      target: `≤ ${r.target}`,
      verdict: verdict(now <= r.target),
    },
    {
      figure: 'Taps per item, the old way (same visit / measured before)',
      value: `${per(r.old.taps)} / ${r.measuredBefore}`,
      target: '(info)',
      verdict: 'INFO',
    },
    {
      figure: 'Typed characters per item (now / the old way)',
      value: `${per(r.now.chars)} / ${per(r.old.chars)}`,
      target: '(info)',
      verdict: 'INFO',
    },
  ];
}
