// What a lost phone, a guesser, another organisation or a broken client can do: nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeDevice } from '../../src/server/services/accounts';
import { LoginThrottle, NAME_FREE_FAILURES } from '../../src/server/services/login-throttle';
import { migrateToLatest } from '../../src/server/storage/migrate';
import type { RunningServer } from '../helpers/server';
import {
  answer,
  countChanges,
  countRows,
  Device,
  inspection,
  PASSWORD,
  post,
  room,
  selectRows,
  seedDataDir,
  startSyncServer,
  write,
} from '../helpers/sync-harness';
import { openTestStorage } from '../helpers/test-backend';
import { SYNC_FORMAT_VERSION, type InspectionSnapshot, type LoginResponse } from '../../src/shared/sync-protocol';

let dataDir: string;
let server: RunningServer;
beforeAll(async () => {
  dataDir = await seedDataDir();
  server = await startSyncServer(dataDir);
});
afterAll(() => server?.stop());

describe('organisations', () => {
  it('cannot read or write across organisations', async () => {
    const [a1, b1] = [await Device.login(server.url, 'a1'), await Device.login(server.url, 'b1')];
    const i = inspection();
    const r = room(i.id);
    await a1.push(a1.entries({ kind: 'inspection', record: i }, { kind: 'room', record: r }));

    const attack = await b1.push(
      b1.entries(
        { kind: 'answer', record: answer(i.id, r.id, 'item-1', { result: 'fail' }) },
        { kind: 'inspection', record: { ...i, unit: '被篡改' } },
        { kind: 'reopen', inspectionId: i.id, reopening: { by: 'x', reason: 'y', at: 1 } },
      ),
    );
    expect(attack.failed.map((f) => f.code)).toEqual([
      'unknown-inspection',
      'unknown-inspection',
      'unknown-inspection',
    ]);
    expect((await b1.pull()).changes).toEqual([]);
    const seenByA = (await a1.pull()).changes;
    expect(seenByA.find((c) => c.kind === 'inspection')?.record).toMatchObject({ unit: i.unit });
    expect(seenByA.some((c) => c.kind === 'answer')).toBe(false);
  });

  it('lets a reviewer read, but not write an inspector’s record', async () => {
    const [a1, reviewer] = [await Device.login(server.url, 'a1'), await Device.login(server.url, 'ra')];
    const theirs = inspection();
    const r = room(theirs.id);
    await a1.push(a1.entries({ kind: 'inspection', record: theirs }, { kind: 'room', record: r }));
    const i = inspection();
    const result = await reviewer.push(
      reviewer.entries({ kind: 'inspection', record: i }, { kind: 'room', record: { ...r, name: '被改名' } }),
    );
    expect(result.failed.map((f) => f.code)).toEqual(['forbidden-kind', 'forbidden-kind']);
    expect(await selectRows(dataDir, 'select id from inspections where id = ?', i.id)).toEqual([]);
    // Reviewers pull only their own scope (none): they open an inspection from the office list.
    expect((await reviewer.pull()).changes).toEqual([]);
    const res = await fetch(`${server.url}/api/inspections/${theirs.id}`, {
      headers: { authorization: `Bearer ${reviewer.token}` },
    });
    expect(res.status).toBe(200);
    const snapshot = (await res.json()) as InspectionSnapshot;
    expect(snapshot.changes.map((c) => c.record)).toEqual([theirs, r]);
  });
});

describe('devices', () => {
  it('rejects a device an admin revoked, and one that logged out', async () => {
    const lost = await Device.login(server.url, 'a1');
    await lost.pull();
    const storage = openTestStorage(dataDir);
    await migrateToLatest(storage.db);
    expect(await revokeDevice(storage.db, lost.session.deviceId)).toMatchObject({ userId: expect.any(Number) });
    await storage.close();
    const res = await post(`${server.url}/api/sync/pull`, { format: SYNC_FORMAT_VERSION, cursor: null }, lost.token);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'device-revoked' });

    const shared = await Device.login(server.url, 'a2');
    expect((await post(`${server.url}/api/logout`, {}, shared.token)).status).toBe(204);
    expect(
      (await post(`${server.url}/api/sync/pull`, { format: SYNC_FORMAT_VERSION, cursor: null }, shared.token)).status,
    ).toBe(401);
  });

  it('notes when a device was last seen, at most once a minute', async () => {
    const device = await Device.login(server.url, 'a1');
    const { deviceId } = device.session;
    const lastSeen = async () =>
      (await selectRows(dataDir, 'select last_seen_at from devices where id = ?', deviceId))[0]!.last_seen_at;
    await write(dataDir, 'update devices set last_seen_at = 1000 where id = ?', deviceId);
    const before = Date.now();
    await device.pull();
    expect(await lastSeen()).toBeGreaterThanOrEqual(before);

    // Seen half a minute ago: not worth a write on every request.
    const recent = Date.now() - 30_000;
    await write(dataDir, 'update devices set last_seen_at = ? where id = ?', recent, deviceId);
    await device.pull();
    expect(await lastSeen()).toBe(recent);
  });

  it('tells a user how far their own previous device was applied, and retires it; nobody else', async () => {
    const old = await Device.login(server.url, 'a1');
    const i = inspection();
    await old.push(old.entries({ kind: 'inspection', record: i }, { kind: 'room', record: room(i.id) }));
    const login = (name: string) =>
      post(`${server.url}/api/login`, { name, password: PASSWORD, previousDeviceId: old.session.deviceId });
    const other = (await (await login('a2')).json()) as LoginResponse;
    expect(other.previousDevice).toBeUndefined();
    expect((await old.pull()).changes.length).toBeGreaterThan(0); // a2's login left a1's device alone
    const again = (await (await login('a1')).json()) as LoginResponse;
    expect(again.previousDevice).toEqual({
      id: old.session.deviceId,
      lastSeq: 2,
      failed: [],
      recoveryKey: old.session.recoveryKey,
    });
    // Retired by that answer: nothing more of it can apply.
    expect((await old.pushRaw(old.entries({ kind: 'room', record: room(i.id) }))).status).toBe(401);
  });

  it('rejects a missing or unknown token', async () => {
    expect((await post(`${server.url}/api/sync/pull`, { format: SYNC_FORMAT_VERSION, cursor: null })).status).toBe(401);
    expect(
      (await post(`${server.url}/api/sync/pull`, { format: SYNC_FORMAT_VERSION, cursor: null }, 'forged')).status,
    ).toBe(401);
  });

  it('refuses a push for another device id', async () => {
    const device = await Device.login(server.url, 'a1');
    const res = await device.pushRaw(device.entries({ kind: 'inspection', record: inspection() }), {
      deviceId: 'someone-else',
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: 'device-mismatch' });
  });
});

