// The server dies (SIGKILL) right after a push committed; the reply may never have
// reached the phone, so the phone sends the same push again after the restart.
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../e2e/server';
import { answer, countRows, Device, inspection, room, seedDataDir, startSyncServer } from './sync-harness';

let server: RunningServer | undefined;
afterAll(() => server?.stop());

describe('crash', () => {
  it('keeps a committed push across SIGKILL, and its replay adds no duplicate', async () => {
    const dataDir = await seedDataDir();
    server = await startSyncServer(dataDir);
    const device = await Device.login(server.url, 'a1');
    const i = inspection();
    const r = room(i.id);
    const entries = device.entries(
      { kind: 'inspection', record: i },
      { kind: 'room', record: r },
      ...['item-1', 'item-2', 'item-3'].map((item) => ({ kind: 'answer' as const, record: answer(i.id, r.id, item) })),
    );
    await device.push(entries);
    await server.kill('SIGKILL');

    server = await startSyncServer(dataDir);
    const restarted = new Device(server.url, device.session);
    expect(await restarted.push(entries)).toEqual({ format: 1, appliedThroughSeq: 5, failed: [] });
    expect(countRows(dataDir, 'changes')).toBe(5);
    expect(countRows(dataDir, 'records')).toBe(5);
    const { changes } = await restarted.pull();
    expect(changes.map((c) => c.record.id).sort()).toEqual(
      [i.id, r.id, ...entries.slice(2).map((e) => (e.mutation as { record: { id: string } }).record.id)].sort(),
    );
  });
});
