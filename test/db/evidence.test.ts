import { beforeEach, describe, expect, it } from 'vitest';
import {
  addComputer,
  addPhoto,
  addRoom,
  addSignature,
  currentDigest,
  deleteInspection,
  deletePhoto,
  getBlob,
  InspectionLockedError,
  loadBundle,
  markUploaded,
  pendingUploads,
  moveRoom,
  removeRoom,
  renameRoom,
  restoreRoom,
  reopenInspection,
  saveAnswer,
  saveFinding,
  setPhotoCaption,
  storeTemplates,
  takeBatch,
  unsyncedEvidence,
  updateInspection,
  type XunjianDB,
} from '../../src/db';
import { sha256Hex } from '../../src/shared/evidence';
import { createSmallInspection, freshDatabase } from '../helpers/db';
import { smallTemplate } from '../helpers/template';

let db: XunjianDB;
beforeEach(async () => {
  db = freshDatabase().db;
  await storeTemplates([smallTemplate()]);
});

async function jpeg(seed: number) {
  const data = new Uint8Array(2048).map((_, i) => (i * 31 + seed) % 256).buffer;
  return { data, sha256: await sha256Hex(data), width: 1600, height: 1200, capturedAt: 1_700_000_000_000 };
}

async function walkedInspection() {
  const i = await createSmallInspection();

  const room = await addRoom(i.id, 'machine-room', '机房');
  const place = { roomId: room.id, itemId: 'mr-a' };
  await saveAnswer(i.id, place, { result: 'fail' });
  return { i, room, place };
}

describe('photos', () => {
  it('read back byte-identical, and the same bytes are stored once', async () => {
    const { i, place } = await walkedInspection();
    const shot = await jpeg(7);
    const a = await addPhoto(i.id, place, 'item', shot);
    await addPhoto(i.id, place, 'finding', shot);
    expect(await db.blobs.count()).toBe(1);
    const back = await getBlob(a.sha256);
    expect(new Uint8Array(back!.data)).toEqual(new Uint8Array(shot.data));
    expect(await sha256Hex(back!.data)).toBe(a.sha256);
    // What is left to upload: the bytes once.
    expect(await unsyncedEvidence()).toEqual({ count: 1, photos: 1, signatures: 0, bytes: 2048 });
  });

  it('keep their bytes until the last photo using them is deleted', async () => {
    const { i, place } = await walkedInspection();
    const shot = await jpeg(1);
    const a = await addPhoto(i.id, place, 'item', shot);
    const b = await addPhoto(i.id, place, 'item', shot);
    await deletePhoto(a);
    expect(await getBlob(shot.sha256)).toBeDefined();
    await deletePhoto(b);
    expect(await getBlob(shot.sha256)).toBeUndefined();
  });

  it('go with their inspection, except bytes another inspection still uses', async () => {
    const first = await walkedInspection();
    const second = await walkedInspection();
    const shot = await jpeg(3);
    await addPhoto(first.i.id, first.place, 'item', shot);
    await addPhoto(second.i.id, second.place, 'item', shot);
    await deleteInspection(first.i.id);
    expect(await db.photos.count()).toBe(1);
    expect(await getBlob(shot.sha256)).toBeDefined();
  });

  it('deleted while their entries are in flight, keep their bytes until uploaded, then let them go', async () => {
    const { i, place } = await walkedInspection();
    const shot = await jpeg(5);
    await addPhoto(i.id, place, 'item', shot);
    // A push took the entries (their seq numbers are stored) and its answer is not in yet.
    await takeBatch(500);
    await deleteInspection(i.id);
    // The photo's entry will apply on the server, and other phones will ask for its bytes.
    expect(await getBlob(shot.sha256)).toBeDefined();
    expect((await pendingUploads()).map((u) => u.sha256)).toEqual([shot.sha256]);
    await markUploaded(shot.sha256);
    expect(await getBlob(shot.sha256)).toBeUndefined();
    expect(await pendingUploads()).toEqual([]);
  });

  it('deleted while in flight but with their bytes uploaded already, take the bytes with them', async () => {
    const { i, place } = await walkedInspection();
    const shot = await jpeg(8);
    await addPhoto(i.id, place, 'item', shot);
    // The engine uploads before it pushes: the bytes are on the server, the push is in flight.
    await markUploaded(shot.sha256);
    await takeBatch(500);
    await deleteInspection(i.id);
    expect(await getBlob(shot.sha256)).toBeUndefined();
  });

  it('deleted before anything was sent, take their bytes and uploads with them', async () => {
    const { i, place } = await walkedInspection();
    const shot = await jpeg(6);
    await addPhoto(i.id, place, 'item', shot);
    await deleteInspection(i.id);
    expect(await getBlob(shot.sha256)).toBeUndefined();
    expect(await pendingUploads()).toEqual([]);
  });
});

