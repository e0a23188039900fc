// U+0000 in a text: PostgreSQL cannot store it (SQLite can). Refused by the shared
// schemas on both engines, the one entry fails alone and the outbox goes on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../helpers/server';
import {
  answer,
  countRows,
  Device,
  inspection,
  post,
  room,
  seedDataDir,
  startSyncServer,
} from '../helpers/sync-harness';

let dataDir: string;
let server: RunningServer;
beforeAll(async () => {
  dataDir = await seedDataDir();
  server = await startSyncServer(dataDir);
});
afterAll(() => server?.stop());

describe('a NUL character', () => {
  it('in one entry fails that entry alone, as invalid-mutation, and the next push goes through', async () => {
    const device = await Device.login(server.url, 'a1');
    const i = inspection();
    const r = room(i.id);
    const result = await device.push(
      device.entries(
        { kind: 'inspection', record: i },
        { kind: 'room', record: r },
        { kind: 'answer', record: answer(i.id, r.id, 'item-1', { result: 'fail', note: '机房\u0000门禁' }) },
        { kind: 'answer', record: answer(i.id, r.id, 'item-2', { result: 'pass' }) },
      ),
    );
    expect(result.appliedThroughSeq).toBe(4);
    expect(result.failed).toEqual([
      { seq: 3, code: 'invalid-mutation', message: expect.stringContaining('NUL') as string },
    ]);
    expect(await countRows(dataDir, 'records')).toBe(3);

    // The outbox is not blocked: the corrected note and more answers apply.
    const next = await device.push(
      device.entries(
        { kind: 'answer', record: answer(i.id, r.id, 'item-1', { result: 'fail', note: '机房门禁' }) },
        { kind: 'answer', record: answer(i.id, r.id, 'item-3', { result: 'na' }) },
      ),
    );
    expect(next).toMatchObject({ appliedThroughSeq: 6, failed: [] });
    expect(await countRows(dataDir, 'records')).toBe(5);
  });

  it('in an id or an object key is refused the same way', async () => {
    const device = await Device.login(server.url, 'a1');
    const i = inspection();
    const result = await device.push(
      device.entries({ kind: 'inspection', record: { ...i, id: `${i.id}\u0000x` } }, { kind: 'inspection', record: i }),
    );
    expect(result.failed.map((f) => [f.seq, f.code])).toEqual([[result.appliedThroughSeq - 1, 'invalid-mutation']]);
  });

  it('in a login name answers 400 malformed, not 500', async () => {
    const res = await post(`${server.url}/api/login`, { name: 'a1\u0000', password: 'x' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'malformed' });
  });
});
