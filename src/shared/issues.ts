import type { z } from './zod';

/** The first few zod issues as one line: enough to fix the client, short enough to log. */
export function describeIssues(error: z.ZodError, root = '(body)'): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || root}: ${i.message}`)
    .join('; ');
}