describe('login', () => {
  it('slows a guesser: after 5 wrong passwords the name waits, the right password too; others do not', async () => {
    for (let n = 0; n < NAME_FREE_FAILURES; n++) {
      const res = await post(`${server.url}/api/login`, { name: 'a3', password: `guess ${n}` });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: 'invalid-credentials' });
    }
    // Five more failures, counted as any server process would: the wait has doubled to 32 s.
    const storage = openTestStorage(dataDir);
    await migrateToLatest(storage.db);
    for (let n = 0; n < 5; n++) await new LoginThrottle(storage.db).fail('a3', '10.0.0.8');
    await storage.close();
    const res = await post(`${server.url}/api/login`, { name: 'a3', password: 'correct horse' });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(20);
    expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(32);
    // Another account from the same address is not held back.
    expect((await post(`${server.url}/api/login`, { name: 'a2', password: 'correct horse' })).status).toBe(200);
  });

  it('answers an unknown name like a wrong password', async () => {
    const res = await post(`${server.url}/api/login`, { name: 'nobody', password: 'whatever' });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'invalid-credentials' });
  });
});

describe('bad requests change nothing', () => {
  const entry = (seq: number) => ({ seq, mutation: { kind: 'inspection', record: inspection() } });
  it.each([
    ['not JSON', 400, 'malformed', () => `{"format":${SYNC_FORMAT_VERSION},`],
    ['no format', 400, 'unsupported-format', (deviceId: string) => ({ deviceId, entries: [entry(1)] })],
    [
      'an unknown format',
      400,
      'unsupported-format',
      (deviceId: string) => ({ format: SYNC_FORMAT_VERSION + 1, deviceId, entries: [entry(1)] }),
    ],
    [
      // A phone not yet updated: it keeps its outbox and shows "update the app".
      'the previous format',
      400,
      'unsupported-format',
      (deviceId: string) => ({ format: SYNC_FORMAT_VERSION - 1, deviceId, entries: [entry(1)] }),
    ],
    [
      'seq not consecutive',
      400,
      'malformed',
      (deviceId: string) => ({ format: SYNC_FORMAT_VERSION, deviceId, entries: [entry(1), entry(3)] }),
    ],
    [
      'an unknown field',
      400,
      'malformed',
      (deviceId: string) => ({ format: SYNC_FORMAT_VERSION, deviceId, entries: [entry(1)], x: 1 }),
    ],
  ])('%s → %i %s', async (_, status, code, body) => {
    const device = await Device.login(server.url, 'a1');
    const before = (await countChanges(dataDir)) + (await countRows(dataDir, 'failed_entries'));
    const res = await post(`${server.url}/api/sync/push`, body(device.session.deviceId), device.token);
    expect(res.status).toBe(status);
    const error = (await res.json()) as { error: string; message: string };
    expect(error.error).toBe(code);
    expect(error.message.length).toBeGreaterThan(5);
    expect((await countChanges(dataDir)) + (await countRows(dataDir, 'failed_entries'))).toBe(before);
    expect(
      await selectRows(dataDir, 'select * from device_outbox where device_id = ?', device.session.deviceId),
    ).toEqual([]);
  });

  it('answers an unknown API path with a JSON 404, not the app shell', async () => {
    const res = await post(`${server.url}/api/nothing`, {});
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: 'not-found' });
  });

  // Last: the server answers before reading the whole body and closes that connection.
  it('refuses an oversized push with 413', async () => {
    const device = await Device.login(server.url, 'a1');
    const before = await countChanges(dataDir);
    const huge = inspection({ basis: 'x'.repeat(300) });
    const entries = device.entries(
      ...Array.from({ length: 5000 }, () => ({ kind: 'inspection' as const, record: huge })),
    );
    const res = await device.pushRaw(entries);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: 'body-too-large' });
    expect(await countChanges(dataDir)).toBe(before);
  });
});
