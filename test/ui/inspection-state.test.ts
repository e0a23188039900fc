import { createRoot } from 'solid-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { addComputer, addRoom, inspectionParts, saveAnswer, storeTemplates } from '../../src/db';
import { progressOf, roomWalk } from '../../src/shared/progress';
import { createInspectionState, recordsOf, snapshotRecords, type BundleState } from '../../src/ui/state/bundle';
import { createSmallInspection, freshDatabase } from '../helpers/db';
import { officeTemplate } from '../helpers/office-template';

const tpl = officeTemplate();
const fields = (assetTag: string) => ({ assetTag, user: '', location: '', classified: false });
let dispose: (() => void) | undefined;

beforeEach(async () => {
  freshDatabase();
  await storeTemplates([tpl]);
});
afterEach(() => {
  dispose?.();
  vi.restoreAllMocks();
});

function observeState(id: string): BundleState {
  return createRoot((d) => {
    dispose = d;
    return createInspectionState(() => id);
  });
}

describe('the live state of one inspection', () => {
  it('re-reads only the answers (and the inspection row) when an answer is saved', async () => {
    const i = await createSmallInspection();
    const room = await addRoom(i.id, 'office', '办公室');
    const pc = await addComputer(room, fields('PC-1'));
    const reads = Object.fromEntries(
      (['inspection', 'template', 'rooms', 'computers', 'answers', 'photos', 'signatures'] as const).map((part) => [
        part,
        vi.spyOn(inspectionParts, part),
      ]),
    );
    const state = observeState(i.id);
    await vi.waitFor(() => expect(state.loading).toBe(false));
    expect(state.bundle?.computers.map((c) => c.assetTag)).toEqual(['PC-1']);
    const before = Object.fromEntries(Object.entries(reads).map(([k, spy]) => [k, spy.mock.calls.length]));

    await saveAnswer(i.id, { roomId: room.id, computerId: pc.id, itemId: 'pc-a' }, { result: 'fail' });
    const key = `${room.id}/${pc.id}/pc-a`;
    await vi.waitFor(() => expect(state.answers[key]?.result).toBe('fail'));
    const after = Object.fromEntries(Object.entries(reads).map(([k, spy]) => [k, spy.mock.calls.length]));
    expect(after.answers).toBeGreaterThan(before.answers!);
    for (const part of ['template', 'rooms', 'computers', 'photos', 'signatures'])
      expect({ part, reads: after[part] }).toEqual({ part, reads: before[part] });
  });

  it('gives the pure functions a live view of the store, and the worker plain Maps', async () => {
    const i = await createSmallInspection();
    const room = await addRoom(i.id, 'office', '办公室');
    const pc = await addComputer(room, fields('PC-1'));
    const state = observeState(i.id);
    await vi.waitFor(() => expect(state.loading).toBe(false));
    const walk = roomWalk(tpl, room, state.bundle!.computers);
    const records = recordsOf(state);
    expect(progressOf(walk, records).answered).toBe(0);

    await saveAnswer(i.id, { roomId: room.id, computerId: pc.id, itemId: 'pc-b' }, { result: 'pass' });
    // The same view object sees the new answer: nothing was copied for it.
    await vi.waitFor(() => expect(progressOf(walk, records).answered).toBe(1));
    expect(recordsOf(state)).toBe(records);
    const snapshot = snapshotRecords(state);
    expect(snapshot.answers).toBeInstanceOf(Map);
    expect([...snapshot.answers.values()].map((a) => a.result)).toEqual(['pass']);
    expect(() => structuredClone(snapshot)).not.toThrow();
  });

  it('shows a PC added from elsewhere and keeps the records it already had', async () => {
    const i = await createSmallInspection();
    const room = await addRoom(i.id, 'office', '办公室');
    const pc = await addComputer(room, fields('PC-1'));
    const state = observeState(i.id);
    await vi.waitFor(() => expect(state.loading).toBe(false));
    const first = state.bundle!.computers[0];
    await addComputer(room, fields('PC-2'));
    await vi.waitFor(() => expect(state.bundle?.computers).toHaveLength(2));
    // Reconciled by id: the unchanged PC is the same object, so its block is not rebuilt.
    expect(state.bundle!.computers.find((c) => c.id === pc.id)).toBe(first);
  });

  it('says the inspection is gone when it does not exist', async () => {
    const state = observeState('no-such-inspection');
    await vi.waitFor(() => expect(state.loading).toBe(false));
    expect(state.bundle).toBeUndefined();
  });
});
