// Owner and deadline suggestions for a finding: in one visit the same few people own
// most measures, and deadlines come in a few usual lengths.
import type { Finding } from './inspection';

/** Owners already named in this inspection's findings, most used first (then most recent). */
export function ownerSuggestions(findings: Iterable<Finding>, limit = 4): string[] {
  const seen = new Map<string, { count: number; last: number }>();
  for (const f of findings) {
    const owner = f.rectification.owner.trim();
    if (!owner) continue;
    const s = seen.get(owner) ?? { count: 0, last: 0 };
    seen.set(owner, { count: s.count + 1, last: Math.max(s.last, f.updatedAt) });
  }
  return [...seen.entries()]
    .sort(([, a], [, b]) => b.count - a.count || b.last - a.last)
    .slice(0, limit)
    .map(([owner]) => owner);
}

export type DeadlinePreset = 'days7' | 'days30' | 'yearEnd';
export const DEADLINE_PRESETS: readonly DeadlinePreset[] = ['days7', 'days30', 'yearEnd'];

const iso = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** The date a preset means, counted from `from` (YYYY-MM-DD, the local calendar day). */
export function deadlineOf(preset: DeadlinePreset, from: string): string {
  const [y, m, d] = from.split('-').map(Number) as [number, number, number];
  if (preset === 'yearEnd') return `${y}-12-31`;
  return iso(new Date(y, m - 1, d + (preset === 'days7' ? 7 : 30)));
}
