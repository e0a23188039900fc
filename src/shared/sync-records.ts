// What the changes of the sync wire format (sync-protocol.ts) are about, for both sides.
// Types only from the protocol: its zod schemas stay out of the app shell, which imports this.
import type { Change, Mutation } from './sync-protocol';

/** The inspection a change belongs to: the record's own id for an inspection, else its inspectionId. */
export function inspectionOf(change: Mutation | Change): string {
  if (change.kind === 'reopen') return change.inspectionId;
  return change.kind === 'inspection' ? change.record.id : change.record.inspectionId;
}
