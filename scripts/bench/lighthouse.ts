/**
 * Part 2 of `npm run bench`: Lighthouse 12 (mobile emulation, its default) on the
 * production build served by the real server. Each run is a fresh Chromium profile,
 * i.e. a first visit with empty storage.
 */
import { existsSync } from 'node:fs';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { progress, timeBox } from './util';
import { CHROMIUM_ARGS } from '../../test/helpers/browser';

export const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;
export type Category = (typeof CATEGORIES)[number];

// The same flags as the e2e tests (measured on these machines; see test/helpers/browser.ts),
// without --disable-quic, which Lighthouse does not need.
const CHROME_FLAGS = CHROMIUM_ARGS.filter((flag) => flag !== '--disable-quic');

export interface FailingAudit {
  category: Category;
  id: string;
  title: string;
  score: number;
  detail?: string;
  /** The first offending items (console message, element, URL…). */
  items: string[];
}

export interface LighthouseRun {
  scores: Record<Category, number>;
  /** FCP, LCP, TBT (ms) and CLS, from the performance metrics audits. */
  metrics: { fcp: number; lcp: number; tbt: number; cls: number; si: number };
  failing: FailingAudit[];
  /** Performance opportunities/diagnostics that are not passing (for the developer). */
  perfHints: FailingAudit[];
  warnings: string[];
}

export type LighthouseAttempt = { ok: true; run: LighthouseRun } | { ok: false; error: string };

type Lhr = NonNullable<Awaited<ReturnType<typeof lighthouse>>>['lhr'];

function audits(lhr: Lhr, category: Category, below: number): FailingAudit[] {
  const out: FailingAudit[] = [];
  for (const ref of lhr.categories[category]?.auditRefs ?? []) {
    const a = lhr.audits[ref.id];
    if (!a || a.score === null || a.score >= below) continue;
    if (['notApplicable', 'manual', 'informative'].includes(a.scoreDisplayMode)) continue;
    const details = a.details as { items?: Record<string, unknown>[] } | undefined;
    const items = (details?.items ?? []).slice(0, 3).map((it) => {
      const node = it.node as { snippet?: string; nodeLabel?: string } | undefined;
      const text =
        it.description ?? (node ? `${node.snippet} "${node.nodeLabel}"` : undefined) ?? it.url ?? it.issueType;
      return String(text ?? JSON.stringify(it)).slice(0, 200);
    });
    out.push({ category, id: a.id, title: a.title, score: a.score, detail: a.displayValue, items });
  }
  return out;
}

function summarize(lhr: Lhr): LighthouseRun {
  if (lhr.runtimeError) throw new Error(`${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
  const scores = {} as Record<Category, number>;
  for (const c of CATEGORIES) {
    const score = lhr.categories[c]?.score;
    if (typeof score !== 'number') throw new Error(`no ${c} score`);
    scores[c] = Math.round(score * 100);
  }
  const num = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
  return {
    scores,
    metrics: {
      fcp: num('first-contentful-paint'),
      lcp: num('largest-contentful-paint'),
      tbt: num('total-blocking-time'),
      cls: num('cumulative-layout-shift'),
      si: num('speed-index'),
    },
    failing: [...audits(lhr, 'accessibility', 1), ...audits(lhr, 'best-practices', 1)],
    perfHints: audits(lhr, 'performance', 0.9).filter(
      (a) =>
        !a.id.match(
          /^(first|largest)-contentful-paint$|^speed-index$|^total-blocking-time$|^cumulative-layout-shift$|^interactive$|^max-potential-fid$/,
        ),
    ),
    warnings: lhr.runWarnings,
  };
}

async function once(url: string): Promise<LighthouseRun> {
  const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
  // chrome-launcher turns a missing binary into an unhandled 'error' event: check first.
  if (!existsSync(chromePath)) throw new Error(`no Chromium at ${chromePath} (set CHROME_PATH)`);
  const chrome = await chromeLauncher.launch({
    chromePath,
    chromeFlags: CHROME_FLAGS,
    logLevel: 'silent',
  });
  try {
    const result = await timeBox(
      'lighthouse run',
      120_000,
      lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] }),
    );
    if (!result) throw new Error('lighthouse returned no result');
    return summarize(result.lhr);
  } finally {
    try {
      chrome.kill();
    } catch {
      // already gone
    }
  }
}

/** `runs` runs; a failed run is retried once, and if the retry fails too it is reported as failed. */
export async function runLighthouse(url: string, runs: number): Promise<LighthouseAttempt[]> {
  const attempts: LighthouseAttempt[] = [];
  for (let i = 1; i <= runs; i++) {
    let attempt: LighthouseAttempt | undefined;
    for (let tryNo = 1; tryNo <= 2 && !attempt?.ok; tryNo++) {
      progress(`lighthouse: run ${i}/${runs}${tryNo > 1 ? ' (retry)' : ''}`);
      const t0 = Date.now();
      try {
        attempt = { ok: true, run: await once(url) };
        const s = attempt.run.scores;
        progress(
          `lighthouse: run ${i} done in ${((Date.now() - t0) / 1000).toFixed(0)} s: ${CATEGORIES.map((c) => `${c} ${s[c]}`).join(', ')}`,
        );
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        progress(`lighthouse: run ${i} failed: ${error}`);
        attempt = {
          ok: false,
          error: tryNo > 1 ? `${attempt && !attempt.ok ? attempt.error + '; retry: ' : ''}${error}` : error,
        };
      }
    }
    attempts.push(attempt as LighthouseAttempt);
  }
  return attempts;
}
