// What one push knows of the inspections it touches: read once, then kept up to date by
// the push's own writes. An entry then costs its writes, not a fresh read of its
// inspection's owner, signatures and current version for each of up to 500 entries;
// and the writes go to the database together (`flush`), before anything reads them back.
import { isLocked, type Signature } from '../../shared/evidence';
import type { SyncedRecord } from '../../shared/sync-protocol';
import type { Role } from '../../shared/sync-protocol';
import { decodeRecord, encodeRecord } from './encoder';
import { isMember, readsWholeOrganisation } from './scope';
import {
  contentOf,
  keyOf,
  ownInspection,
  signaturesOf,
  storedRecords,
  writeRecords,
  type RecordKey,
  type RecordWrite,
  type StoredRecord,
  type Trx,
  type Writer,
} from './records';

export class PushScope {
  private readonly owned = new Map<string, boolean>();
  private readonly member = new Map<string, boolean>();
  /** Inspections this push wrote to: their list status is refreshed at the end. */
  readonly touched = new Set<string>();
  private readonly signatures = new Map<string, Signature[]>();
  /** Current versions by record key; `undefined` means known to be absent. */
  private readonly current = new Map<string, StoredRecord | RecordWrite | undefined>();
  /** Decided, in server order, not yet written. */
  private pending: RecordWrite[] = [];

  constructor(
    readonly trx: Trx,
    readonly orgId: number,
    readonly userId: number,
    readonly role: Role,
  ) {}

  /** Whether the organisation has the inspection. */
  async owns(inspectionId: string): Promise<boolean> {
    let owned = this.owned.get(inspectionId);
    if (owned === undefined) {
      owned = await ownInspection(this.trx, this.orgId, inspectionId);
      this.owned.set(inspectionId, owned);
    }
    return owned;
  }

  /** Whether the user works on the inspection (or reads the whole organisation's), so may change it. */
  async takesPart(inspectionId: string): Promise<boolean> {
    if (readsWholeOrganisation(this.role)) return true;
    let member = this.member.get(inspectionId);
    if (member === undefined) {
      member = await isMember(this.trx, inspectionId, this.userId);
      this.member.set(inspectionId, member);
    }
    return member;
  }

  /** The push created the inspection (and made its user the creator). */
  created(inspectionId: string): void {
    this.owned.set(inspectionId, true);
    this.member.set(inspectionId, true);
  }

  /** Whether `record` is exactly what the server holds already (a replay changes nothing, even when signed). */
  async holds(key: RecordKey, record: SyncedRecord): Promise<boolean> {
    return (await this.stored(key))?.body === encodeRecord(record);
  }

  async signaturesOf(inspectionId: string): Promise<Signature[]> {
    let list = this.signatures.get(inspectionId);
    if (!list) {
      list = await signaturesOf(this.trx, this.orgId, inspectionId);
      this.signatures.set(inspectionId, list);
    }
    return list;
  }

  async isSigned(inspectionId: string): Promise<boolean> {
    return isLocked(await this.signaturesOf(inspectionId));
  }

  /** Read the current versions of the records the push will write, one query per inspection. */
  async prefetch(keys: readonly RecordKey[]): Promise<void> {
    const byInspection = new Map<string, RecordKey[]>();
    for (const key of keys) {
      if (this.current.has(keyOf(key))) continue;
      const list = byInspection.get(key.inspectionId);
      if (list) list.push(key);
      else byInspection.set(key.inspectionId, [key]);
    }
    for (const [inspectionId, wanted] of byInspection) {
      for (const key of wanted) this.current.set(keyOf(key), undefined);
      for (const { kind, id, ...stored } of await storedRecords(this.trx, this.orgId, inspectionId, wanted))
        this.current.set(keyOf({ inspectionId, kind, id }), stored);
    }
  }

  async get<T extends SyncedRecord>(key: RecordKey): Promise<T | undefined> {
    const stored = await this.stored(key);
    return stored && decodeRecord<T>(stored.body);
  }

  /**
   * Make `record` the current version, at the next position in server order. Writing
   * what is already stored changes nothing (a replay, or two devices agreeing).
   */
  async put(writer: Writer, key: RecordKey, record: SyncedRecord): Promise<'written' | 'unchanged'> {
    const body = encodeRecord(record);
    const previous = await this.stored(key);
    if (previous?.body === body) return 'unchanged';
    this.touched.add(key.inspectionId);
    const write: RecordWrite = {
      writer,
      key,
      body,
      previous,
      device_id: writer.deviceId,
      seq: writer.seq,
      at: writer.at,
    };
    this.pending.push(write);
    this.current.set(keyOf(key), write);
    if (key.kind === 'signature') {
      const list = await this.signaturesOf(key.inspectionId);
      const at = list.findIndex((s) => s.id === key.id);
      if (at >= 0) list[at] = record as Signature;
      else list.push(record as Signature);
    }
    return 'written';
  }

  /** Write what the push has decided so far. */
  async flush(): Promise<void> {
    const writes = this.pending;
    this.pending = [];
    await writeRecords(this.trx, this.orgId, writes);
  }

  /** What a signature covers, with this push's writes. */
  async contentOf(inspectionId: string) {
    await this.flush();
    return contentOf(this.trx, this.orgId, inspectionId);
  }

  private async stored(key: RecordKey): Promise<StoredRecord | RecordWrite | undefined> {
    if (!this.current.has(keyOf(key))) await this.prefetch([key]);
    return this.current.get(keyOf(key));
  }
}
