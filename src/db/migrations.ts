// Numbered Dexie schema versions. Released versions are never edited: a change is a
// new entry at the end. Each entry lists the full store set of that version, as Dexie
// expects, plus an optional upgrade that rewrites old rows.
// A new index on a field rows already hold must come with an upgrade that re-puts those
// rows: on a locked phone the field is inside the sealed part (src/db/at-rest), where
// IndexedDB cannot see it, until the row is written again (which keeps it in the clear).
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
  {
    // Sync (issue 5). The outbox holds every change not yet confirmed by the server, in
    // the order it was made; `seq` is the per-device number, given when first sent.
    // Uploads are the bytes the server has not confirmed. Changes pulled from other
    // devices that replaced this device's answers are kept in `conflicts`; entries the
    // server refused in `refusals`; the office's reviews in `reviews`; when each
    // inspection was last fully synced in `syncState`.
    version: 5,
    stores: {
      outbox: '++id, key, inspectionId, seq',
      uploads: 'sha256',
      conflicts: 'key, inspectionId',
      refusals: '++id, inspectionId',
      reviews: 'inspectionId',
      syncState: 'inspectionId',
    },
    upgrade: backfillOutbox,
  },
  {
    // Which answers and findings this device wrote (a later version from another device
    // replacing one of them is a conflict worth showing; replacing one pulled from
    // elsewhere is not), and which inspections were deleted here (their changes pulled
    // later are not brought back).
    version: 6,
    stores: {
      authored: 'key',
      deleted: 'inspectionId',
    },
  },
  {
    // Data from before v6: a phone already signed in records whose data it holds (a
    // revoked token then cannot hand it to someone else), and every answer and finding
    // on it counts as written here (showing a conflict too many beats hiding one).
    version: 7,
    stores: {},
    upgrade: recordOwnerAndAuthorship,
  },
  {
    // Pulled changes this version cannot read, kept raw until an update can (held-changes.ts).
    version: 8,
    stores: {
      held: 'key, inspectionId',
    },
  },
];

async function recordOwnerAndAuthorship(tx: Transaction): Promise<void> {
  const settings = tx.table('settings');
  const account = (await settings.get('sync.account'))?.value as
    { user: unknown; organisation: unknown; deviceId: string } | undefined;
  if (account && !(await settings.get('sync.owner'))) {
    const { user, organisation, deviceId } = account;
    await settings.put({ key: 'sync.owner', value: { user, organisation, deviceId, deviceIds: [deviceId] } });
  }
  const keys: { key: string }[] = [];
  await tx
    .table('answers')
    .toCollection()
    .primaryKeys()
    .then((ids) => ids.forEach((id) => keys.push({ key: `answer:${String(id)}` })));
  await tx
    .table('findings')
    .toCollection()
    .primaryKeys()
    .then((ids) => ids.forEach((id) => keys.push({ key: `finding:${String(id)}` })));
  await tx.table('authored').bulkPut(keys);
}

/**
 * Inspections recorded before sync existed go to the server like new ones: each gets
 * outbox entries for its records (parents first) and its bytes become uploads.
 * Written out here, not shared with src/db/outbox.ts, because a released migration
 * must keep doing what it did when later code changes.
 */
async function backfillOutbox(tx: Transaction): Promise<void> {
  const outbox = tx.table('outbox');
  const add = (kind: string, record: { id: string; inspectionId?: string }, inspectionId: string) =>
    outbox.add({ key: `${kind}:${record.id}`, inspectionId, mutation: { kind, record } });
  const inspections = (await tx.table('inspections').toArray()) as { id: string; position?: unknown }[];
  for (const inspection of inspections) {
    const record = { ...inspection };
    delete record.position;
    await add('inspection', record, inspection.id);
    for (const kind of ['rooms', 'computers', 'answers', 'findings', 'photos', 'signatures'] as const) {
      const rows = (await tx.table(kind).where('inspectionId').equals(inspection.id).toArray()) as {
        id: string;
        voidedAt?: number;
      }[];
      // A voided signature reaches the server only through a reopen, which the server
      // records itself; the reopened record's content syncs without it.
      for (const row of rows) if (row.voidedAt === undefined) await add(kind.slice(0, -1), row, inspection.id);
    }
  }
  // One blob in memory at a time: weeks of offline photos do not fit at once on a phone.
  const uploads: { sha256: string; type: string; bytes: number }[] = [];
  await tx.table('blobs').each((blob: { sha256: string; type: string; data: ArrayBuffer }) => {
    uploads.push({ sha256: blob.sha256, type: blob.type, bytes: blob.data.byteLength });
  });
  await tx.table('uploads').bulkPut(uploads);
}

export const LATEST_VERSION = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1]?.version ?? 1;
