import type { Table } from 'dexie';
import { isLocked } from '../shared/evidence';
import type { Inspection } from '../shared/inspection';
import type { XunjianDB } from './database';
import { InspectionLockedError } from './errors';
import { write } from './connection';

/**
 * Change the content of an inspection in one transaction: refused once it is signed
 * (checked inside the transaction, so no write can slip in beside a signature), and
 * the inspection's updatedAt moves with the change. The outbox is in the transaction:
 * `change` records what it wrote with recordChange (src/db/outbox.ts).
 */
export function editInspection<T>(
  inspectionId: string,
  tables: (db: XunjianDB) => Table[],
  change: (db: XunjianDB) => Promise<T>,
  /** More of the inspection row to set with updatedAt (one write, not two: a tap is hot). */
  touch: Partial<Pick<Inspection, 'position'>> = {},
): Promise<T> {
  return write((db) =>
    db.transaction('rw', [...tables(db), db.inspections, db.signatures, db.outbox, db.authored], async () => {
      const signatures = await db.signatures.where('inspectionId').equals(inspectionId).toArray();
      if (isLocked(signatures)) throw new InspectionLockedError(inspectionId);
      const result = await change(db);
      await db.inspections.update(inspectionId, { ...touch, updatedAt: Date.now() });
      return result;
    }),
  );
}
