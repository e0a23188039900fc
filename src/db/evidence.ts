import { Dexie } from 'dexie';
import type { Photo, PhotoBytes, Signature, SignerRole } from '../shared/evidence';
import { isLocked, validSignatures } from '../shared/evidence';
import { contentDigest, type DigestInput } from '../shared/digest';
import type { ItemPlace } from '../shared/inspection';
import { database, write } from './connection';
import { recordTables, type XunjianDB } from './database';
import { editInspection } from './edit';
import { StorageWriteError } from './errors';
import { dropBlobIfUnused } from './blobs';
import { newId } from './ids';
import { storeBlob } from './blobs';
import { recordChange } from './outbox';

export interface NewPhoto extends PhotoBytes {
  caption?: string;
  annotatedFrom?: string;
}

/** Refuse early when the estimate already says the bytes cannot fit (the write would fail anyway). */
async function checkRoomFor(bytes: number): Promise<void> {
  const estimate = await globalThis.navigator?.storage?.estimate?.().catch(() => undefined);
  if (estimate?.quota !== undefined && estimate.usage !== undefined && estimate.quota - estimate.usage < bytes)
    throw new StorageWriteError('quota');
}

/** Store a photo: its bytes once per SHA-256, and a record tying it to an item or finding. */
export async function addPhoto(
  inspectionId: string,
  place: ItemPlace,
  attachedTo: Photo['attachedTo'],
  photo: NewPhoto,
): Promise<Photo> {
  await checkRoomFor(photo.data.byteLength);
  const record: Photo = {
    id: newId(),
    inspectionId,
    roomId: place.roomId,
    ...(place.computerId ? { computerId: place.computerId } : {}),
    itemId: place.itemId,
    attachedTo,
    sha256: photo.sha256,
    bytes: photo.data.byteLength,
    width: photo.width,
    height: photo.height,
    mime: 'image/jpeg',
    capturedAt: photo.capturedAt,
    createdAt: Date.now(),
    caption: photo.caption ?? '',
    ...(photo.location ? { location: photo.location } : {}),
    ...(photo.annotatedFrom ? { annotatedFrom: photo.annotatedFrom } : {}),
  };
  return editInspection(
    inspectionId,
    (db) => [db.photos, db.blobs, db.uploads],
    async (db) => {
      await storeBlob(db, { sha256: photo.sha256, data: photo.data, type: 'image/jpeg' });
      await db.photos.add(record);
      await recordChange(db, { kind: 'photo', record });
      return record;
    },
  );
}

export async function setPhotoCaption(photo: Photo, caption: string): Promise<void> {
  await editInspection(
    photo.inspectionId,
    (db) => [db.photos],
    (db) => changePhoto(db, photo.id, (p) => void (p.caption = caption)),
  );
}

/**
 * Remove a photo (after the user confirmed). The record stays, marked removed, so the
 * removal reaches the server and other devices like any change; the bytes go when no
 * live photo refers to them.
 */
export async function deletePhoto(photo: Photo): Promise<void> {
  await editInspection(
    photo.inspectionId,
    (db) => [db.photos, db.blobs, db.signatures, db.uploads],
    async (db) => {
      await changePhoto(db, photo.id, (p) => void (p.removedAt = Date.now()));
      await dropBlobIfUnused(db, photo.sha256);
    },
  );
}

async function changePhoto(db: XunjianDB, id: string, change: (photo: Photo) => void): Promise<void> {
  const photo = await db.photos.get(id);
  if (!photo) return;
  change(photo);
  await db.photos.put(photo);
  await recordChange(db, { kind: 'photo', record: photo });
}

export interface Signer {
  role: SignerRole;
  name: string;
  title: string;
}

export class ContentChangedError extends Error {
  constructor() {
    super('the inspection changed after the summary was shown');
    this.name = 'ContentChangedError';
  }
}

/** The digest of an inspection as it is stored now. */
export async function currentDigest(db: XunjianDB, inspectionId: string): Promise<string> {
  // Hashing is not an IndexedDB request: waitFor keeps a surrounding transaction alive meanwhile.
  return Dexie.waitFor(contentDigest(await signedContent(inspectionId, db)));
}

/** What a signature over the inspection covers, as this phone holds it now. */
export async function signedContent(inspectionId: string, db: XunjianDB = database()): Promise<DigestInput> {
  const inspection = await db.inspections.get(inspectionId);
  if (!inspection) throw new Error(`no inspection ${inspectionId}`);
  const [rooms, computers, answers, findings, photos] = await Promise.all([
    db.rooms.where('inspectionId').equals(inspectionId).toArray(),
    db.computers.where('inspectionId').equals(inspectionId).toArray(),
    db.answers.where('inspectionId').equals(inspectionId).toArray(),
    db.findings.where('inspectionId').equals(inspectionId).toArray(),
    db.photos.where('inspectionId').equals(inspectionId).toArray(),
  ]);
  return { inspection, rooms, computers, answers, findings, photos };
}

/**
 * Store a signature over the digest the signer was shown. If the content no longer has
 * that digest (another tab edited it), nothing is stored: the signer must see it again.
 * The first signature locks the inspection.
 */
export async function addSignature(
  inspectionId: string,
  signer: Signer,
  png: ArrayBuffer,
  pngSha256: string,
  shownDigest: string,
): Promise<Signature> {
  await checkRoomFor(png.byteLength);
  return write((db) =>
    db.transaction('rw', [...recordTables(db), db.blobs, db.uploads, db.outbox, db.authored], async () => {
      const digest = await currentDigest(db, inspectionId);
      if (digest !== shownDigest) throw new ContentChangedError();
      const signature: Signature = {
        id: newId(),
        inspectionId,
        role: signer.role,
        name: signer.name,
        title: signer.title,
        signedAt: Date.now(),
        digest,
        pngSha256,
      };
      await storeBlob(db, { sha256: pngSha256, data: png, type: 'image/png' });
      await db.signatures.add(signature);
      await recordChange(db, { kind: 'signature', record: signature });
      return signature;
    }),
  );
}

/** The digest of an inspection as stored now (what a signer would sign). */
export function inspectionDigest(inspectionId: string): Promise<string> {
  return currentDigest(database(), inspectionId);
}

/**
 * Reopen a signed inspection: every valid signature is voided (kept, marked), and who
 * reopened it, when and why is recorded on the inspection.
 */
export async function reopenInspection(inspectionId: string, by: string, reason: string): Promise<void> {
  await write((db) =>
    db.transaction('rw', db.inspections, db.signatures, db.outbox, db.authored, async () => {
      const signatures = await db.signatures.where('inspectionId').equals(inspectionId).toArray();
      if (!isLocked(signatures)) throw new Error('only a signed inspection is reopened');
      const now = Date.now();
      const voided = validSignatures(signatures);
      for (const s of voided) await db.signatures.update(s.id, { voidedAt: now });
      const inspection = await db.inspections.get(inspectionId);
      await db.inspections.update(inspectionId, {
        reopenings: [
          ...(inspection?.reopenings ?? []),
          { by, reason, at: now, voidedSignatureIds: voided.map((s) => s.id) },
        ],
        updatedAt: now,
      });
      // The server voids its own copies: every device then sees the same lock.
      await recordChange(db, { kind: 'reopen', inspectionId, reopening: { by, reason, at: now } });
    }),
  );
}
