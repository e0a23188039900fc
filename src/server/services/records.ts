// The synced records of an inspection, read and written inside a push transaction.
import type { Kysely, Transaction } from 'kysely';
import type { Photo, Signature } from '../../shared/evidence';
import type { DigestInput } from '../../shared/digest';
import type { Answer, Computer, Finding, Inspection, RoomVisit } from '../../shared/inspection';
import type { RecordKind, Role, SyncedRecord } from '../../shared/sync-protocol';
import { takeChangeIds } from '../storage/order-lock';
import type { Schema } from '../storage/schema';
import { insertRows } from './batch-insert';
import { decodeRecord } from './encoder';
import { mayReadBlob } from './scope';

export type Trx = Transaction<Schema> | Kysely<Schema>;

/** Who writes, and which outbox entry the write comes from. */
export interface Writer {
  orgId: number;
  deviceId: string;
  role: Role;
  /** The authenticated user's name: the server's attribution of reviews and reopenings. */
  name: string;
  userId: number;
  seq: number;
  at: number;
}

/** Which record: records are keyed within their inspection. */
export interface RecordKey {
  inspectionId: string;
  kind: RecordKind;
  id: string;
}

/** A record as stored now: its JSON text, the change that made it current and the entry that wrote it. */
export interface StoredRecord {
  body: string;
  change_id: number;
  device_id: string;
  seq: number;
  /** When the push that wrote this version was applied (server clock). */
  at: number;
}

/**
 * Every kind keeps the versions a later change replaces: nothing is silently lost (two
 * phones renaming one room, a review's earlier verdicts), and every change id a pull
 * ever sent stays on file, so a pull cursor can be checked against the data set
 * (services/pull-cursor.ts: a restored server no longer holds the change it names).
 */

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
    .select([
      'records.kind',
      'records.id',
      'records.body',
      'records.change_id',
      'records.device_id',
      'records.seq',
      'records.at',
    ])
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

/** A write a push has decided on; its change id is given when the batch is written. */
export interface RecordWrite {
  writer: Writer;
  key: RecordKey;
  body: string;
  /** The version it replaces: stored before the push, or an earlier write of the same batch. */
  previous: StoredRecord | RecordWrite | undefined;
  change_id?: number;
  device_id: string;
  seq: number;
  at: number;
}

/** A record key as one string (a map key). */
export const keyOf = (key: RecordKey) => `${key.inspectionId}\u0000${key.kind}\u0000${key.id}`;

/**
 * Write a batch in server order: a block of change ids from the organisation's counter
 * (a write's change id is its place in that order), the versions they replace into
 * history, and the last write of each record as its current
 * version. A few multi-row statements, not three statements a write: the push path's
 * cost is mostly per statement.
 */
export async function writeRecords(trx: Trx, orgId: number, writes: readonly RecordWrite[]): Promise<void> {
  if (!writes.length) return;
  const first = await takeChangeIds(trx, orgId, writes.length);
  writes.forEach((write, i) => (write.change_id = first + i));

  const history = writes.flatMap(({ key, previous, change_id }) =>
    previous
      ? [
          {
            org_id: orgId,
            inspection_id: key.inspectionId,
            kind: key.kind,
            record_id: key.id,
            body: previous.body,
            change_id: previous.change_id!,
            device_id: previous.device_id,
            seq: previous.seq,
            at: previous.at,
            superseded_by: change_id!,
          },
        ]
      : [],
  );
  await insertRows(trx, 'record_history', history, {}, (t, rows) => t.insertInto('record_history').values(rows));

  // The last write of each record is current; the earlier ones are in history already.
  const current = new Map(writes.map((w) => [keyOf(w.key), w]));
  const records = [...current.values()].map(({ key, body, change_id, device_id, seq, at }) => ({
    org_id: orgId,
    inspection_id: key.inspectionId,
    kind: key.kind,
    id: key.id,
    body,
    change_id: change_id!,
    device_id,
    seq,
    at,
  }));
  await insertRows(trx, 'records', records, { orgId }, (t, rows, extra) =>
    t
      .insertInto('records')
      .values(rows)
      .onConflict((oc) =>
        oc
          .columns(['inspection_id', 'kind', 'id'])
          .doUpdateSet((eb) => ({
            body: eb.ref('excluded.body'),
            change_id: eb.ref('excluded.change_id'),
            device_id: eb.ref('excluded.device_id'),
            seq: eb.ref('excluded.seq'),
            at: eb.ref('excluded.at'),
          }))
          .where('records.org_id', '=', extra.orgId),
      ),
  );
  await insertRows(trx, 'blob_refs', await provenRefs(trx, orgId, writes), {}, (t, rows) =>
    t
      .insertInto('blob_refs')
      .values(rows)
      .onConflict((oc) => oc.columns(['sha256', 'inspection_id']).doNothing()),
  );
}

/**
 * The blobs the writes name that become readable through their inspection: those the
 * writer uploaded (proved to hold), may read already, or that are not on the server at
 * all yet (their bytes come later, verified). Naming a hash one only heard of (a removed
 * participant, a copy from before scopes) makes nothing readable.
 */
async function provenRefs(trx: Trx, orgId: number, writes: readonly RecordWrite[]) {
  const refs = [];
  for (const write of writes)
    for (const ref of blobOf(write)) {
      const { userId, role } = write.writer;
      const uploaded = await trx
        .selectFrom('blob_uploads')
        .select('sha256')
        .where('sha256', '=', ref.sha256)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      const stored = await trx
        .selectFrom('blobs')
        .select('sha256')
        .where('org_id', '=', orgId)
        .where('sha256', '=', ref.sha256)
        .executeTakeFirst();
      if (uploaded || !stored || (await mayReadBlob(trx, { orgId, userId, role }, ref.sha256))) refs.push(ref);
    }
  return refs;
}

/** The blob a photo or signature write names, so reading its bytes can be checked against scope. */
function blobOf(write: RecordWrite): { inspection_id: string; sha256: string }[] {
  if (write.key.kind !== 'photo' && write.key.kind !== 'signature') return [];
  const record = decodeRecord<Photo | Signature>(write.body);
  const sha256 = 'sha256' in record ? record.sha256 : record.pngSha256;
  return [{ inspection_id: write.key.inspectionId, sha256 }];
}
