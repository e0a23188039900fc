// Stored bytes (photos, signature images), shared by SHA-256. Small on purpose: the
// inspections list reads the unsynced total at start-up.
import type { StoredBlob } from '../shared/evidence';
import { database } from './connection';
import type { XunjianDB } from './database';

/** Delete stored bytes once no photo or signature refers to them. */
export async function dropBlobIfUnused(db: XunjianDB, sha256: string): Promise<void> {
  const photos = await db.photos.where('sha256').equals(sha256).count();
  const signatures = await db.signatures.filter((s) => s.pngSha256 === sha256).count();
  if (photos === 0 && signatures === 0) await db.blobs.delete(sha256);
}

export function getBlob(sha256: string): Promise<StoredBlob | undefined> {
  return database().blobs.get(sha256);
}

/** Evidence not yet on the office server (sync comes later: until then, all of it). */
export async function unsyncedEvidence(): Promise<{ count: number; bytes: number }> {
  const photos = await database().photos.toArray();
  return { count: photos.length, bytes: photos.reduce((sum, p) => sum + p.bytes, 0) };
}
