// Storage rows ↔ wire messages: the one place that knows both shapes.
import type { Change, RecordKind, SyncedRecord } from '../../shared/sync-protocol';
import type { RecordRow } from '../storage/schema';

/**
 * The JSON text stored for a record: canonical key order, so equal records store equal
 * text. The same text as `canonicalJson` (shared/digest.ts), which stored bodies were
 * written with and are compared against; this one remembers the sorted order of each
 * shape of object, as a push of 500 answers has one shape 500 times.
 */
export function encodeRecord(record: SyncedRecord): string {
  return canonical(record);
}

interface Field {
  key: string;
  /** `"key":` */
  prefix: string;
}

/** Sorted fields by an object's own keys in their own order; bounded, as keys come from devices. */
const fieldOrders = new Map<string, Field[]>();
const MAX_SHAPES = 1000;

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  const shape = keys.join('\u0000');
  let fields = fieldOrders.get(shape);
  // A key with a NUL in it could pass for two keys: such shapes are not kept, and the
  // count tells a lookup by one from the shape it looks like.
  if (fields?.length !== keys.length) {
    // Sorted as canonicalJson sorts: by UTF-16 code units.
    fields = keys.sort().map((key) => ({ key, prefix: `${JSON.stringify(key)}:` }));
    if (fieldOrders.size < MAX_SHAPES && !keys.some((key) => key.includes('\u0000'))) fieldOrders.set(shape, fields);
  }
  let text = '';
  for (const { key, prefix } of fields) {
    const field = object[key];
    if (field === undefined) continue;
    text += `${text ? ',' : ''}${prefix}${canonical(field)}`;
  }
  return `{${text}}`;
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
