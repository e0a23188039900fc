// The marking printed in the header of every page of the record and the drafted report
// (e.g. 内部资料 注意保密). The user sets it once for the phone (src/db/settings.ts:
// SETTINGS.marking); empty prints none.

export const DEFAULT_MARKING = '内部资料 注意保密';

/** Longest marking: it shares one header line with the unit name. */
export const MARKING_MAX = 30;

/** The marking a stored setting stands for: the default until the user set one. */
export function markingOf(stored: unknown): string {
  return typeof stored === 'string' ? Array.from(stored.trim()).slice(0, MARKING_MAX).join('') : DEFAULT_MARKING;
}
