// The promise of a restore: back up, sync more from two phones, restore the backup, sync
// again — every change any phone had confirmed is on the server again, and every phone
// shows what the server holds. Real server processes, a real database (SQLite, or
// PostgreSQL in the postgres project), the backup and restore the README prescribes
// (test/helpers/backup.ts), and phones running the app's db code and sync engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPhoto, addRoom, getAccount, loadBundle, renameRoom, saveAnswer } from '../../src/db';
import { sha256Hex } from '../../src/shared/evidence';
import type { Inspection } from '../../src/shared/inspection';
import { RestorableServer } from '../helpers/backup';
import { createSmallInspection, signNow } from '../helpers/db';
import { Phone, synced } from '../helpers/phone';
import type { SyncOutcome } from '../../src/sync/engine';
import { seedDataDir, selectRows } from '../helpers/sync-harness';

let server: RestorableServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = await seedDataDir();
  server = await RestorableServer.start(dataDir);
});
afterAll(() => server?.stop());

/** Record kinds compared between the phones and the server. */
const KINDS = ['room', 'answer', 'photo'] as const;
type Kind = (typeof KINDS)[number];
type State = Record<Kind, Record<string, unknown>>;

/** The server's current records of the inspection, by kind and id. */
async function serverState(inspectionId: string): Promise<State> {
  const rows = await selectRows(dataDir, 'select kind, id, body from records where inspection_id = ?', inspectionId);
  const state: State = { room: {}, answer: {}, photo: {} };
  for (const { kind, id, body } of rows)
    if ((KINDS as readonly string[]).includes(kind as string))
      state[kind as Kind][id as string] = JSON.parse(body as string);
  return state;
}

/** What the phone shows of the inspection. */
async function phoneState(phone: Phone, inspectionId: string): Promise<State> {
  phone.use();
  const bundle = (await loadBundle(inspectionId))!;
  const byId = <T extends { id: string }>(list: T[]) => Object.fromEntries(list.map((r) => [r.id, r]));
  return { room: byId(bundle.rooms), answer: byId([...bundle.answers.values()]), photo: byId(bundle.photos) };
}

/** Every version of the inspection's records the server ever held: current and replaced. */
async function allVersions(inspectionId: string): Promise<string[]> {
  const rows = await selectRows(
    dataDir,
    `select kind, id, body from records where inspection_id = ?
     union all select kind, record_id as id, body from record_history where inspection_id = ?`,
    inspectionId,
    inspectionId,
  );
  return rows.map((r) => `${r.kind as string}:${r.id as string}:${r.body as string}`);
}

/** Each of `confirmed`'s records is on the server with that body (more may be there). */
function expectHolds(now: State, confirmed: State): void {
  for (const kind of KINDS) expect(now[kind], kind).toMatchObject(confirmed[kind]);
}

async function expectShowsServer(phones: Phone[], inspectionId: string): Promise<void> {
  const held = await serverState(inspectionId);
  for (const phone of phones) {
    const shown = await phoneState(phone, inspectionId);
    for (const kind of KINDS) expect(shown[kind], `${phone.dbName} ${kind}`).toEqual(held[kind]);
  }
}

async function expectNothingWaiting(...phones: Phone[]): Promise<void> {
  for (const phone of phones) {
    expect(await phone.db.outbox.count(), `${phone.dbName} outbox`).toBe(0);
    expect(await phone.db.uploads.count(), `${phone.dbName} uploads`).toBe(0);
    expect(await phone.db.refusals.toArray(), `${phone.dbName} refusals`).toEqual([]);
  }
}

async function jpeg(seed: number) {
  const data = new Uint8Array(4096).map((_, i) => (i * 13 + seed * 29) % 256).buffer;
  return { data, sha256: await sha256Hex(data), width: 1600, height: 1200, capturedAt: 1_700_000_000_000 };
}

/** The first sync after a restore: it goes through, noticing, repairing and pulling again; its outcome says whether it repaired. */
async function syncAfterRestore(phone: Phone): Promise<Extract<SyncOutcome, { ok: true }>> {
  return synced(phone);
}

async function tokenOf(phone: Phone): Promise<string> {
  phone.use();
  return (await getAccount())!.token;
}

