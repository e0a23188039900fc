/** Prints parts 2–4 of `npm run bench` and returns their rows for the summary table. */
import type { AnswerStats, BrowserReport, LongTaskStats, ScrollStats } from './bench-browser';
import { CATEGORIES, type LighthouseAttempt, type LighthouseRun } from './bench-lighthouse';
import { median, ms, out, percentile, table, verdict, type Row } from './bench-util';

const lt = (s: LongTaskStats) =>
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

function latencyLine(label: string, values: number[]): string {
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

function scrollLine(s: ScrollStats): void {
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
      figure: `Long tasks scrolling+answering (${b.items} items)`,
      value: `${b.scroll.longTasks.count + b.answer.longTasks.count}, longest ${ms(worst, 0)}`,
      target: 'none > 100 ms',
      verdict: verdict(worst <= 100),
    },
    { figure: 'Room first render (median of 3)', value: ms(median(b.renderMs), 0), target: '(info)', verdict: 'INFO' },
    { figure: 'DOM nodes in the room', value: String(b.domNodes), target: '(info)', verdict: 'INFO' },
  ];
}
