// Stored bytes (photos, signature images), shared by SHA-256. Small on purpose: the
// inspections list reads the unsynced total at start-up.
import type { StoredBlob } from '../shared/evidence';
import { database, write } from './connection';
import type { PendingUpload, XunjianDB } from './database';

/**
 * Delete stored bytes once no live photo or signature refers to them (and forget their
 * upload: nothing needs them on the server either). The transaction must include
 * photos, signatures, blobs and uploads.
 */
export async function dropBlobIfUnused(db: XunjianDB, sha256: string): Promise<void> {
  const photos = await db.photos
    .where('sha256')
    .equals(sha256)
    .filter((p) => p.removedAt === undefined)
    .count();
  const signatures = await db.signatures.filter((s) => s.pngSha256 === sha256).count();
  if (photos === 0 && signatures === 0) {
    await db.blobs.delete(sha256);
    await db.uploads.delete(sha256);
  }
}

/** Store bytes once per hash and remember to upload them; inside a transaction with blobs and uploads. */
export async function storeBlob(db: XunjianDB, blob: StoredBlob): Promise<void> {
  if (await db.blobs.get(blob.sha256)) return;
  await db.blobs.add(blob);
  await db.uploads.put({ sha256: blob.sha256, type: blob.type, bytes: blob.data.byteLength });
}

export function getBlob(sha256: string): Promise<StoredBlob | undefined> {
  return database().blobs.get(sha256);
}

export interface UnsyncedEvidence {
  /** Files in all: photos plus signatures. */
  count: number;
  photos: number;
  signatures: number;
  bytes: number;
}

/** Evidence the server has not confirmed yet: photo files and signature images, counted apart. */
export async function unsyncedEvidence(): Promise<UnsyncedEvidence> {
  const db = database();
  const [uploads, signatures] = await Promise.all([db.uploads.toArray(), db.signatures.toArray()]);
  // Uploads carry only bytes and their type; the signature records say which bytes are
  // theirs (the type names an encoding, not what the picture is of).
  const signatureImages = new Set(signatures.map((s) => s.pngSha256));
  const ofSignatures = uploads.filter((u) => signatureImages.has(u.sha256)).length;
  return {
    count: uploads.length,
    photos: uploads.length - ofSignatures,
    signatures: ofSignatures,
    bytes: uploads.reduce((sum, u) => sum + u.bytes, 0),
  };
}

/** Bytes the server has not confirmed, smallest first so a bad connection still gets some through. */
export async function pendingUploads(): Promise<PendingUpload[]> {
  const uploads = await database().uploads.toArray();
  return uploads.sort((a, b) => a.bytes - b.bytes);
}

/** The server will never take these bytes (too large, wrong type): stop sending them, keep them. */
export async function refuseUpload(sha256: string, reason: string): Promise<void> {
  await write((db) => db.uploads.update(sha256, { refused: reason }));
}

/**
 * The server has the bytes (it verified their hash): nothing left to send. Bytes kept
 * only for that upload (their inspection was deleted while its entries were in flight)
 * go now.
 */
export async function markUploaded(sha256: string): Promise<void> {
  await write((db) =>
    db.transaction('rw', db.uploads, db.blobs, db.photos, db.signatures, async () => {
      await db.uploads.delete(sha256);
      await dropBlobIfUnused(db, sha256);
    }),
  );
}

/** Bytes fetched from the server for a record pulled from another device. */
export async function storeDownloadedBlob(blob: StoredBlob): Promise<void> {
  await write((db) => db.blobs.put(blob));
}
