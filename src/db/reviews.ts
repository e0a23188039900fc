import type { Review } from '../shared/inspection';
import { write } from './connection';
import { recordChange } from './outbox';

/**
 * The office's verdict on an inspection. Not an edit of the record (a signed record is
 * reviewed as it stands), so it does not go through editInspection's lock.
 */
export async function saveReview(
  inspectionId: string,
  status: Review['status'],
  comment: string,
  by: string,
): Promise<Review> {
  const review: Review = { id: inspectionId, inspectionId, status, comment, by, at: Date.now() };
  await write((db) =>
    db.transaction('rw', db.reviews, db.outbox, db.authored, async () => {
      await db.reviews.put(review);
      await recordChange(db, { kind: 'review', record: review });
    }),
  );
  return review;
}
