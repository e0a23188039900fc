// Storage rows ↔ wire messages: the one place that knows both shapes.
import { canonicalJson } from '../../shared/digest';
import type { Change, RecordKind, SyncedRecord } from '../../shared/sync-protocol';
import type { RecordRow } from '../storage/schema';

/** The JSON text stored for a record: canonical key order, so equal records store equal text. */
export function encodeRecord(record: SyncedRecord): string {
  return canonicalJson(record);
}

export function decodeRecord<T extends SyncedRecord = SyncedRecord>(body: string): T {
  return JSON.parse(body) as T;
}

/** A stored record, with its writer's user name, as a pull sends it. */
export function toChange(
  row: Pick<RecordRow, 'kind' | 'body' | 'change_id' | 'device_id'> & { by: string | null },
): Change {
  return {
    changeId: row.change_id,
    kind: row.kind as RecordKind,
    record: decodeRecord(row.body),
    deviceId: row.device_id,
    by: row.by ?? '',
  } as Change;
}
