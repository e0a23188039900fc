// Numbered Dexie schema versions. Released versions are never edited: a change is a
// new entry at the end. Each entry lists the full store set of that version, as Dexie
// expects, plus an optional upgrade that rewrites old rows.
import type { Transaction } from 'dexie';

export interface SchemaVersion {
  version: number;
  stores: Record<string, string | null>;
  upgrade?: (tx: Transaction) => Promise<void>;
}

export const SCHEMA_VERSIONS: readonly SchemaVersion[] = [
  {
    version: 1,
    stores: {
      inspections: 'id, updatedAt',
      rooms: 'id, inspectionId',
      computers: 'id, inspectionId, roomId',
      answers: 'id, inspectionId',
      findings: 'id, inspectionId',
      templates: '[id+version], id',
      settings: 'key',
    },
  },
  {
    // Room views read one room's answers; a compound index avoids loading the whole
    // inspection for a 150-item office.
    version: 2,
    stores: {
      answers: 'id, inspectionId, [inspectionId+roomId]',
      findings: 'id, inspectionId, [inspectionId+roomId]',
    },
  },
  {
    // Evidence: photo records, their bytes stored once per SHA-256, and signatures.
    version: 3,
    stores: {
      photos: 'id, inspectionId, sha256',
      blobs: 'sha256',
      signatures: 'id, inspectionId',
    },
  },
  {
    // The inspector's edits to the drafted 自查报告, per inspection and section.
    version: 4,
    stores: {
      drafts: 'inspectionId',
    },
  },
];

export const LATEST_VERSION = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1]?.version ?? 1;
