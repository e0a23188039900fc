// The phone's half of sync against the real server on 127.0.0.1 and a real SQLite file:
// outbox, uploads, pull, conflicts, refusals, a lost reply, a cut-off upload, a revoked
// device, and the office's review coming back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addPhoto,
  addRoom,
  getAccount,
  OtherOwnerError,
  saveFinding,
  deleteInspection,
  updateInspection,
  loadBundle,
  missingBlobs,
  saveAnswer,
  saveReview,
  renameRoom,
  type Account,
} from '../../src/db';
import { sha256Hex } from '../../src/shared/evidence';
import type { Inspection } from '../../src/shared/inspection';
import { countChanges, countRows, selectRows, seedDataDir, startSyncServer, write } from '../helpers/sync-harness';
import type { RunningServer } from '../helpers/server';
import { loseReply, Phone, synced } from '../helpers/phone';
import { createApi } from '../../src/sync/api';
import { fetchBlob } from '../../src/sync/on-demand';
import { createSmallInspection, signNow } from '../helpers/db';

let server: RunningServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = await seedDataDir();
  server = await startSyncServer(dataDir);
});
afterAll(() => server?.stop());

async function newInspection(phone: Phone): Promise<Inspection> {
  phone.use();
  return createSmallInspection([{ kind: 'policies', name: '制度' }]);
}

/** Two inspectors' phones, both holding one inspection with a machine room. */
async function twoInspectors() {
  const a = new Phone(server.url);
  const b = new Phone(server.url);
  await a.login('a1');
  await b.login('a2');
  const i = await newInspection(a);
  a.use();
  const room = await addRoom(i.id, 'machine-room', '机房');
  await synced(a);
  await a.share(i.id, 'a2');
  await synced(b);
  return { a, b, i, room };
}

/** One inspector signs and syncs; the other, who had not seen the signature, answers an item. */
async function answeredAfterSigning() {
  const both = await twoInspectors();
  const { a, b, i, room } = both;
  a.use();
  await signNow(i.id);
  await synced(a);
  b.use();
  await saveAnswer(i.id, { roomId: room.id, itemId: 'mr-a' }, { result: 'fail', note: '签字后才到' });
  return both;
}

async function jpeg(seed: number) {
  const data = new Uint8Array(4096).map((_, i) => (i * 17 + seed * 31) % 256).buffer;
  return { data, sha256: await sha256Hex(data), width: 1600, height: 1200, capturedAt: 1_700_000_000_000 };
}

const serverHasBlob = async (token: string, sha256: string) =>
  (await fetch(`${server.url}/api/blobs/${sha256}`, { method: 'HEAD', headers: { authorization: `Bearer ${token}` } }))
    .status === 200;

const tokenOf = async (phone: Phone): Promise<Account> => {
  phone.use();
  return (await getAccount())!;
};

