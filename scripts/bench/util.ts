/** Small helpers shared by the `npm run bench` parts. */

/** Progress goes to stderr; results (the tables) go to stdout. */
export function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

export function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** Reject after `ms` (the work itself keeps running: callers clean up in `finally`). */
export async function timeBox<T>(label: string, ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label}: timed out after ${Math.round(ms / 1000)} s`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Nearest-rank percentile (p in 0..100) of unsorted numbers; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

/** Median: the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export const ms = (v: number, digits = 1) => (Number.isFinite(v) ? `${v.toFixed(digits)} ms` : 'n/a');

/** "12.34 KB (12.64 kB)": KB = 1024 bytes, kB = 1000 bytes. */
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB (${(bytes / 1000).toFixed(2)} kB)`;

export type Verdict = 'PASS' | 'MISS' | 'INFO' | 'n/a';

export interface Row {
  figure: string;
  value: string;
  target: string;
  verdict: Verdict;
}

export const verdict = (ok: boolean | undefined): Verdict => (ok === undefined ? 'n/a' : ok ? 'PASS' : 'MISS');

/** A plain-text table; widths follow the content (CJK counted as two columns). */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const wide = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;
  const width = (s: string) => [...s].reduce((n, ch) => n + (wide.test(ch) ? 2 : 1), 0);
  const widths = headers.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c + ' '.repeat((widths[i] ?? 0) - width(c)))
      .join(' │ ')
      .trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('─┼─'), ...rows.map(line)].join('\n');
}

export function rowsTable(rows: readonly Row[]): string {
  return table(
    ['figure', 'measured', 'target', ''],
    rows.map((r) => [r.figure, r.value, r.target, r.verdict]),
  );
}
