// What a phone holds of the server's inspections: entries the schemas refuse never block
// the outbox, a synced copy can leave the phone and come back, a removal from the
// inspection takes the copy unless something of it still waits to go.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  addRoom,
  applySnapshot,
  confirmPushed,
  copyState,
  leaveInspections,
  pruneOutOfScope,
  loadBundle,
  removeFromDevice,
  saveAnswer,
  storeTemplates,
  takeBatch,
  UnsyncedInspectionError,
  type XunjianDB,
} from '../../src/db';
import { Mutation, SYNC_FORMAT_VERSION, type Change } from '../../src/shared/sync-protocol';
import { TEXT_LIMITS } from '../../src/shared/text-limits';
import { createSmallInspection, freshDatabase } from '../helpers/db';
import { smallTemplate } from '../helpers/template';

let db: XunjianDB;
beforeEach(async () => {
  db = freshDatabase().db;
  await storeTemplates([smallTemplate()]);
});

const problemOf = (m: unknown) => (Mutation.safeParse(m).success ? undefined : 'refused by the schemas');

/** Everything recorded so far, pushed and confirmed. */
async function pushedAll(): Promise<void> {
  for (;;) {
    const batch = await takeBatch(500);
    if (!batch.length) return;
    await confirmPushed(batch[batch.length - 1]!.seq, []);
  }
}

describe('the outbox screens entries before they get a seq', () => {
  it('keeps an entry the schemas refuse as a refusal, with its content, and sends the ones after it', async () => {
    const i = await createSmallInspection();
    const room = await addRoom(i.id, 'machine-room', '机房');
    const long = '很'.repeat(TEXT_LIMITS.note + 1);
    await saveAnswer(i.id, { roomId: room.id, itemId: 'mr-a' }, { result: 'pass', note: long });
    await saveAnswer(i.id, { roomId: room.id, itemId: 'mr-b' }, { result: 'fail' });

    const batch = await takeBatch(500, undefined, problemOf);
    expect(batch.map((e) => e.mutation.kind)).toEqual(['inspection', 'room', 'answer']);
    expect(batch.map((e) => e.seq)).toEqual([1, 2, 3]); // no gap where the refused one was
    const [refusal] = await db.refusals.toArray();
    expect(refusal).toMatchObject({ seq: 0, code: 'invalid-mutation', message: 'refused by the schemas' });
    expect((refusal!.mutation as Extract<Mutation, { kind: 'answer' }>).record.note).toBe(long);
  });

  it('keeps an entry too large for any push as a refusal instead of sending it alone for ever', async () => {
    const i = await createSmallInspection();
    const room = await addRoom(i.id, 'machine-room', '机房');
    await saveAnswer(i.id, { roomId: room.id, itemId: 'mr-a' }, { result: 'pass', note: 'x'.repeat(1500) });
    const batch = await takeBatch(500, 1000);
    expect(batch.map((e) => e.mutation.kind)).toEqual(['inspection', 'room']);
    expect((await db.refusals.toArray())[0]?.message).toMatch(/more than a push may carry/);
    expect(await db.outbox.count()).toBe(2);
  });

  it('leaves an entry sent before to the server, whatever the screen says', async () => {
    const i = await createSmallInspection();
    expect(await takeBatch(500)).toHaveLength(1);
    expect(await takeBatch(500, undefined, () => 'no')).toEqual([
      { seq: 1, mutation: expect.objectContaining({ kind: 'inspection' }) },
    ]);
    expect(await db.refusals.count()).toBe(0);
    expect(i.id).toBeTruthy();
  });
});

describe('the phone’s copy', () => {
  it('leaves only once everything of it is on the server, and is not pulled back until fetched again', async () => {
    const i = await createSmallInspection();
    const room = await addRoom(i.id, 'machine-room', '机房');
    await saveAnswer(i.id, { roomId: room.id, itemId: 'mr-a' }, { result: 'pass' });
    await expect(removeFromDevice(i.id)).rejects.toBeInstanceOf(UnsyncedInspectionError);
    expect(await copyState(i.id)).toEqual({ onServer: false, removable: false });

    const snapshot = await loadBundle(i.id);
    await pushedAll();
    expect(await copyState(i.id)).toEqual({ onServer: true, removable: true });
    await removeFromDevice(i.id);
    expect(await loadBundle(i.id)).toBeUndefined();
    expect(await db.rooms.count()).toBe(0);
    expect(await db.deleted.get(i.id)).toBeDefined();

    // Fetched again from the office list: back as the server holds it.
    const changes: Change[] = [
      { changeId: 1, kind: 'inspection', record: snapshot!.inspection, deviceId: 'd', by: 'a1' },
      { changeId: 2, kind: 'room', record: room, deviceId: 'd', by: 'a1' },
    ];
    expect(
      await applySnapshot({ format: SYNC_FORMAT_VERSION, inspectionId: i.id, changes, participants: [] }, 'this-phone'),
    ).toBe(2);
    expect((await loadBundle(i.id))?.rooms.map((r) => r.name)).toEqual(['机房']);
    expect(await db.deleted.get(i.id)).toBeUndefined();
  });

  it('goes when its user is removed from the inspection, unless changes of it wait to be sent', async () => {
    const synced = await createSmallInspection();
    await pushedAll();
    const pending = await createSmallInspection();
    expect(await leaveInspections([synced.id, pending.id, 'never-here'])).toBe(1);
    expect(await loadBundle(synced.id)).toBeUndefined();
    expect((await loadBundle(pending.id))?.inspection.id).toBe(pending.id);
    // Left, not removed by the user: a later addition brings it back with the next pull.
    expect(await db.deleted.get(synced.id)).toBeUndefined();
  });

  it('stays while a refusal of it is still to be dealt with: what was typed is never dropped unseen', async () => {
    const i = await createSmallInspection();
    const batch = await takeBatch(500);
    await confirmPushed(batch[0]!.seq, [{ seq: batch[0]!.seq, code: 'not-a-participant', message: 'removed' }]);
    expect(await db.refusals.count()).toBe(1);
    expect(await leaveInspections([i.id])).toBe(0);
    await expect(removeFromDevice(i.id)).rejects.toBeInstanceOf(UnsyncedInspectionError);
    expect((await loadBundle(i.id))?.inspection.id).toBe(i.id);
  });

  it('outside the scope after a whole pull: synced copies go; opened, unsynced and in-scope ones stay', async () => {
    const mine = await createSmallInspection();
    const colleagues = await createSmallInspection(); // from before scopes: pulled under format 1
    await pushedAll();
    const unsent = await createSmallInspection();
    expect(await pruneOutOfScope(new Set([mine.id]))).toBe(1);
    expect(await loadBundle(colleagues.id)).toBeUndefined();
    expect((await loadBundle(mine.id))?.inspection.id).toBe(mine.id);
    expect((await loadBundle(unsent.id))?.inspection.id).toBe(unsent.id);
  });
});
