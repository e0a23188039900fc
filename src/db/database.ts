import { Dexie, type EntityTable, type Table } from 'dexie';
import type { ChecklistTemplate } from '../shared/checklist';
import type { Photo, Signature, StoredBlob } from '../shared/evidence';
import type { Answer, Computer, Finding, Inspection, Review, RoomVisit } from '../shared/inspection';
import type { FailureCode, Mutation } from '../shared/sync-protocol';
import type { HeldChange } from './held-changes';
import { SCHEMA_VERSIONS } from './migrations';
import { atRestMiddleware } from './at-rest/middleware';

export interface Setting {
  key: string;
  value: unknown;
}

export type XunjianDB = Dexie & {
  inspections: EntityTable<Inspection, 'id'>;
  rooms: EntityTable<RoomVisit, 'id'>;
  computers: EntityTable<Computer, 'id'>;
  answers: EntityTable<Answer, 'id'>;
  findings: EntityTable<Finding, 'id'>;
  templates: Table<ChecklistTemplate, [string, number]>;
  settings: EntityTable<Setting, 'key'>;
  photos: EntityTable<Photo, 'id'>;
  blobs: EntityTable<StoredBlob, 'sha256'>;
  signatures: EntityTable<Signature, 'id'>;
  drafts: EntityTable<DraftEdits, 'inspectionId'>;
  outbox: EntityTable<OutboxEntry, 'id'>;
  uploads: EntityTable<PendingUpload, 'sha256'>;
  conflicts: EntityTable<Conflict, 'key'>;
  refusals: EntityTable<Refusal, 'id'>;
  reviews: EntityTable<Review, 'inspectionId'>;
  syncState: EntityTable<InspectionSyncState, 'inspectionId'>;
  authored: EntityTable<{ key: string }, 'key'>;
  deleted: EntityTable<{ inspectionId: string; at: number }, 'inspectionId'>;
  held: EntityTable<HeldChange, 'key'>;
};

/** The tables that hold an inspection's record (what a signature covers, what sync carries). */
export function recordTables(db: XunjianDB): Table[] {
  return [db.inspections, db.rooms, db.computers, db.answers, db.findings, db.photos, db.signatures];
}

/** A change made on this device that the server has not confirmed yet. */
export interface OutboxEntry {
  /** Local order: the order the changes were made in. */
  id: number;
  /** `kind:recordId`: a newer state of a record not yet sent replaces the pending one. */
  key: string;
  inspectionId: string;
  mutation: Mutation;
  /** The per-device sequence number, given when the entry is first sent and never changed after. */
  seq?: number;
}

/** Bytes (a photo, a signature image) the server has not confirmed. */
export interface PendingUpload {
  sha256: string;
  type: string;
  bytes: number;
  /** The server will never take these bytes (too large, wrong type): not retried, shown instead. */
  refused?: string;
}

/** Another device's change replaced what this device had: shown on the item, kept until dismissed. */
export interface Conflict {
  key: string;
  inspectionId: string;
  kind: 'answer' | 'finding' | 'room' | 'computer' | 'inspection';
  recordId: string;
  /** This device's version that the server's newer one replaced (the server keeps it in its history too). */
  replaced: Answer | Finding | RoomVisit | Computer | Inspection;
  /** Who made the version now current. */
  by: string;
  at: number;
}

/** An entry the server can never apply: kept with its content, so nothing is lost silently. */
export interface Refusal {
  id: number;
  inspectionId: string;
  seq: number;
  code: FailureCode;
  message: string;
  mutation: Mutation;
  at: number;
}

export interface InspectionSyncState {
  inspectionId: string;
  /** When the server last confirmed everything this device had recorded for it. */
  syncedAt: number;
}

/** Sections of the drafted report the inspector rewrote; the rest follow the data. */
export interface DraftEdits {
  inspectionId: string;
  sections: Record<string, string>;
  /** Who the report speaks as (单位自查 / 上级检查), when the inspector chose; not indexed, so no new version. */
  voice?: 'self' | 'office';
  updatedAt: number;
}

const DB_NAME = 'xunjian';

/**
 * Open handle on the database with schema versions up to `upTo` (tests open older
 * versions to prove that data written by version N opens under N+1).
 */
export function createDatabase(name = DB_NAME, upTo = Infinity): XunjianDB {
  const db = new Dexie(name) as XunjianDB;
  // Rows are sealed once the app lock is set up (src/db/at-rest), migrations' rows included.
  db.use(atRestMiddleware);
  for (const v of SCHEMA_VERSIONS) {
    if (v.version > upTo) break;
    const version = db.version(v.version).stores(v.stores);
    if (v.upgrade) version.upgrade(v.upgrade);
  }
  return db;
}