/** a1 creates an inspection with a machine room and shares it with a2; a2 answers; both synced. */
async function sharedInspection(): Promise<{ a: Phone; b: Phone; i: Inspection; room: { id: string } }> {
  const a = new Phone(server.url);
  const b = new Phone(server.url);
  await a.login('a1');
  await b.login('a2');
  a.use();
  const i = await createSmallInspection([{ kind: 'policies', name: '制度' }]);
  const room = await addRoom(i.id, 'machine-room', '机房');
  await synced(a);
  await a.share(i.id, 'a2');
  await synced(b);
  b.use();
  await saveAnswer(i.id, { roomId: room.id, itemId: 'mr-a' }, { result: 'pass' });
  await synced(b);
  await synced(a);
  return { a, b, i, room };
}

describe('restoring the server from a backup', () => {
  it('brings back every change the phones had confirmed since the backup, photo bytes included', async () => {
    const { a, b, i, room } = await sharedInspection();
    const backup = await server.backup();

    // After the backup: both phones go on working, and sync.
    a.use();
    const office = await addRoom(i.id, 'office', '办公室');
    await saveAnswer(i.id, { roomId: office.id, itemId: 'of-a' }, { result: 'fail', note: '弱口令' });
    const shot = await jpeg(1);
    await addPhoto(i.id, { roomId: office.id, itemId: 'of-a' }, 'finding', shot);
    await renameRoom((await a.db.rooms.get(room.id))!, '一楼机房');
    b.use();
    const archive = await addRoom(i.id, 'archive-room', '档案室');
    await saveAnswer(i.id, { roomId: room.id, itemId: 'mr-temp' }, { value: 23 });
    await saveAnswer(i.id, { roomId: archive.id, itemId: 'ar-a' }, { result: 'na' });
    await synced(a);
    await synced(b);
    await synced(a);
    await expectNothingWaiting(a, b);
    const confirmed = await serverState(i.id);
    expect(Object.keys(confirmed.room)).toHaveLength(4);
    expect(Object.keys(confirmed.answer)).toHaveLength(4);
    expect(Object.keys(confirmed.photo)).toHaveLength(1);
    await expectShowsServer([a, b], i.id);

    await server.restore(backup);
    // The restored server lacks what came after the backup.
    expect(Object.keys((await serverState(i.id)).answer)).toHaveLength(1);

    const first = [await syncAfterRestore(a), await syncAfterRestore(b)];
    const second = [await synced(a), await synced(b)];
    expect(first.map((o) => o.repaired)).toEqual([true, true]);
    expect(second.map((o) => o.repaired)).toEqual([false, false]);

    expectHolds(await serverState(i.id), confirmed);
    await expectShowsServer([a, b], i.id);
    await expectNothingWaiting(a, b);
    for (const phone of [a, b]) {
      phone.use();
      expect((await loadBundle(i.id))!.conflicts, phone.dbName).toEqual([]);
    }
    // The photo's bytes: on the server again (for a2 too), and on a2's phone.
    const res = await fetch(`${server.url}/api/blobs/${shot.sha256}`, {
      headers: { authorization: `Bearer ${await tokenOf(b)}` },
    });
    expect(res.status).toBe(200);
    expect(await sha256Hex(await res.arrayBuffer())).toBe(shot.sha256);
    expect(await sha256Hex((await b.db.blobs.get(shot.sha256))!.data)).toBe(shot.sha256);
  });

  it('a phone that only pulls still notices when a colleague has synced first and reused the lost change ids', async () => {
    const { a, b, i, room } = await sharedInspection();
    const backup = await server.backup();

    a.use();
    const office = await addRoom(i.id, 'office', '办公室');
    await saveAnswer(i.id, { roomId: office.id, itemId: 'of-a' }, { result: 'fail' });
    await synced(a);
    b.use();
    await saveAnswer(i.id, { roomId: room.id, itemId: 'mr-temp' }, { value: 30 });
    await synced(b);
    await synced(a); // a's cursor now names b's last change
    await expectNothingWaiting(a, b);
    const confirmed = await serverState(i.id);

    await server.restore(backup);
    // b works on first, and its sync takes the change ids the restore forgot, for other records.
    b.use();
    const archive = await addRoom(i.id, 'archive-room', '档案室');
    await saveAnswer(i.id, { roomId: archive.id, itemId: 'ar-a' }, { result: 'pass' });
    expect((await syncAfterRestore(b)).repaired).toBe(true);

    // a has nothing to send, so only its cursor can tell: the change it names is another now.
    expect((await syncAfterRestore(a)).repaired).toBe(true);
    await synced(b);
    await synced(a);

    const now = await serverState(i.id);
    expectHolds(now, confirmed);
    expect(now.room[archive.id]).toMatchObject({ name: '档案室' });
    await expectShowsServer([a, b], i.id);
    await expectNothingWaiting(a, b);
  });

  it('a phone signed in after the backup is signed out by the restore; signed in again, its work comes back', async () => {
    const { a, b, i, room } = await sharedInspection();
    const backup = await server.backup();

    // a2 signs in again after the backup (a new device id the backup does not know), and a1
    // starts on a second phone; both then work and sync.
    await b.login('a2');
    const second = new Phone(server.url);
    await second.login('a1');
    await synced(second);
    b.use();
    await saveAnswer(i.id, { roomId: room.id, itemId: 'mr-temp' }, { value: 19 });
    second.use();
    const office = await addRoom(i.id, 'office', '办公室');
    await synced(b);
    await synced(second);
    await synced(b);
    await synced(a);
    await expectNothingWaiting(a, b, second);
    const confirmed = await serverState(i.id);
    expect(confirmed.room[office.id]).toBeDefined();

    await server.restore(backup);
    for (const phone of [b, second]) {
      expect(await phone.sync(), phone.dbName).toMatchObject({ ok: false, failure: 'signed-out' });
      phone.use();
      expect(await getAccount()).toBeUndefined();
    }
    await b.login('a2');
    await second.login('a1');
    expect((await syncAfterRestore(b)).repaired).toBe(true);
    expect((await syncAfterRestore(second)).repaired).toBe(true);
    await synced(a);
    await synced(b);
    await synced(second);

    expectHolds(await serverState(i.id), confirmed);
    await expectShowsServer([a, b, second], i.id);
    await expectNothingWaiting(a, b, second);
  });

  it('`admin restored` makes every phone repair on its next sync, with nothing lost and nothing refused', async () => {
    const { a, b, i, room } = await sharedInspection();
    const backup = await server.backup();
    a.use();
    const office = await addRoom(i.id, 'office', '办公室');
    await saveAnswer(i.id, { roomId: office.id, itemId: 'of-a' }, { result: 'fail' });
    const shot = await jpeg(2);
    await addPhoto(i.id, { roomId: office.id, itemId: 'of-a' }, 'item', shot);
    b.use();
    await saveAnswer(i.id, { roomId: room.id, itemId: 'mr-temp' }, { value: 25 });
    await synced(a);
    await synced(b);
    await synced(a);
    const confirmed = await serverState(i.id);

    await server.restore(backup);
    const said = await server.admin('restored');
    expect(said).toMatch(/marked as restored/);
    // The admin's command works beside the running server too, and says so again: harmless.
    await server.admin('restored');

    expect((await syncAfterRestore(b)).repaired).toBe(true);
    expect((await syncAfterRestore(a)).repaired).toBe(true);
    expect((await synced(b)).repaired).toBe(false);
    expect((await synced(a)).repaired).toBe(false);
    expectHolds(await serverState(i.id), confirmed);
    await expectShowsServer([a, b], i.id);
    await expectNothingWaiting(a, b);

    // Once more without a restore: every phone repairs, and sending its records again as
    // the server holds them changes nothing there.
    const before = await allVersions(i.id);
    await server.admin('restored');
    expect((await synced(a)).repaired).toBe(true);
    expect((await synced(b)).repaired).toBe(true);
    expect(await allVersions(i.id)).toEqual(before);
    await expectNothingWaiting(a, b);
  });
});

