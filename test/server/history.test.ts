// Every kind keeps its overwritten versions, and an inspection's readers see them: value,
// who, when, newest first. Against the real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomVisit } from '../../src/shared/inspection';
import type { RecordHistoryResponse } from '../../src/shared/sync-protocol';
import type { RunningServer } from '../helpers/server';
import { Device, inspection, room, seedDataDir, share, startSyncServer } from '../helpers/sync-harness';

let server: RunningServer;
beforeAll(async () => {
  server = await startSyncServer(await seedDataDir());
});
afterAll(() => server?.stop());

const history = (device: Device, inspectionId: string, kind: string, record: string) =>
  fetch(`${device.url}/api/inspections/${inspectionId}/history?${new URLSearchParams({ kind, record })}`, {
    headers: { authorization: `Bearer ${device.token}` },
  });

describe('record history', () => {
  it('lists a room’s versions newest first with who made each, for its inspectors and reviewers only', async () => {
    const [a1, a2, a3, ra] = await Promise.all(['a1', 'a2', 'a3', 'ra'].map((n) => Device.login(server.url, n)));
    const i = inspection();
    const r = room(i.id, { name: '机房' });
    await a1!.push(a1!.entries({ kind: 'inspection', record: i }, { kind: 'room', record: r }));
    await share(a1!, i.id, 'a2');
    await a2!.push(a2!.entries({ kind: 'room', record: { ...r, name: '一号机房' } }));
    await a1!.push(a1!.entries({ kind: 'room', record: { ...r, name: '中心机房' } }));

    for (const reader of [a1!, a2!, ra!]) {
      const res = await history(reader, i.id, 'room', r.id);
      expect(res.status).toBe(200);
      const body = (await res.json()) as RecordHistoryResponse;
      expect(body.versions.map((v) => [(v.record as RoomVisit).name, v.by, v.current])).toEqual([
        ['中心机房', 'a1', true],
        ['一号机房', 'a2', false],
        ['机房', 'a1', false],
      ]);
      expect(body.versions.every((v) => v.at > 0)).toBe(true);
    }
    // Not a participant: the same answer as for no inspection at all.
    expect((await history(a3!, i.id, 'room', r.id)).status).toBe(404);
    expect((await history(a1!, i.id, 'nonsense', r.id)).status).toBe(400);
    const none = (await (await history(a1!, i.id, 'answer', 'no-such')).json()) as RecordHistoryResponse;
    expect(none.versions).toEqual([]);
  }, 60_000);
});
