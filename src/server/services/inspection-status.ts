// What the office list shows of an inspection, kept on its row by the push that changed
// it: the list then filters and sorts without opening a record.
import { isLocked } from '../../shared/evidence';
import type { Review } from '../../shared/inspection';
import type { InspectionStatus } from '../../shared/sync-protocol';
import type { PushScope } from './push-scope';

/** Signed, then the office's verdict on it; a returned inspection stays "returned" until signed again. */
function statusOf(signed: boolean, review: Review | undefined): InspectionStatus {
  if (signed) return review?.status ?? 'signed';
  return review?.status === 'returned' ? 'returned' : 'open';
}

/** Refresh the status of every inspection the push wrote to (after its writes are flushed). */
export async function refreshStatuses(scope: PushScope, at: number): Promise<void> {
  for (const inspectionId of scope.touched) {
    const signed = isLocked(await scope.signaturesOf(inspectionId));
    const review = await scope.get<Review>({ inspectionId, kind: 'review', id: inspectionId });
    await scope.trx
      .updateTable('inspections')
      .set({ status: statusOf(signed, review), updated_at: at })
      .where('id', '=', inspectionId)
      .where('org_id', '=', scope.orgId)
      .execute();
  }
}
