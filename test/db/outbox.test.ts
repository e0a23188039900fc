import { beforeEach, describe, expect, it } from 'vitest';
import {
  addPhoto,
  addRoom,
  confirmPushed,
  deleteInspection,
  deletePhoto,
  InspectionLockedError,
  renameRoom,
  renumberFrom,
  reopenInspection,
  restartSequence,
  saveAnswer,
  savePosition,
  storeTemplates,
  takeBatch,
  type XunjianDB,
} from '../../src/db';
import { sha256Hex } from '../../src/shared/evidence';
import { createSmallInspection, freshDatabase, signNow } from '../helpers/db';
import { smallTemplate } from '../helpers/template';

let db: XunjianDB;
beforeEach(async () => {
  db = freshDatabase().db;
  await storeTemplates([smallTemplate()]);
});

async function started() {
  const i = await createSmallInspection([{ kind: 'policies', name: '制度' }]);

  const room = await addRoom(i.id, 'machine-room', '机房');
  return { i, room, place: { roomId: room.id, itemId: 'mr-a' } };
}

const kinds = async () => (await db.outbox.orderBy('id').toArray()).map((e) => e.mutation.kind);

describe('the outbox', () => {
  it('gets an entry with every change, parents first, in the same transaction', async () => {
    const { i, place } = await started();
    await saveAnswer(i.id, place, { result: 'fail' });
    expect(await kinds()).toEqual(['inspection', 'room', 'room', 'answer']);
    // The resume position is not content: it moves without an entry.
    await savePosition(i.id, { roomId: place.roomId });
    expect(await db.outbox.count()).toBe(4);
  });

  it('sends a record changed twice before sending once, with its latest state', async () => {
    const { i, place } = await started();
    await saveAnswer(i.id, place, { result: 'fail' });
    await saveAnswer(i.id, place, { result: 'pass', note: '已整改' });
    const answers = (await db.outbox.toArray()).filter((e) => e.mutation.kind === 'answer');
    expect(answers).toHaveLength(1);
    expect(answers[0]!.mutation).toMatchObject({ record: { result: 'pass', note: '已整改' } });
  });

  it('does not merge a change into one already sent, nor across a signature', async () => {
    const { i, room, place } = await started();
    await saveAnswer(i.id, place, { result: 'fail' });
    await takeBatch(500);
    await saveAnswer(i.id, place, { result: 'pass' });
    expect((await kinds()).filter((k) => k === 'answer')).toHaveLength(2);

    await renameRoom(room, '一楼机房');
    await signNow(i.id);
    await reopenInspection(i.id, '王堃', '补充照片');
    await renameRoom(room, '二楼机房');
    expect((await kinds()).slice(-4)).toEqual(['room', 'signature', 'reopen', 'room']);
  });

  it('numbers entries when first sent and sends the same numbers again until confirmed', async () => {
    const { i, place } = await started();
    const first = await takeBatch(2);
    expect(first.map((e) => e.seq)).toEqual([1, 2]);
    await saveAnswer(i.id, place, { result: 'na' });
    const again = await takeBatch(10);
    expect(again.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(again.slice(0, 2)).toEqual(first);

    await confirmPushed(2, []);
    expect((await takeBatch(500)).map((e) => e.seq)).toEqual([3, 4]);
    await confirmPushed(4, []);
    expect(await db.outbox.count()).toBe(0);
    expect((await db.syncState.get(i.id))?.syncedAt).toBeGreaterThan(0);
    await saveAnswer(i.id, place, { result: 'pass' });
    expect((await takeBatch(500)).map((e) => e.seq)).toEqual([5]);
  });

  it('keeps what the server refused, with its content, and lets the rest go', async () => {
    const { i, place } = await started();
    await saveAnswer(i.id, place, { result: 'fail', note: '无UPS' });
    const batch = await takeBatch(500);
    const answer = batch.find((e) => e.mutation.kind === 'answer')!;
    await confirmPushed(batch.length, [{ seq: answer.seq, code: 'inspection-signed', message: 'signed' }]);
    expect(await db.outbox.count()).toBe(0);
    const [refusal] = await db.refusals.toArray();
    expect(refusal).toMatchObject({ inspectionId: i.id, code: 'inspection-signed', mutation: answer.mutation });
  });

  it('renumbers from what the server expects, and restarts at 1 for a new device', async () => {
    await started();
    await takeBatch(500);
    await renumberFrom(7);
    expect((await takeBatch(500)).map((e) => e.seq)).toEqual([7, 8, 9]);
    await restartSequence();
    expect((await takeBatch(500)).map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('adds nothing when a write is refused', async () => {
    const { i, place } = await started();
    const { pngSha256: sha } = await signNow(i.id);
    const before = await db.outbox.count();
    await expect(saveAnswer(i.id, place, { result: 'pass' })).rejects.toBeInstanceOf(InspectionLockedError);
    expect(await db.outbox.count()).toBe(before);
    expect(await db.uploads.get(sha)).toMatchObject({ type: 'image/png', bytes: 12 });
  });

  it('sends a removed photo as removed, and a deleted inspection keeps only entries already numbered', async () => {
    const { i, place } = await started();
    const data = new Uint8Array(64).fill(9).buffer;
    const photo = await addPhoto(i.id, place, 'item', {
      data,
      sha256: await sha256Hex(data),
      width: 10,
      height: 10,
      capturedAt: 1,
    });
    expect(await db.uploads.count()).toBe(1);
    await deletePhoto(photo);
    const photos = (await db.outbox.toArray()).filter((e) => e.mutation.kind === 'photo');
    expect(photos).toHaveLength(1);
    expect(photos[0]!.mutation).toMatchObject({ record: { id: photo.id, removedAt: expect.any(Number) } });
    // No live photo needs the bytes any more: nothing to upload.
    expect(await db.uploads.count()).toBe(0);

    const numbered = (await takeBatch(2)).length;
    await saveAnswer(i.id, place, { result: 'na' });
    await deleteInspection(i.id);
    const left = await db.outbox.toArray();
    expect(left).toHaveLength(numbered);
    expect(left.every((e) => e.seq !== undefined)).toBe(true);
  });
});
