// Pushes that arrive at once. On SQLite writers take turns anyway; PostgreSQL's READ
// COMMITTED would let two transactions read the same outbox cursor, or commit change
// ids out of order, unless the push takes its organisation's lock (storage/order-lock.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullResponse } from '../../src/shared/sync-protocol';
import type { RunningServer } from '../helpers/server';
import {
  answer,
  countChanges,
  Device,
  inspection,
  room,
  selectRows,
  seedDataDir,
  share,
  startSyncServer,
  VERSIONS,
} from '../helpers/sync-harness';

let dataDir: string;
let server: RunningServer;
beforeAll(async () => {
  dataDir = await seedDataDir();
  server = await startSyncServer(dataDir);
});
afterAll(() => server?.stop());

/** Pull every page after `cursor`, noting each record's change id; the new cursor. */
async function pullAll(reader: Device, cursor: string | null, into: Map<string, number>): Promise<string | null> {
  let page: PullResponse;
  do {
    page = await reader.pull(cursor);
    for (const change of page.changes) into.set(`${change.kind}/${change.record.id}`, change.changeId);
    cursor = page.cursor;
  } while (page.more);
  return cursor;
}

const items = (n: number) => Array.from({ length: n }, (_, k) => `item-${k + 1}`);

describe('concurrent pushes', () => {
  it('apply a device’s entries exactly once when the same push arrives many times at once', async () => {
    const device = await Device.login(server.url, 'a1');
    const i = inspection();
    const r = room(i.id);
    const entries = device.entries(
      { kind: 'inspection', record: i },
      { kind: 'room', record: r },
      ...items(40).map((item) => ({ kind: 'answer' as const, record: answer(i.id, r.id, item) })),
    );
    const changesBefore = await countChanges(dataDir);
    // The same push (a retry racing the original), and pushes of its first part.
    const replies = await Promise.all([
      ...Array.from({ length: 8 }, () => device.push(entries)),
      ...Array.from({ length: 4 }, (_, k) => device.push(entries.slice(0, 10 * (k + 1)))),
    ]);
    for (const reply of replies) expect(reply.failed).toEqual([]);
    expect(Math.max(...replies.map((reply) => reply.appliedThroughSeq))).toBe(42);

    expect((await countChanges(dataDir)) - changesBefore).toBe(42);
    // Each entry writes one record: 42 versions by this device, none from a seq twice.
    const perSeq = await selectRows(
      dataDir,
      `select seq, count(*) as n from ${VERSIONS} where device_id = ? group by seq`,
      device.session.deviceId,
    );
    expect(perSeq.map((row) => Number(row.n))).toEqual(Array.from({ length: 42 }, () => 1));
    expect(
      await selectRows(dataDir, 'select last_seq from device_outbox where device_id = ?', device.session.deviceId),
    ).toEqual([{ last_seq: 42 }]);
    expect((await selectRows(dataDir, 'select id from record_history where inspection_id = ?', i.id)).length).toBe(0);
  });

  it('never let a pull pass a change that commits later: pulling while others push misses nothing', async () => {
    const pushers = await Promise.all(['a1', 'a2', 'a3'].map((name) => Device.login(server.url, name)));
    // A pull reads the user's scope: the admin takes part in every one of these inspections,
    // added while the others push (so additions race the pushes and the pulls too).
    const reader = await Device.login(server.url, 'aa');
    const start = (await reader.pull()).cursor;
    let done = false;
    const seen = new Map<string, number>();
    const follow = async () => {
      let cursor = start;
      for (;;) {
        const finished = done;
        cursor = await pullAll(reader, cursor, seen);
        if (finished) return;
      }
    };
    const pushAll = (device: Device) => async () => {
      const i = inspection();
      const r = room(i.id);
      await device.push(device.entries({ kind: 'inspection', record: i }, { kind: 'room', record: r }));
      await share(device, i.id, 'aa');
      // The last batch rewrites answers of the first: the newer version must be the one pulled.
      for (const [n, batch] of [items(20), items(20).map((item) => `${item}-b`), items(5)].entries())
        await device.push(
          device.entries(
            ...batch.map((item) => ({
              kind: 'answer' as const,
              record: answer(i.id, r.id, item, { updatedAt: n + 1 }),
            })),
          ),
        );
    };
    const following = follow();
    await Promise.all(pushers.map((device) => pushAll(device)()));
    done = true;
    await following;

    // Everything a full pull finds now was seen by following the cursor, at its latest change id.
    const everything = new Map<string, number>();
    await pullAll(reader, start, everything);
    expect(everything.size).toBe(3 * (2 + 40));
    expect(seen).toEqual(everything);
  });
});
