import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { nestsDeeperThan } from '../../shared/json-depth';
import type { SyncError, SyncErrorCode } from '../../shared/sync-protocol';

/** A 4xx answer with a code the app branches on and a message a person can read. */
export function reject(
  c: Context,
  status: ContentfulStatusCode,
  error: SyncErrorCode,
  message: string,
  extra: Omit<SyncError, 'error' | 'message'> = {},
) {
  return c.json({ error, message, ...extra } satisfies SyncError, status);
}

/** The JSON body, or undefined when it is not JSON at all (or nests deeper than any message does). */
export async function readJson(c: Context): Promise<unknown> {
  try {
    const text = await c.req.text();
    if (nestsDeeperThan(text)) return undefined;
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export { describeIssues } from '../../shared/issues';
