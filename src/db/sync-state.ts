// What the screens show about sync, read without loading the outbox's write code
// (the start-up list shows a badge per inspection).
import { database } from './connection';

/** Pending entries per inspection, for "not synced" labels. */
async function pendingByInspection(): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  await database()
    .outbox.orderBy('inspectionId')
    .eachKey((key) => {
      const id = String(key);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    });
  return counts;
}

export interface InspectionSync {
  /** Changes of this inspection the server has not confirmed. */
  pending: number;
  /** When the server last had everything this device recorded for it. */
  syncedAt: number | undefined;
}

/** Sync state per inspection, for the list's "not synced / synced at HH:MM". */
export async function syncOverview(): Promise<Map<string, InspectionSync>> {
  const db = database();
  const [pending, states] = await Promise.all([pendingByInspection(), db.syncState.toArray()]);
  const overview = new Map<string, InspectionSync>();
  for (const s of states) overview.set(s.inspectionId, { pending: 0, syncedAt: s.syncedAt });
  for (const [id, count] of pending) overview.set(id, { pending: count, syncedAt: overview.get(id)?.syncedAt });
  return overview;
}