describe('signing and locking', () => {
  const png = async () => {
    const data = new Uint8Array([137, 80, 78, 71, 1, 2, 3]).buffer;
    return { data, sha256: await sha256Hex(data) };
  };

  it('stores a signature only over the digest the signer saw, then refuses every change', async () => {
    const { i, room, place } = await walkedInspection();
    const photo = await addPhoto(i.id, place, 'finding', await jpeg(2));
    const shown = await currentDigest(db, i.id);
    const sig = await png();
    const s = await addSignature(i.id, { role: 'inspector', name: '王堃', title: '' }, sig.data, sig.sha256, shown);
    expect(s.digest).toBe(shown);
    // Waiting for the server: one photo and one signature, not two photos.
    expect(await unsyncedEvidence()).toEqual({ count: 2, photos: 1, signatures: 1, bytes: 2048 + 7 });

    const attempts: [string, () => Promise<unknown>][] = [
      ['answer', () => saveAnswer(i.id, place, { result: 'pass' })],
      ['finding', () => saveFinding(i.id, place, { problem: '改写' })],
      ['room', () => addRoom(i.id, 'office', '新办公室')],
      ['photo', async () => addPhoto(i.id, place, 'item', await jpeg(9))],
      ['caption', () => setPhotoCaption(photo, '改')],
      ['delete photo', () => deletePhoto(photo)],
      ['rename room', () => renameRoom(room, '改名')],
      ['move room', () => moveRoom(room, -1)],
      ['remove room', () => removeRoom(room)],
      ['restore room', () => restoreRoom(room)],
      ['add computer', () => addComputer(room, { assetTag: 'X', user: '', location: '', classified: false })],
      ['particulars', () => updateInspection(i.id, { unit: '另一个单位' })],
      ['delete inspection', () => deleteInspection(i.id)],
    ];
    for (const [what, attempt] of attempts) await expect(attempt(), what).rejects.toBeInstanceOf(InspectionLockedError);
    expect(await currentDigest(db, i.id)).toBe(shown);
  });

  it('refuses a signature over content that changed after it was shown', async () => {
    const { i, place } = await walkedInspection();
    const shown = await currentDigest(db, i.id);
    await saveAnswer(i.id, place, { note: '后补' });
    const sig = await png();
    await expect(
      addSignature(i.id, { role: 'representative', name: '李喆', title: '' }, sig.data, sig.sha256, shown),
    ).rejects.toThrow(/changed/);
    expect(await db.signatures.count()).toBe(0);
  });

  it('reopening voids the signatures, records who, when and why, and unlocks', async () => {
    const { i, place } = await walkedInspection();
    const sig = await png();
    const shown = await currentDigest(db, i.id);
    await addSignature(i.id, { role: 'inspector', name: '王堃', title: '' }, sig.data, sig.sha256, shown);
    await addSignature(i.id, { role: 'representative', name: '李喆', title: '' }, sig.data, sig.sha256, shown);
    await reopenInspection(i.id, '王堃', '漏检一台计算机');
    const b = await loadBundle(i.id);
    expect(b?.signatures.every((s) => typeof s.voidedAt === 'number')).toBe(true);
    expect(b?.inspection.reopenings).toEqual([
      {
        by: '王堃',
        reason: '漏检一台计算机',
        at: expect.any(Number),
        voidedSignatureIds: b!.signatures.map((s) => s.id),
      },
    ]);
    await saveAnswer(i.id, place, { result: 'pass' });
    expect(await currentDigest(db, i.id)).not.toBe(shown);
  });
});