// The hard cases a repair must also get right (each once lost work: see the comments).
describe('restoring the server from a backup: the hard cases', () => {
  // The pull notices the restore, and the repair's push then meets the seq gap (the
  // re-queued records are numbered after the confirmed seq): that is the repair itself,
  // not a second restore, and the first sync goes through (src/sync/engine.ts).
  it('the first sync after a restore goes through and repairs', async () => {
    const { a, b, i, room } = await sharedInspection();
    const backup = await server.backup();
    a.use();
    await addRoom(i.id, 'office', '办公室');
    b.use();
    await saveAnswer(i.id, { roomId: room.id, itemId: 'mr-temp' }, { value: 21 });
    await synced(a);
    await synced(b);
    await server.restore(backup);
    expect(await a.sync()).toMatchObject({ ok: true, repaired: true });
    expect(await b.sync()).toMatchObject({ ok: true, repaired: true });
  });

  // After a restore another device's push takes the forgotten change ids, and a
  // colleague's repair sends the same records with the same seqs again, so a change id
  // can name the same (seq, device) as before: the cursor also names the push's server
  // time (src/server/services/pull-cursor.ts), or this phone would never notice.
  it('a phone notices the restore when the change its cursor names was handed out again to the same entry', async () => {
    const a = new Phone(server.url);
    const b = new Phone(server.url);
    const c = new Phone(server.url);
    await a.login('a1');
    await b.login('a2');
    await c.login('a3');
    a.use();
    const i = await createSmallInspection([]);
    await synced(a);
    await a.share(i.id, 'a2');
    await synced(b);
    const backup = await server.backup();
    a.use();
    const office = await addRoom(i.id, 'office', '办公室');
    await synced(a);
    b.use();
    await saveAnswer(i.id, { roomId: office.id, itemId: 'of-a' }, { result: 'pass' }); // b's seq 1
    await synced(b);
    await synced(a); // a's cursor: b's answer, as seq 1 of b's device
    const confirmed = await serverState(i.id);

    await server.restore(backup);
    c.use();
    await createSmallInspection([]); // a3's work takes the first forgotten change id
    await synced(c);
    await syncAfterRestore(b); // b repairs: its answer again as seq 1, at the change id a's cursor names
    await syncAfterRestore(a);
    await synced(a);

    expectHolds(await serverState(i.id), confirmed);
  });

  // Participants are added online, not through the outbox: the phone that added them
  // adds them again in its repair (src/sync/participants.ts), and a colleague's phone that
  // repairs first keeps what the server refuses as 'not-a-participant' or
  // 'unknown-inspection' in its outbox for a few syncs instead of giving it up.
  it('the work of a colleague added after the backup comes back', async () => {
    const a = new Phone(server.url);
    const b = new Phone(server.url);
    await a.login('a1');
    await b.login('a2');
    a.use();
    const i = await createSmallInspection([]);
    await synced(a);
    await synced(b);
    const backup = await server.backup();
    await a.share(i.id, 'a2');
    await synced(b);
    b.use();
    await addRoom(i.id, 'office', '办公室');
    await synced(b);
    await synced(a);
    const confirmed = await serverState(i.id);

    await server.restore(backup);
    await syncAfterRestore(a);
    await syncAfterRestore(b);
    await synced(a);
    expect(await b.db.refusals.toArray()).toEqual([]);
    expectHolds(await serverState(i.id), confirmed);
  });

  it('the work of a colleague added after the backup comes back when the colleague repairs first', async () => {
    const a = new Phone(server.url);
    const b = new Phone(server.url);
    await a.login('a1');
    await b.login('a2');
    a.use();
    const i = await createSmallInspection([]);
    await synced(a);
    await synced(b);
    const backup = await server.backup();
    await a.share(i.id, 'a2');
    await synced(b);
    b.use();
    await addRoom(i.id, 'office', '办公室');
    await synced(b);
    await synced(a);
    const confirmed = await serverState(i.id);

    await server.restore(backup);
    await syncAfterRestore(b); // refused for now: a2 is no participant on the restored server
    expect(await b.db.refusals.toArray()).toEqual([]);
    expect(await b.db.outbox.count()).toBeGreaterThan(0);
    await syncAfterRestore(a); // a1 adds a2 again
    await synced(b);
    await synced(a);
    await expectNothingWaiting(a, b);
    expectHolds(await serverState(i.id), confirmed);
    await expectShowsServer([a, b], i.id);
  });

  // The signer's phone sends the whole signed inspection again, colleagues' records too
  // (src/db/repair.ts): otherwise, repairing first, its signature would cover records the
  // server lacks, be refused ('digest-mismatch') and voided on the phone for good.
  it('a signature confirmed after the backup comes back, whichever phone syncs first', async () => {
    const a = new Phone(server.url);
    const b = new Phone(server.url);
    await a.login('a1');
    await b.login('a2');
    a.use();
    const i = await createSmallInspection([{ kind: 'office', name: '办公室' }]);
    await synced(a);
    await a.share(i.id, 'a2');
    await synced(b);
    const backup = await server.backup();
    b.use();
    await addRoom(i.id, 'machine-room', '机房');
    await synced(b);
    await synced(a);
    a.use();
    await signNow(i.id);
    await synced(a);
    await synced(b);
    const signatures = await selectRows(
      dataDir,
      "select id from records where inspection_id = ? and kind = 'signature'",
      i.id,
    );
    expect(signatures).toHaveLength(1);

    await server.restore(backup);
    await syncAfterRestore(a); // the signer first
    await syncAfterRestore(b);
    await synced(a);
    expect(await a.db.refusals.toArray()).toEqual([]);
    expect(
      await selectRows(dataDir, "select id from records where inspection_id = ? and kind = 'signature'", i.id),
    ).toEqual(signatures);
  });
});
