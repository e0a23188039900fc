// The synced records of an inspection, read and written inside a push transaction.
import type { Kysely, Transaction } from 'kysely';
import { isLocked, type Photo, type Signature } from '../../shared/evidence';
import type { DigestInput } from '../../shared/digest';
import type { Answer, Computer, Finding, Inspection, RoomVisit } from '../../shared/inspection';
import type { RecordKind, Role, SyncedRecord } from '../../shared/sync-protocol';
import type { Schema } from '../storage/schema';
import { decodeRecord, encodeRecord } from './encoder';

export type Trx = Transaction<Schema> | Kysely<Schema>;

/** Who writes, and which outbox entry the write comes from. */
export interface Writer {
  orgId: number;
  deviceId: string;
  role: Role;
  seq: number;
  at: number;
}

/**
 * Item-level records several inspectors may edit, and the office's verdict: the version
 * a later change replaces is kept, so nothing is silently lost (and a review's earlier
 * verdicts stay on file). Rooms, computers and the inspection itself are edited by
 * whoever owns them, and photos and signatures are not overwritten.
 */
const KEEP_HISTORY = new Set<RecordKind>(['answer', 'finding', 'review']);

/** The inspection if it belongs to this organisation. Another organisation's looks like none. */
export function ownInspection(trx: Trx, orgId: number, inspectionId: string) {
  return trx
    .selectFrom('inspections')
    .select(['id', 'org_id'])
    .where('id', '=', inspectionId)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
}

export async function getRecord<T extends SyncedRecord>(
  trx: Trx,
  orgId: number,
  inspectionId: string,
  kind: RecordKind,
  id: string,
): Promise<T | undefined> {
  const row = await trx
    .selectFrom('records')
    .select('body')
    .where('org_id', '=', orgId)
    .where('inspection_id', '=', inspectionId)
    .where('kind', '=', kind)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && decodeRecord<T>(row.body);
}

export async function signaturesOf(trx: Trx, orgId: number, inspectionId: string): Promise<Signature[]> {
  const rows = await trx
    .selectFrom('records')
    .select('body')
    .where('org_id', '=', orgId)
    .where('inspection_id', '=', inspectionId)
    .where('kind', '=', 'signature')
    .execute();
  return rows.map((r) => decodeRecord<Signature>(r.body));
}

/** What a signature covers, as the server holds it now; undefined without the inspection record. */
export async function contentOf(trx: Trx, orgId: number, inspectionId: string): Promise<DigestInput | undefined> {
  const rows = await trx
    .selectFrom('records')
    .select(['kind', 'body'])
    .where('org_id', '=', orgId)
    .where('inspection_id', '=', inspectionId)
    .where('kind', 'in', ['inspection', 'room', 'computer', 'answer', 'finding', 'photo'])
    .execute();
  const byKind = new Map<RecordKind, SyncedRecord[]>();
  for (const { kind, body } of rows) {
    const list = byKind.get(kind);
    if (list) list.push(decodeRecord(body));
    else byKind.set(kind, [decodeRecord(body)]);
  }
  const of = <T extends SyncedRecord>(kind: RecordKind) => (byKind.get(kind) ?? []) as T[];
  const [inspection] = of<Inspection>('inspection');
  if (!inspection) return undefined;
  return {
    inspection,
    rooms: of<RoomVisit>('room'),
    computers: of<Computer>('computer'),
    answers: of<Answer>('answer'),
    findings: of<Finding>('finding'),
    photos: of<Photo>('photo'),
  };
}

export async function isSigned(trx: Trx, orgId: number, inspectionId: string): Promise<boolean> {
  return isLocked(await signaturesOf(trx, orgId, inspectionId));
}

/**
 * Make `record` the current version, at the next position in server order. Writing
 * what is already stored changes nothing (a replay, or two devices agreeing).
 */
export async function putRecord(
  trx: Trx,
  writer: Writer,
  kind: RecordKind,
  inspectionId: string,
  record: SyncedRecord,
): Promise<'written' | 'unchanged'> {
  const body = encodeRecord(record);
  const key = { org_id: writer.orgId, inspection_id: inspectionId, kind, id: record.id };
  const previous = await trx
    .selectFrom('records')
    .select(['body', 'change_id', 'device_id'])
    .where('org_id', '=', key.org_id)
    .where('inspection_id', '=', key.inspection_id)
    .where('kind', '=', key.kind)
    .where('id', '=', key.id)
    .executeTakeFirst();
  if (previous?.body === body) return 'unchanged';

  const change = await trx
    .insertInto('changes')
    .values({
      org_id: writer.orgId,
      device_id: writer.deviceId,
      seq: writer.seq,
      inspection_id: inspectionId,
      kind,
      record_id: record.id,
      at: writer.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  if (!previous) {
    await trx
      .insertInto('records')
      .values({ ...key, body, change_id: change.id, device_id: writer.deviceId })
      .execute();
    return 'written';
  }
  if (KEEP_HISTORY.has(kind))
    await trx
      .insertInto('record_history')
      .values({
        org_id: key.org_id,
        inspection_id: key.inspection_id,
        kind,
        record_id: key.id,
        body: previous.body,
        change_id: previous.change_id,
        device_id: previous.device_id,
        superseded_by: change.id,
      })
      .execute();
  await trx
    .updateTable('records')
    .set({ body, change_id: change.id, device_id: writer.deviceId })
    .where('org_id', '=', key.org_id)
    .where('inspection_id', '=', key.inspection_id)
    .where('kind', '=', key.kind)
    .where('id', '=', key.id)
    .execute();
  return 'written';
}
