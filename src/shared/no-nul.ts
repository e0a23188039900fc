// PostgreSQL's text and jsonb cannot hold U+0000 (SQLite can): a NUL that reached the
// database would answer 500 on one engine, and that entry would block the phone's outbox
// on every retry. The shared schemas refuse it on both engines instead, so the one entry
// fails alone as invalid-mutation and everything after it goes through.
import type { z } from './zod';

const NUL_MESSAGE = 'text may not contain the NUL character (U+0000)';

/** The path of the first string (or object key) holding U+0000, if any. */
function findNul(value: unknown, path: (string | number)[] = []): (string | number)[] | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const at = findNul(v, [...path, i]);
      if (at) return at;
    }
    return undefined;
  }
  if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) return [...path, k];
      const at = findNul(v, [...path, k]);
      if (at) return at;
    }
  return undefined;
}

/** A zod refinement: refuse a value with U+0000 anywhere in it. */
export function refuseNul(value: unknown, ctx: z.RefinementCtx): void {
  const at = findNul(value);
  if (at) ctx.addIssue({ code: 'custom', path: at, message: NUL_MESSAGE });
}
