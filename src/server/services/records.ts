// The synced records of an inspection, read and written inside a push transaction.
import type { Kysely, Transaction } from 'kysely';
import type { Photo, Signature } from '../../shared/evidence';
import type { DigestInput } from '../../shared/digest';
import type { Answer, Computer, Finding, Inspection, RoomVisit } from '../../shared/inspection';
import type { RecordKind, Role, SyncedRecord } from '../../shared/sync-protocol';
import type { Schema } from '../storage/schema';
import { decodeRecord } from './encoder';

export type Trx = Transaction<Schema> | Kysely<Schema>;

/** Who writes, and which outbox entry the write comes from. */
export interface Writer {
  orgId: number;
  deviceId: string;
  role: Role;
  seq: number;
  at: number;
}

/** Which record: records are keyed within their inspection. */
export interface RecordKey {
  inspectionId: string;
  kind: RecordKind;
  id: string;
}

/** A record as stored now: its JSON text and the change that made it current. */
export interface StoredRecord {
  body: string;
  change_id: number;
  device_id: string;
}

/**
 * Item-level records several inspectors may edit, and the office's verdict: the version
 * a later change replaces is kept, so nothing is silently lost (and a review's earlier
 * verdicts stay on file). Rooms, computers and the inspection itself are edited by
 * whoever owns them, and photos and signatures are not overwritten.
 */
const KEEP_HISTORY = new Set<RecordKind>(['answer', 'finding', 'review']);

/** Whether the inspection belongs to this organisation. Another organisation's looks like none. */
export async function ownInspection(trx: Trx, orgId: number, inspectionId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('inspections')
    .select('id')
    .where('id', '=', inspectionId)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The records of one of the organisation's inspections. Scoped through the inspection
 * rather than `records.org_id`: filtering on that column lets SQLite choose the pull
 * index and read every record of the organisation, once per call.
 */
function recordsOf(trx: Trx, orgId: number, inspectionId: string) {
  return trx
    .selectFrom('records')
    .innerJoin('inspections', 'inspections.id', 'records.inspection_id')
    .where('inspections.org_id', '=', orgId)
    .where('records.inspection_id', '=', inspectionId);
}

/** The current versions of these records of one inspection (absent ones are not in the map). */
export async function storedRecords(
  trx: Trx,
  orgId: number,
  inspectionId: string,
  keys: readonly Pick<RecordKey, 'kind' | 'id'>[],
): Promise<(StoredRecord & { kind: RecordKind; id: string })[]> {
  if (!keys.length) return [];
  // Both lists: the primary key (inspection, kind, id) then finds each row directly.
  return recordsOf(trx, orgId, inspectionId)
    .select(['records.kind', 'records.id', 'records.body', 'records.change_id', 'records.device_id'])
    .where('records.kind', 'in', [...new Set(keys.map((k) => k.kind))])
    .where('records.id', 'in', [...new Set(keys.map((k) => k.id))])
    .execute();
}

export async function signaturesOf(trx: Trx, orgId: number, inspectionId: string): Promise<Signature[]> {
  const rows = await recordsOf(trx, orgId, inspectionId)
    .select('records.body')
    .where('records.kind', '=', 'signature')
    .execute();
  return rows.map((r) => decodeRecord<Signature>(r.body));
}

/** What a signature covers, as the server holds it now; undefined without the inspection record. */
export async function contentOf(trx: Trx, orgId: number, inspectionId: string): Promise<DigestInput | undefined> {
  const rows = await recordsOf(trx, orgId, inspectionId)
    .select(['records.kind', 'records.body'])
    .where('records.kind', 'in', ['inspection', 'room', 'computer', 'answer', 'finding', 'photo'])
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

/**
 * Make `body` the current version of the record, at the next position in server order,
 * keeping the `previous` version in history where its kind asks for it. Returns what is
 * stored now.
 */
export async function writeRecord(
  trx: Trx,
  writer: Writer,
  key: RecordKey,
  body: string,
  previous: StoredRecord | undefined,
): Promise<StoredRecord> {
  const change = await trx
    .insertInto('changes')
    .values({
      org_id: writer.orgId,
      device_id: writer.deviceId,
      seq: writer.seq,
      inspection_id: key.inspectionId,
      kind: key.kind,
      record_id: key.id,
      at: writer.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const stored = { body, change_id: change.id, device_id: writer.deviceId };

  if (!previous) {
    await trx
      .insertInto('records')
      .values({ org_id: writer.orgId, inspection_id: key.inspectionId, kind: key.kind, id: key.id, ...stored })
      .execute();
    return stored;
  }
  if (KEEP_HISTORY.has(key.kind))
    await trx
      .insertInto('record_history')
      .values({
        org_id: writer.orgId,
        inspection_id: key.inspectionId,
        kind: key.kind,
        record_id: key.id,
        body: previous.body,
        change_id: previous.change_id,
        device_id: previous.device_id,
        superseded_by: change.id,
      })
      .execute();
  await trx
    .updateTable('records')
    .set(stored)
    .where('org_id', '=', writer.orgId)
    .where('inspection_id', '=', key.inspectionId)
    .where('kind', '=', key.kind)
    .where('id', '=', key.id)
    .execute();
  return stored;
}
