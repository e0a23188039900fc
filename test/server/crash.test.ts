// The server dies (SIGKILL, armed by XUNJIAN_FAILPOINT — see src/server/failpoints.ts)
// at the two worst moments of a push: with every entry written in its transaction but
// not committed, and after the commit but before the reply. The phone sees a dropped
// connection both times and sends the same push again after the restart.
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../helpers/server';
import {
  answer,
  countChanges,
  countRows,
  Device,
  inspection,
  post,
  room,
  seedDataDir,
  startSyncServer,
} from '../helpers/sync-harness';
import { SYNC_FORMAT_VERSION } from '../../src/shared/sync-protocol';

let server: RunningServer | undefined;
afterEach(() => server?.stop());

/** Start a server that kills itself at `failpoint`, push five entries into it, and restart it normally. */
async function crashDuringPush(failpoint: string) {
  const dataDir = await seedDataDir();
  server = await startSyncServer(dataDir, { XUNJIAN_FAILPOINT: failpoint });
  const device = await Device.login(server.url, 'a1');
  const i = inspection();
  const r = room(i.id);
  const entries = device.entries(
    { kind: 'inspection', record: i },
    { kind: 'room', record: r },
    ...['item-1', 'item-2', 'item-3'].map((item) => ({ kind: 'answer' as const, record: answer(i.id, r.id, item) })),
  );
  const body = { format: SYNC_FORMAT_VERSION, deviceId: device.session.deviceId, entries };
  // No reply: the connection drops when the process dies.
  await expect(post(`${server.url}/api/sync/push`, body, device.token)).rejects.toThrow();
  await server.stop();

  server = await startSyncServer(dataDir);
  return { dataDir, device: new Device(server.url, device.session), entries, ids: [i.id, r.id] };
}

describe('crash', () => {
  it('mid-push, before the commit: nothing of the push is kept, and sending it again applies it once', async () => {
    const { dataDir, device, entries } = await crashDuringPush('push-before-commit');
    expect(await countRows(dataDir, 'records')).toBe(0);
    expect(await countChanges(dataDir)).toBe(0);
    expect(await countRows(dataDir, 'device_outbox')).toBe(0);

    expect(await device.push(entries)).toEqual({ format: SYNC_FORMAT_VERSION, appliedThroughSeq: 5, failed: [] });
    expect(await countRows(dataDir, 'records')).toBe(5);
  });

  it('after the commit, before the reply: the push is kept, and its replay adds no duplicate', async () => {
    const { dataDir, device, entries, ids } = await crashDuringPush('push-after-commit');
    expect(await countRows(dataDir, 'records')).toBe(5);
    expect(await countChanges(dataDir)).toBe(5);

    expect(await device.push(entries)).toEqual({ format: SYNC_FORMAT_VERSION, appliedThroughSeq: 5, failed: [] });
    expect(await countChanges(dataDir)).toBe(5);
    expect(await countRows(dataDir, 'records')).toBe(5);
    const { changes } = await device.pull();
    expect(changes.map((c) => c.record.id).sort()).toEqual(
      [...ids, ...entries.slice(2).map((e) => (e.mutation as { record: { id: string } }).record.id)].sort(),
    );
  });
});
