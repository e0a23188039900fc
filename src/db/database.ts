import { Dexie, type EntityTable, type Table } from 'dexie';
import type { ChecklistTemplate } from '../shared/checklist';
import type { Photo, Signature, StoredBlob } from '../shared/evidence';
import type { Answer, Computer, Finding, Inspection, RoomVisit } from '../shared/inspection';
import { SCHEMA_VERSIONS } from './migrations';

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
};

/** Sections of the drafted report the inspector rewrote; the rest follow the data. */
export interface DraftEdits {
  inspectionId: string;
  sections: Record<string, string>;
  updatedAt: number;
}

export const DB_NAME = 'xunjian';

/**
 * Open handle on the database with schema versions up to `upTo` (tests open older
 * versions to prove that data written by version N opens under N+1).
 */
export function createDatabase(name = DB_NAME, upTo = Infinity): XunjianDB {
  const db = new Dexie(name) as XunjianDB;
  for (const v of SCHEMA_VERSIONS) {
    if (v.version > upTo) break;
    const version = db.version(v.version).stores(v.stores);
    if (v.upgrade) version.upgrade(v.upgrade);
  }
  return db;
}