describe('sync from the phone', () => {
  it('sends what was recorded offline, bytes first, once; a restarted app sends what was pending', async () => {
    let phone = new Phone(server.url);
    await phone.login('a1');
    const i = await newInspection(phone);
    const room = await addRoom(i.id, 'machine-room', '一楼机房');
    await saveAnswer(i.id, { roomId: room.id, itemId: 'mr-a' }, { result: 'fail', note: '无UPS' });
    const shot = await jpeg(1);
    await addPhoto(i.id, { roomId: room.id, itemId: 'mr-a' }, 'finding', shot);

    // Killed before any sync: the outbox survives in IndexedDB.
    phone = phone.restart();
    const first = await synced(phone);
    expect(first.pushed).toBe(5); // inspection, 2 rooms, answer, photo
    expect(await phone.db.outbox.count()).toBe(0);
    expect(await phone.db.uploads.count()).toBe(0);
    expect((await phone.db.syncState.get(i.id))?.syncedAt).toBeGreaterThan(0);
    const account = await tokenOf(phone);
    expect(await serverHasBlob(account.token, shot.sha256)).toBe(true);
    const stored = await selectRows(
      dataDir,
      'select body, device_id, seq, at from records where inspection_id = ? and kind = ?',
      i.id,
      'answer',
    );
    expect(JSON.parse(stored[0]!.body as string)).toMatchObject({ result: 'fail', note: '无UPS' });
    // Who wrote it, with which outbox entry, and when the server applied it.
    expect(stored[0]).toMatchObject({ device_id: account.deviceId, seq: 4 });
    expect(Number(stored[0]!.at)).toBeGreaterThanOrEqual(account.signedInAt);

    const changes = await countChanges(dataDir);
    const again = await synced(phone);
    expect(again.pushed).toBe(0);
    expect(await countChanges(dataDir)).toBe(changes);
  });

  it('keeps both inspectors’ work on different rooms, photos and their bytes included', async () => {
    const a = new Phone(server.url);
    const b = new Phone(server.url);
    await a.login('a1');
    await b.login('a2');
    const i = await newInspection(a);
    await synced(a);
    await a.share(i.id, 'a2');
    await synced(b); // b, added as a participant, now has the inspection

    a.use();
    const machineRoom = await addRoom(i.id, 'machine-room', '机房');
    await saveAnswer(i.id, { roomId: machineRoom.id, itemId: 'mr-a' }, { result: 'pass' });
    b.use();
    const office = await addRoom(i.id, 'office', '办公室');
    await saveAnswer(i.id, { roomId: office.id, itemId: 'of-a' }, { result: 'fail' });
    const shot = await jpeg(2);
    await addPhoto(i.id, { roomId: office.id, itemId: 'of-a' }, 'item', shot);

    await synced(a);
    await synced(b);
    const last = await synced(a);
    expect(last.missingPhotos).toBe(0);

    for (const phone of [a, b]) {
      phone.use();
      const bundle = (await loadBundle(i.id))!;
      expect(bundle.rooms.map((r) => r.name).sort()).toEqual(['制度', '办公室', '机房']);
      expect(bundle.answers.get(`${machineRoom.id}/-/mr-a`)?.result).toBe('pass');
      expect(bundle.answers.get(`${office.id}/-/of-a`)?.result).toBe('fail');
      expect(bundle.photos.map((p) => p.sha256)).toEqual([shot.sha256]);
      const bytes = await phone.db.blobs.get(shot.sha256);
      expect(await sha256Hex(bytes!.data)).toBe(shot.sha256);
      expect(bundle.conflicts).toEqual([]);
    }
  });

  it('same item on two phones: the later in server order is current, the other phone says so and keeps its version', async () => {
    const { a, b, i, room } = await twoInspectors();
    const place = { roomId: room.id, itemId: 'mr-a' };
    const key = `${room.id}/-/mr-a`;

    a.use();
    await saveAnswer(i.id, place, { result: 'fail', note: 'A 看到的' });
    b.use();
    // b's clock is a day ahead: it changes nothing, the server's order decides.
    await saveAnswer(i.id, place, { result: 'pass', note: 'B 看到的' });
    await b.db.answers.update(key, { updatedAt: Date.now() + 86_400_000 });
    await synced(b);
    await synced(a); // a is later in server order
    await synced(b);

    for (const phone of [a, b]) {
      phone.use();
      expect((await loadBundle(i.id))!.answers.get(key)).toMatchObject({ result: 'fail', note: 'A 看到的' });
    }
    b.use();
    const [conflict] = (await loadBundle(i.id))!.conflicts;
    expect(conflict).toMatchObject({ kind: 'answer', recordId: key, by: 'a1', replaced: { note: 'B 看到的' } });
    a.use();
    expect((await loadBundle(i.id))!.conflicts).toEqual([]);
    const history = await selectRows(dataDir, 'select body from record_history where record_id = ?', key);
    expect(history.map((h) => JSON.parse(h.body as string).note)).toEqual(['B 看到的']);
  });

  it('the same room renamed on two phones: the later is current, the other phone says so, and the server keeps both', async () => {
    const { a, b, i, room } = await twoInspectors();
    a.use();
    await renameRoom(room, '一号机房');
    b.use();
    await renameRoom(room, '中心机房');
    await synced(b);
    await synced(a); // a is later in server order
    await synced(b);

    for (const phone of [a, b]) {
      phone.use();
      expect((await loadBundle(i.id))!.rooms.find((r) => r.id === room.id)?.name).toBe('一号机房');
    }
    b.use();
    expect((await loadBundle(i.id))!.conflicts).toMatchObject([
      { kind: 'room', recordId: room.id, by: 'a1', replaced: { name: '中心机房' } },
    ]);
    a.use();
    expect((await loadBundle(i.id))!.conflicts).toEqual([]);
    const history = await selectRows(
      dataDir,
      `select body from record_history where kind = 'room' and record_id = ?`,
      room.id,
    );
    expect(history.map((h) => JSON.parse(h.body as string).name).sort()).toEqual(['中心机房', '机房']);
  });

  it('a reply lost after the server committed: the retry sends the same numbers and nothing is duplicated', async () => {
    const phone = new Phone(server.url);
    await phone.login('a1');
    const i = await newInspection(phone);
    await saveAnswer(i.id, { roomId: (await addRoom(i.id, 'office', '办公室')).id, itemId: 'of-a' }, { result: 'na' });
    const before = await countChanges(dataDir);
    const lost = await phone.sync(loseReply);
    expect(lost).toMatchObject({ ok: false, failure: 'offline' });
    const committed = await countChanges(dataDir);
    expect(committed).toBe(before + 4);
    // Still waiting, with the numbers the server saw.
    const pending = await phone.db.outbox.orderBy('id').toArray();
    expect(pending.map((e) => e.seq)).toEqual([1, 2, 3, 4]);

    await synced(phone);
    expect(await countChanges(dataDir)).toBe(committed);
    expect(await phone.db.outbox.count()).toBe(0);
  });

  it('an upload cut off half way keeps nothing on the server; the next sync sends it whole, once', async () => {
    const phone = new Phone(server.url);
    await phone.login('a1');
    const i = await newInspection(phone);
    const room = await addRoom(i.id, 'machine-room', '机房');
    const shot = await jpeg(3);
    await addPhoto(i.id, { roomId: room.id, itemId: 'mr-a' }, 'item', shot);

    const cutUploads: typeof fetch = (input, init) => {
      if (init?.method !== 'PUT') return fetch(input, init);
      const bytes = new Uint8Array(init.body as ArrayBuffer);
      // Half the bytes go out, then the connection drops.
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(bytes.slice(0, bytes.length / 2));
          setTimeout(() => controller.error(new Error('network gone')), 50);
        },
      });
      return fetch(input, { ...init, body, duplex: 'half' } as RequestInit);
    };
    const cut = await phone.sync(cutUploads);
    expect(cut).toMatchObject({ ok: false, failure: 'offline' });
    const account = await tokenOf(phone);
    expect(await serverHasBlob(account.token, shot.sha256)).toBe(false);
    expect(await phone.db.uploads.count()).toBe(1);
    expect(await phone.db.outbox.count()).toBeGreaterThan(0);

    await synced(phone);
    const back = await fetch(`${server.url}/api/blobs/${shot.sha256}`, {
      headers: { authorization: `Bearer ${account.token}` },
    });
    expect(await sha256Hex(await back.arrayBuffer())).toBe(shot.sha256);
    expect((await selectRows(dataDir, 'select count(*) as n from blobs where sha256 = ?', shot.sha256))[0]!.n).toBe(1);
  });

  it('a revoked phone is told it is signed out, keeps its work, and sends it after signing in again', async () => {
    const phone = new Phone(server.url);
    await phone.login('a1');
    const i = await newInspection(phone);
    await synced(phone);
    phone.use();
    const room = await addRoom(i.id, 'archive-room', '档案室');
    const { deviceId } = (await getAccount())!;
    await write(dataDir, 'update devices set revoked_at = ? where id = ?', Date.now(), deviceId);

    const refused = await phone.sync();
    expect(refused).toMatchObject({ ok: false, failure: 'signed-out' });
    phone.use();
    expect(await getAccount()).toBeUndefined();
    expect(await phone.db.rooms.get(room.id)).toBeDefined();
    expect(await phone.db.outbox.count()).toBe(1);

    // Someone else cannot take the phone over with a1's records on it.
    await expect(phone.login('a2')).rejects.toBeInstanceOf(OtherOwnerError);
    await expect(phone.login('b1')).rejects.toBeInstanceOf(OtherOwnerError);
    expect(await phone.db.outbox.count()).toBe(1);

    await phone.login('a1');
    const { deviceId: newDevice } = (await getAccount())!;
    expect(newDevice).not.toBe(deviceId);
    await synced(phone);
    expect(
      await selectRows(dataDir, 'select device_id from records where kind = ? and id = ?', 'room', room.id),
    ).toEqual([{ device_id: newDevice }]);
  });

  it('a change the server refuses is kept with its content and the reason; the pull brings the lock', async () => {
    const { b, i } = await answeredAfterSigning();
    const outcome = await synced(b);
    expect(outcome.refused).toBe(1);

    const bundle = (await loadBundle(i.id))!;
    expect(bundle.refusals).toHaveLength(1);
    expect(bundle.refusals[0]).toMatchObject({
      code: 'inspection-signed',
      mutation: { kind: 'answer', record: { note: '签字后才到' } },
    });
    expect(bundle.signatures).toHaveLength(1);
    expect(await b.db.outbox.count()).toBe(0);
  });

  it('the office returns an inspection with a comment; the inspector sees it on the next sync', async () => {
    const inspector = new Phone(server.url);
    const reviewer = new Phone(server.url);
    await inspector.login('a1');
    await reviewer.login('ra');
    const i = await newInspection(inspector);
    const room = await addRoom(i.id, 'machine-room', '机房');
    const shot = await jpeg(4);
    await addPhoto(i.id, { roomId: room.id, itemId: 'mr-a' }, 'item', shot);
    await synced(inspector);

    // The reviewer pulls no one's inspections: it opens this one from the office list.
    await synced(reviewer);
    reviewer.use();
    expect(await loadBundle(i.id)).toBeUndefined();
    await reviewer.open(i.id);
    expect((await loadBundle(i.id))!.photos).toHaveLength(1);
    // Its photos' bytes come as they are shown, not with each sync.
    expect((await synced(reviewer)).missingPhotos).toBe(0);
    expect(await reviewer.db.blobs.get(shot.sha256)).toBeUndefined();
    const account = (await getAccount())!;
    expect(await fetchBlob(createApi(account.token, server.url), shot.sha256, 'image/jpeg')).toBe(true);
    expect(await reviewer.db.blobs.get(shot.sha256)).toBeDefined();
    await saveReview(i.id, 'returned', '机房照片不清楚，请补拍', '赵审核');
    await synced(reviewer);

    await synced(inspector);
    inspector.use();
    expect((await loadBundle(i.id))!.review).toMatchObject({
      status: 'returned',
      comment: '机房照片不清楚，请补拍',
      by: 'ra', // the signed-in reviewer: the server attributes, whatever name the phone wrote
    });
  });

  it('bytes the server refuses do not hold back the records; the record says it is incomplete until they arrive', async () => {
    // A server that takes nothing over 1 KB: the 4 KB photo is refused.
    const smallDir = await seedDataDir();
    const small = await startSyncServer(smallDir, { MAX_BLOB_BYTES: '1024' });
    try {
      const inspector = new Phone(small.url);
      const reviewer = new Phone(small.url); // a colleague taking part: pulls it, bytes and all
      await inspector.login('a1');
      await reviewer.login('a2');
      const i = await newInspection(inspector);
      const room = await addRoom(i.id, 'machine-room', '机房');
      await addPhoto(i.id, { roomId: room.id, itemId: 'mr-a' }, 'item', await jpeg(5));

      const sent = await synced(inspector);
      await inspector.share(i.id, 'a2');
      expect(sent).toMatchObject({ uploadsRefused: 1, pushed: 4 });
      expect(await inspector.db.uploads.count()).toBe(1); // still waiting to go
      expect(await countRows(smallDir, 'records')).toBe(4);

      const pulled = await synced(reviewer);
      expect(pulled.missingPhotos).toBe(1);
      reviewer.use();
      expect(await missingBlobs(i.id)).toHaveLength(1);
      expect((await loadBundle(i.id))!.photos).toHaveLength(1);
    } finally {
      await small.stop();
    }
  });

  it('entries applied before the token was lost are not applied again under the new device', async () => {
    const phone = new Phone(server.url);
    await phone.login('a1');
    const i = await newInspection(phone);
    expect(await phone.sync(loseReply)).toMatchObject({ ok: false, failure: 'offline' });
    phone.use();
    const { deviceId } = (await getAccount())!;
    await write(dataDir, 'update devices set revoked_at = ? where id = ?', Date.now(), deviceId);
    expect(await phone.sync()).toMatchObject({ failure: 'signed-out' });
    const before = await countChanges(dataDir);

    await phone.login('a1');
    expect(await phone.db.outbox.count()).toBe(0); // the server said it had applied them
    phone.use();
    await addRoom(i.id, 'office', '办公室');
    expect((await synced(phone)).pushed).toBe(1);
    expect(await countChanges(dataDir)).toBe(before + 1);
  });

  it('a signature the server refuses (another device changed the content first) no longer locks the phone', async () => {
    const { a, b, i, room } = await twoInspectors();
    b.use();
    await saveAnswer(i.id, { roomId: room.id, itemId: 'mr-a' }, { result: 'fail' });
    await synced(b);
    a.use();
    await signNow(i.id); // a has not seen b's answer
    const outcome = await synced(a);
    expect(outcome.refused).toBe(1);
    a.use();
    const bundle = (await loadBundle(i.id))!;
    expect(bundle.refusals[0]).toMatchObject({ code: 'digest-mismatch', mutation: { kind: 'signature' } });
    expect(bundle.signatures.every((s) => s.voidedAt !== undefined)).toBe(true);
    // Unlocked: a can see b's answer, and go on.
    expect(bundle.answers.get(`${room.id}/-/mr-a`)?.result).toBe('fail');
    await saveAnswer(i.id, { roomId: room.id, itemId: 'mr-b' }, { result: 'pass' });
  });

  it('an inspection deleted on one phone does not come back half-filled when a colleague changes it', async () => {
    const { a, b, i } = await twoInspectors();
    b.use();
    await deleteInspection(i.id);
    a.use();
    await updateInspection(i.id, { address: '新地址' });
    await synced(a);
    await synced(b);
    expect(await b.db.inspections.get(i.id)).toBeUndefined();
    expect(await b.db.rooms.where('inspectionId').equals(i.id).count()).toBe(0);
  });

  it('tells of another device’s change only where this phone had written the item', async () => {
    const { a, b, i, room } = await twoInspectors();
    const place = { roomId: room.id, itemId: 'mr-a' };
    b.use();
    await saveAnswer(i.id, place, { result: 'fail' });
    await synced(b);
    await synced(a); // a has b's answer, never wrote it
    b.use();
    await saveAnswer(i.id, place, { result: 'pass' });
    await synced(b);
    await synced(a);
    a.use();
    expect((await loadBundle(i.id))!.conflicts).toEqual([]);
    expect((await loadBundle(i.id))!.answers.get(`${room.id}/-/mr-a`)?.result).toBe('pass');
  });

  it('sends a long outbox of long findings in pushes under the body limit', async () => {
    const phone = new Phone(server.url);
    await phone.login('a1');
    const i = await newInspection(phone);
    const room = await addRoom(i.id, 'office', '办公室');
    const long = '未按要求落实网络安全责任制，'.repeat(140); // ~2,000 characters, ~6 KB
    for (let n = 0; n < 200; n++) {
      const place = { roomId: room.id, itemId: `item-${n}` };
      await saveAnswer(i.id, place, { result: 'fail' });
      await saveFinding(i.id, place, { problem: long, rectification: { measure: long } });
    }
    const outcome = await synced(phone);
    expect(outcome.pushed).toBe(403);
    expect(await phone.db.outbox.count()).toBe(0);
  });

  it('a change the server refused, whose reply was lost, is kept as refused after signing in again', async () => {
    const { b } = await answeredAfterSigning();
    expect(await b.sync(loseReply)).toMatchObject({ failure: 'offline' });
    await b.login('a2'); // the same user signs in again: a new device id

    b.use();
    expect(await b.db.outbox.count()).toBe(0);
    const [refusal] = await b.db.refusals.toArray();
    expect(refusal).toMatchObject({ code: 'inspection-signed', mutation: { record: { note: '签字后才到' } } });
  });
});
