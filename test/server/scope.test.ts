// Scope (sync format 2): a phone pulls the inspections its user works on — created, or
// added to as a participant — and nothing else of the organisation; reviewers and admins
// find the rest through the office list and open one on demand. Against the real server.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer, Inspection, RoomVisit } from '../../src/shared/inspection';
import {
  SYNC_FORMAT_VERSION,
  type Change,
  type InspectionListResponse,
  type InspectionSnapshot,
  type ParticipantsResponse,
  type PeopleResponse,
  type PullResponse,
  type SyncError,
} from '../../src/shared/sync-protocol';
import type { RunningServer } from '../helpers/server';
import {
  answer,
  countChanges,
  Device,
  inspection,
  post,
  pullAll,
  pushPhoto,
  review,
  room,
  selectRows,
  seedDataDir,
  share,
  signature,
  startSyncServer,
} from '../helpers/sync-harness';

// Not (yet) among vitest.config.ts's process suites: the timeouts a server start needs.
const SLOW = { timeout: 60_000 };

let dataDir: string;
let server: RunningServer;
let a1: Device, a2: Device, a3: Device, ra: Device, aa: Device, b1: Device;
/** User ids by login name. */
const ids: Record<string, number> = {};
beforeAll(async () => {
  dataDir = await seedDataDir();
  server = await startSyncServer(dataDir);
  const login = (name: string) => Device.login(server.url, name);
  [a1, a2, a3, ra, aa, b1] = [
    await login('a1'),
    await login('a2'),
    await login('a3'),
    await login('ra'),
    await login('aa'),
    await login('b1'),
  ];
  for (const device of [a1, b1]) {
    const { people } = (await (await call(device, 'GET', '/api/people')).json()) as PeopleResponse;
    for (const p of people) ids[p.name] = p.id;
  }
}, 90_000);
afterAll(() => server?.stop());

function call(device: Device, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${device.token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const addParticipant = (device: Device, inspectionId: string, userId: number) =>
  call(device, 'POST', `/api/inspections/${encodeURIComponent(inspectionId)}/participants`, {
    format: SYNC_FORMAT_VERSION,
    userId,
  });
const removeParticipant = (device: Device, inspectionId: string, userId: number) =>
  call(device, 'DELETE', `/api/inspections/${encodeURIComponent(inspectionId)}/participants/${userId}`);
const snapshot = (device: Device, inspectionId: string) =>
  call(device, 'GET', `/api/inspections/${encodeURIComponent(inspectionId)}`);
const blob = (device: Device, sha256: string, method: 'GET' | 'HEAD' = 'GET') =>
  call(device, method, `/api/blobs/${sha256}`);

async function pullRaw(device: Device, cursor: unknown, limit?: number): Promise<Response> {
  return post(
    `${server.url}/api/sync/pull`,
    { format: SYNC_FORMAT_VERSION, cursor, ...(limit === undefined ? {} : { limit }) },
    device.token,
  );
}

async function pullPage(device: Device, cursor: string | null, limit?: number): Promise<PullResponse> {
  const res = await pullRaw(device, cursor, limit);
  expect(res.status).toBe(200);
  return (await res.json()) as PullResponse;
}

/** Every page after `cursor`; the changes and the cursor to go on from. */
async function pullFrom(device: Device, cursor: string | null, limit?: number) {
  const changes: Change[] = [];
  const pages: PullResponse[] = [];
  for (;;) {
    const page = await pullPage(device, cursor, limit);
    pages.push(page);
    changes.push(...page.changes);
    cursor = page.cursor;
    if (!page.more) return { changes, cursor, pages };
  }
}

const of = (changes: Change[], inspectionId: string) => changes.filter((c) => inspectionOf(c) === inspectionId);
const inspectionOf = (c: Change) => (c.kind === 'inspection' ? c.record.id : c.record.inspectionId);
const key = (c: Change) => `${c.kind}/${c.record.id}`;

async function putBytes(device: Device, bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const put = await fetch(`${server.url}/api/blobs/${sha256}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${device.token}`, 'content-type': 'image/jpeg' },
    body: bytes,
  });
  expect(put.status).toBe(200);
  return sha256;
}

/** An inspection of the device's user with a room and `answers` answers, pushed. */
async function pushInspection(device: Device, answers = 2, patch: Partial<Inspection> = {}) {
  const i = inspection(patch);
  const r = room(i.id);
  const list = Array.from({ length: answers }, (_, n) => answer(i.id, r.id, `item-${n + 1}`));
  const result = await device.push(
    device.entries(
      { kind: 'inspection', record: i },
      { kind: 'room', record: r },
      ...list.map((a) => ({ kind: 'answer' as const, record: a })),
    ),
  );
  expect(result.failed).toEqual([]);
  return { i, r, answers: list };
}

/** What the server holds of the inspection now, as a reviewer opens it: record key → change id. */
async function current(inspectionId: string): Promise<Map<string, number>> {
  const res = await snapshot(ra, inspectionId);
  expect(res.status).toBe(200);
  const { changes } = (await res.json()) as InspectionSnapshot;
  return new Map(changes.map((c) => [key(c), c.changeId]));
}

describe('what a pull delivers', SLOW, () => {
  it('never gives an inspector a record or a blob of an inspection outside their scope', async () => {
    const bytes = new Uint8Array(new ArrayBuffer(1500)).fill(11);
    const sha256 = await putBytes(a1, bytes);
    const { inspection: i, photo: pic } = await pushPhoto(a1, sha256);
    expect((await a1.push(a1.entries({ kind: 'answer', record: answer(i.id, pic.roomId, 'item-9') }))).failed).toEqual(
      [],
    );

    for (const outsider of [a2, a3, b1]) expect(of(await pullAll(outsider), i.id)).toEqual([]);
    expect(of(await pullAll(ra), i.id)).toEqual([]); // a reviewer reads it on demand, not by pull
    expect(of(await pullAll(a1), i.id).map((c) => c.kind)).toEqual(['inspection', 'room', 'photo', 'answer']);

    // Knowing the hash is not enough, nor having the very bytes: a2 uploads them too.
    for (const outsider of [a2, b1]) {
      expect((await blob(outsider, sha256)).status).toBe(404);
      expect((await blob(outsider, sha256, 'HEAD')).status).toBe(404);
    }
    expect(await putBytes(a2, bytes)).toBe(sha256);
    expect((await blob(a2, sha256)).status).toBe(404);
    expect((await blob(a2, sha256, 'HEAD')).status).toBe(404);
    const refused = (await (await blob(a2, sha256)).json()) as SyncError;
    expect(refused.error).toBe('not-found');

    // Those who may read the inspection read its photo.
    for (const reader of [a1, ra, aa]) {
      const res = await blob(reader, sha256);
      expect(res.status).toBe(200);
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
      expect((await blob(reader, sha256, 'HEAD')).status).toBe(200);
    }
  });

  it('answers HEAD 404 for a photo record whose bytes are not uploaded yet, and 200 once they are', async () => {
    const bytes = new Uint8Array(new ArrayBuffer(1200)).fill(12);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await pushPhoto(a1, sha256);
    expect((await blob(a1, sha256, 'HEAD')).status).toBe(404);
    expect((await blob(a1, sha256)).status).toBe(404);
    await putBytes(a1, bytes);
    const head = await blob(a1, sha256, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('1200');
  });

  it('gives a participant added later the whole inspection with the next pull from their cursor, then its changes', async () => {
    const own = await pushInspection(a2, 1);
    const { i, r, answers } = await pushInspection(a1, 3);
    const photoBytes = new Uint8Array(new ArrayBuffer(900)).fill(13);
    const sha256 = await putBytes(a1, photoBytes);
    const { photo: p } = await pushPhoto(a1, sha256);
    // The photo went into another inspection of a1's; name it in this one too.
    const here = { ...p, id: `${p.id}-here`, inspectionId: i.id, roomId: r.id };
    const changed: Answer = { ...answers[0]!, result: 'fail', updatedAt: 5 };
    await a1.push(a1.entries({ kind: 'photo', record: here }, { kind: 'answer', record: changed }));
    // a2 works on their own after that, and has a cursor past all of it: past every record
    // of a1's inspection too, which must still come.
    await a2.push(a2.entries({ kind: 'answer', record: answer(own.i.id, own.r.id, 'item-2') }));
    const before = await pullFrom(a2, null);
    expect(of(before.changes, own.i.id)).toHaveLength(4);
    expect(Number(before.cursor!.split('.')[1])).toBeGreaterThan(Math.max(...(await current(i.id)).values()));
    // Nothing of it yet for a2.
    const idle = await pullPage(a2, before.cursor);
    expect(idle.changes).toEqual([]);
    expect(idle.cursor).toBe(before.cursor);
    expect((await blob(a2, sha256)).status).toBe(404);

    await share(a1, i.id, 'a2');
    const caughtUp = await pullFrom(a2, before.cursor);
    // Every record of the inspection, each once and as it is now; nothing of a2's own again.
    expect(caughtUp.changes.map(key).sort()).toEqual(
      [`inspection/${i.id}`, `room/${r.id}`, ...answers.map((a) => `answer/${a.id}`), `photo/${here.id}`].sort(),
    );
    expect(new Map(caughtUp.changes.map((c) => [key(c), c.changeId]))).toEqual(await current(i.id));
    expect(caughtUp.changes.find((c) => c.record.id === changed.id)?.record).toEqual(changed);
    expect(caughtUp.pages.every((page) => !page.restarted && page.left.length === 0)).toBe(true);
    expect((await blob(a2, sha256)).status).toBe(200);
    const participants = (await (
      await call(a2, 'GET', `/api/inspections/${i.id}/participants`)
    ).json()) as ParticipantsResponse;
    expect(participants.participants).toEqual([
      { userId: ids.a1, name: 'a1', creator: true },
      { userId: ids.a2, name: 'a2', creator: false, addedBy: 'a1', addedAt: expect.any(Number) as number },
    ]);

    // Later changes come as any other: a1's, and a2's own work on it, which a1 receives.
    const a1Cursor = (await pullFrom(a1, null)).cursor;
    const later = answer(i.id, r.id, 'item-7', { result: 'fail' });
    await a1.push(a1.entries({ kind: 'answer', record: later }));
    const next = await pullFrom(a2, caughtUp.cursor);
    expect(next.changes.map((c) => c.record)).toEqual([later]);
    const mine = answer(i.id, r.id, 'item-8');
    expect((await a2.push(a2.entries({ kind: 'answer', record: mine }))).failed).toEqual([]);
    const forA1 = await pullFrom(a1, a1Cursor);
    expect(forA1.changes.map((c) => [c.record, c.by])).toEqual([
      [later, 'a1'],
      [mine, 'a2'],
    ]);
    // Adding again changes nothing: no second delivery.
    await share(a1, i.id, 'a2');
    expect((await pullFrom(a2, next.cursor)).changes.map((c) => c.record)).toEqual([mine]);
  });

  it('pages through a backfill with a small limit, losing and repeating nothing', async () => {
    // a3's own inspection, changed before and after the addition, so pages mix the two;
    // a3's cursor is past a1's inspection's records before a3 is added.
    const theirs = await pushInspection(a1, 17);
    const own = await pushInspection(a3, 4);
    const start = (await pullFrom(a3, null)).cursor;
    await a3.push(a3.entries({ kind: 'answer', record: { ...own.answers[0]!, result: 'fail' } }));
    await share(a1, theirs.i.id, 'a3');
    await a3.push(a3.entries({ kind: 'answer', record: answer(own.i.id, own.r.id, 'item-9') }));
    await a1.push(a1.entries({ kind: 'answer', record: answer(theirs.i.id, theirs.r.id, 'item-30') }));

    const whole = await pullFrom(a3, start);
    for (const limit of [1, 2, 3, 7]) {
      const paged = await pullFrom(a3, start, limit);
      expect(paged.pages.every((page) => page.changes.length <= limit)).toBe(true);
      expect(paged.pages.slice(0, -1).every((page) => page.more && page.changes.length === limit)).toBe(true);
      expect(paged.changes.map((c) => [key(c), c.changeId])).toEqual(whole.changes.map((c) => [key(c), c.changeId]));
      expect(paged.cursor).toBe(whole.cursor);
    }
    // Each record once: 19 + 1 of a1's inspection, and a3's two changes of its own.
    expect(new Set(whole.changes.map(key)).size).toBe(whole.changes.length);
    expect(of(whole.changes, theirs.i.id)).toHaveLength(2 + 17 + 1);
    expect(of(whole.changes, own.i.id).map((c) => c.record.id)).toEqual([own.answers[0]!.id, `${own.r.id}/-/item-9`]);
    const held = new Map([...(await current(theirs.i.id)), ...(await current(own.i.id))]);
    const seen = new Map(of(whole.changes, theirs.i.id).map((c) => [key(c), c.changeId]));
    for (const [k, changeId] of seen) expect(held.get(k)).toBe(changeId);
  });

  it('loses nothing when the inspection changes between the pages of its backfill', async () => {
    const theirs = await pushInspection(a1, 12);
    await pushInspection(a3, 0);
    const start = (await pullFrom(a3, null)).cursor;
    await share(a1, theirs.i.id, 'a3');
    const seen = new Map<string, number>();
    const deliveries = new Map<string, number>();
    let cursor = start;
    let page = 0;
    for (let more = true; more; page++) {
      const res = await pullPage(a3, cursor, 3);
      for (const c of res.changes) {
        // The same version is never delivered twice.
        const versions = `${key(c)}@${c.changeId}`;
        deliveries.set(versions, (deliveries.get(versions) ?? 0) + 1);
        seen.set(key(c), c.changeId);
      }
      ({ cursor, more } = res);
      // Between pages: a1 rewrites a record probably delivered already, one probably still to
      // come, and adds one.
      if (page === 1)
        await a1.push(
          a1.entries(
            { kind: 'answer', record: { ...theirs.answers[0]!, result: 'fail', updatedAt: 9 } },
            { kind: 'answer', record: { ...theirs.answers[10]!, result: 'fail', updatedAt: 9 } },
            { kind: 'answer', record: answer(theirs.i.id, theirs.r.id, 'item-40') },
          ),
        );
    }
    expect([...deliveries.values()].every((n) => n === 1)).toBe(true);
    const held = await current(theirs.i.id);
    expect(held.size).toBe(2 + 12 + 1);
    for (const [k, changeId] of held) expect(seen.get(k)).toBe(changeId);
  });
});

describe('participants', SLOW, () => {
  it('stops a removed participant’s changes, tells them in `left`, and refuses their pushes', async () => {
    const { i, r } = await pushInspection(a1, 1);
    const bytes = new Uint8Array(new ArrayBuffer(800)).fill(14);
    const sha256 = await putBytes(a1, bytes);
    const pic = { ...(await pushPhoto(a1, sha256)).photo, id: `${i.id}-pic`, inspectionId: i.id, roomId: r.id };
    await a1.push(a1.entries({ kind: 'photo', record: pic }));
    await share(a1, i.id, 'a2');
    const joined = await pullFrom(a2, null);
    expect(of(joined.changes, i.id).length).toBe(4);
    expect(joined.pages.at(-1)!.left).not.toContain(i.id);
    expect((await blob(a2, sha256)).status).toBe(200);

    const removed = await removeParticipant(a1, i.id, ids.a2!);
    expect(removed.status).toBe(200);
    expect(((await removed.json()) as ParticipantsResponse).participants.map((p) => p.name)).toEqual(['a1']);
    await a1.push(a1.entries({ kind: 'answer', record: answer(i.id, r.id, 'item-5') }));

    const after = await pullPage(a2, joined.cursor);
    expect(of(after.changes, i.id)).toEqual([]);
    expect(after.left).toContain(i.id);
    const attempt = await a2.push(
      a2.entries(
        { kind: 'answer', record: answer(i.id, r.id, 'item-6') },
        { kind: 'inspection', record: { ...i, unit: '改过的单位' } },
      ),
    );
    expect(attempt.failed.map((f) => f.code)).toEqual(['not-a-participant', 'not-a-participant']);
    expect((await snapshot(a2, i.id)).status).toBe(404);
    expect((await blob(a2, sha256)).status).toBe(404);
    expect((await addParticipant(a2, i.id, ids.a2!)).status).toBe(403);

    // Once a2's cursor is past the removal (a change of their own), it is said no more.
    await pushInspection(a2, 0);
    const moved = await pullFrom(a2, after.cursor);
    expect(moved.pages[0]!.left).toContain(i.id);
    expect((await pullPage(a2, moved.cursor)).left).not.toContain(i.id);

    // Added again: the whole inspection again, as it is now.
    await share(a1, i.id, 'a2');
    const back = await pullFrom(a2, moved.cursor);
    expect(new Map(back.changes.map((c) => [key(c), c.changeId]))).toEqual(await current(i.id));
    expect(back.pages.every((page) => !page.left.includes(i.id))).toBe(true);
  });

  it('refuses an inspector’s push to a colleague’s inspection they are not part of', async () => {
    const { i, r, answers } = await pushInspection(a1, 1);
    const changes = await countChanges(dataDir);
    const signed = await signature({ inspection: i, rooms: [r], answers });
    const attempt = await a3.push(
      a3.entries(
        { kind: 'answer', record: answer(i.id, r.id, 'item-1', { result: 'fail' }) },
        { kind: 'room', record: { ...r, name: '改名' } },
        { kind: 'inspection', record: { ...i, unit: '改过的单位' } },
        { kind: 'signature', record: signed },
        { kind: 'reopen', inspectionId: i.id, reopening: { by: 'x', reason: 'y', at: 1 } },
      ),
    );
    expect(attempt.failed.map((f) => f.code)).toEqual(Array.from({ length: 5 }, () => 'not-a-participant'));
    expect(await countChanges(dataDir)).toBe(changes);
    expect(new Map(of(await pullAll(a1), i.id).map((c) => [key(c), c.record]))).toEqual(
      new Map<string, unknown>([
        [`inspection/${i.id}`, i],
        [`room/${r.id}`, r],
        [`answer/${answers[0]!.id}`, answers[0]],
      ]),
    );
    // A reviewer may write a review on it, and an admin anything.
    expect((await ra.push(ra.entries({ kind: 'review', record: review(i.id) }))).failed).toEqual([]);
    expect((await aa.push(aa.entries({ kind: 'answer', record: answer(i.id, r.id, 'item-2') }))).failed).toEqual([]);
  });

  it('answers another organisation’s inspector 404 for its inspections’ participants and records', async () => {
    const { i } = await pushInspection(a1, 1);
    expect((await addParticipant(b1, i.id, ids.b1!)).status).toBe(404);
    expect((await addParticipant(b1, i.id, ids.a2!)).status).toBe(404);
    expect((await removeParticipant(b1, i.id, ids.a1!)).status).toBe(404);
    expect((await snapshot(b1, i.id)).status).toBe(404);
    expect((await call(b1, 'GET', `/api/inspections/${i.id}/participants`)).status).toBe(404);
    // And a colleague of another organisation cannot be added.
    const cross = await addParticipant(a1, i.id, ids.b1!);
    expect(cross.status).toBe(404);
    expect(((await cross.json()) as SyncError).error).toBe('not-found');
    // The people list is one's own organisation.
    const { people } = (await (await call(b1, 'GET', '/api/people')).json()) as PeopleResponse;
    expect(people.map((p) => p.name)).toEqual(['b1']);
    const ours = (await (await call(a1, 'GET', '/api/people')).json()) as PeopleResponse;
    expect(ours.people.map((p) => [p.name, p.role])).toEqual([
      ['a1', 'inspector'],
      ['a2', 'inspector'],
      ['a3', 'inspector'],
      ['aa', 'admin'],
      ['ra', 'reviewer'],
    ]);
    const participants = await selectRows(
      dataDir,
      'select user_id from inspection_members where inspection_id = ?',
      i.id,
    );
    expect(participants.map((p) => Number(p.user_id))).toEqual([ids.a1]);
  });

  it('refuses to add a reviewer, or to remove the creator (400); an admin may add anyone else', async () => {
    const { i } = await pushInspection(a1, 0);
    const reviewer = await addParticipant(a1, i.id, ids.ra!);
    expect(reviewer.status).toBe(400);
    expect(((await reviewer.json()) as SyncError).error).toBe('malformed');
    for (const by of [a1, aa]) {
      const creator = await removeParticipant(by, i.id, ids.a1!);
      expect(creator.status).toBe(400);
    }
    expect((await addParticipant(aa, i.id, ids.a3!)).status).toBe(200);
    expect((await addParticipant(a3, i.id, ids.a2!)).status).toBe(200); // any member may add
    const list = (await (
      await call(ra, 'GET', `/api/inspections/${i.id}/participants`)
    ).json()) as ParticipantsResponse;
    expect(list.participants.map((p) => [p.name, p.creator, p.addedBy])).toEqual([
      ['a1', true, undefined],
      ['a3', false, 'aa'],
      ['a2', false, 'a3'],
    ]);
    // A non-member inspector of the organisation may not change who takes part.
    const { i: other } = await pushInspection(a2, 0);
    expect((await addParticipant(a1, other.id, ids.a1!)).status).toBe(403);
    expect(
      (await selectRows(dataDir, 'select user_id from inspection_members where inspection_id = ?', other.id)).map((r) =>
        Number(r.user_id),
      ),
    ).toEqual([ids.a2]);
  });
});

describe('the office list and one inspection on demand', SLOW, () => {
  const tag = `清单${process.pid}-`;
  let made: { id: string; unit: string; date: string; by: string }[] = [];
  let signedId = '';
  let reviewedId = '';
  let sharedId = '';
  let lastTouched = '';

  const list = async (device: Device, query: Record<string, string | number>) => {
    const res = await call(
      device,
      'GET',
      `/api/inspections?${new URLSearchParams(
        Object.entries({ unit: tag, ...query }).map(([k, v]) => [k, String(v)]),
      ).toString()}`,
    );
    expect(res.status).toBe(200);
    return (await res.json()) as InspectionListResponse;
  };
  const idsOf = (r: InspectionListResponse) => r.items.map((item) => item.id);
  const where = (test: (m: (typeof made)[number]) => boolean) => made.filter(test).map((m) => m.id);

  beforeAll(async () => {
    // Twelve of a1's in one push, three of a2's with units that hold `%` and `_`.
    const a1s = Array.from({ length: 12 }, (_, n) =>
      inspection({ unit: `${tag}法院${String(n).padStart(2, '0')}`, date: `2025-0${1 + (n % 3)}-1${n % 10}` }),
    );
    const a2s = [
      inspection({ unit: `${tag}增长100%单位`, date: '2025-04-01' }),
      inspection({ unit: `${tag}增长100x单位`, date: '2025-04-02' }),
      inspection({ unit: `${tag}编号1_0单位`, date: '2025-04-03' }),
    ];
    expect(await a1.push(a1.entries(...a1s.map((record) => ({ kind: 'inspection' as const, record }))))).toMatchObject({
      failed: [],
    });
    expect(await a2.push(a2.entries(...a2s.map((record) => ({ kind: 'inspection' as const, record }))))).toMatchObject({
      failed: [],
    });
    made = [
      ...a1s.map((i) => ({ id: i.id, unit: i.unit, date: i.date, by: 'a1' })),
      ...a2s.map((i) => ({ id: i.id, unit: i.unit, date: i.date, by: 'a2' })),
    ];
    // Sign two of a1's (a signature record over what the server holds); review one of them.
    for (const i of [a1s[0]!, a1s[1]!]) {
      const r: RoomVisit = room(i.id);
      await a1.push(a1.entries({ kind: 'room', record: r }));
      const sig = await signature({ inspection: i, rooms: [r] });
      expect((await a1.push(a1.entries({ kind: 'signature', record: sig }))).failed).toEqual([]);
    }
    signedId = a1s[0]!.id;
    reviewedId = a1s[1]!.id;
    expect((await ra.push(ra.entries({ kind: 'review', record: review(reviewedId) }))).failed).toEqual([]);
    // One of a1's shared with a2.
    sharedId = a1s[5]!.id;
    await share(a1, sharedId, 'a2');
    // Touched last, a moment later.
    await new Promise((resolve) => setTimeout(resolve, 20));
    lastTouched = a1s[7]!.id;
    await a1.push(a1.entries({ kind: 'room', record: room(lastTouched) }));
  }, 90_000);

  it('shows a reviewer every inspection of the organisation, filtered by unit (literally), dates, status and inspector', async () => {
    const all = await list(ra, { pageSize: 50 });
    expect(all.total).toBe(15);
    expect(idsOf(all).sort()).toEqual(made.map((m) => m.id).sort());
    // The creator first.
    expect(all.items.find((item) => item.id === sharedId)?.participants).toEqual(['a1', 'a2']);

    // `%` and `_` in the text are letters, not patterns; the text may be anywhere in the unit.
    expect(idsOf(await list(ra, { unit: `${tag}增长100%` }))).toEqual(where((m) => m.unit.includes('100%')));
    expect(idsOf(await list(ra, { unit: '100%单位' }))).toEqual(where((m) => m.unit.includes('100%单位')));
    expect(idsOf(await list(ra, { unit: `${tag}编号1_0` }))).toHaveLength(1);
    expect((await list(ra, { unit: `${tag}编号1%0` })).total).toBe(0);
    expect((await list(ra, { unit: `${tag}增长100_单位` })).total).toBe(0);
    expect((await list(ra, { unit: '法院0' })).items.map((item) => item.unit).sort()).toEqual(
      made
        .filter((m) => m.unit.includes('法院0'))
        .map((m) => m.unit)
        .sort(),
    );

    // Dates, both ends inclusive.
    const feb = await list(ra, { from: '2025-02-10', to: '2025-02-19', pageSize: 50 });
    expect(idsOf(feb).sort()).toEqual(where((m) => m.date >= '2025-02-10' && m.date <= '2025-02-19').sort());
    expect(feb.total).toBe(4);
    expect(idsOf(await list(ra, { from: '2025-04-02', pageSize: 50 })).sort()).toEqual(
      where((m) => m.date >= '2025-04-02').sort(),
    );
    expect(idsOf(await list(ra, { to: '2025-01-10', pageSize: 50 })).sort()).toEqual(
      where((m) => m.date <= '2025-01-10').sort(),
    );

    // Status: signed by a signature record, reviewed by the office's verdict on a signed one.
    expect(idsOf(await list(ra, { status: 'signed' }))).toEqual([signedId]);
    expect(idsOf(await list(ra, { status: 'reviewed' }))).toEqual([reviewedId]);
    const open = await list(ra, { status: 'open', pageSize: 50 });
    expect(open.total).toBe(13);
    expect(idsOf(open)).not.toContain(signedId);
    expect(all.items.find((item) => item.id === signedId)?.status).toBe('signed');

    // Inspector: the inspections the user takes part in, created or shared.
    expect(idsOf(await list(ra, { inspector: ids.a2!, pageSize: 50 })).sort()).toEqual(
      [...where((m) => m.by === 'a2'), sharedId].sort(),
    );
    expect((await list(ra, { inspector: ids.a3!, pageSize: 50 })).total).toBe(0);
    // Filters combine.
    expect(idsOf(await list(ra, { inspector: ids.a1!, status: 'signed' }))).toEqual([signedId]);
  });

  it('sorts and pages the list on the server', async () => {
    const byDate = idsOf(await list(ra, { sort: 'date-desc', pageSize: 50 }));
    const dates = (ids: string[]) => ids.map((id) => made.find((m) => m.id === id)!.date);
    expect(dates(byDate)).toEqual(dates(byDate).sort().reverse());
    const ascending = idsOf(await list(ra, { sort: 'date-asc', pageSize: 50 }));
    expect(dates(ascending)).toEqual(dates(ascending).sort());
    const units = (await list(ra, { sort: 'unit-asc', pageSize: 50 })).items.map((item) => item.unit);
    expect(units).toEqual([...units].sort());
    const updated = await list(ra, { sort: 'updated-desc', pageSize: 50 });
    expect(updated.items[0]!.id).toBe(lastTouched);
    const times = updated.items.map((item) => item.updatedAt ?? 0);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // The default: newest date first, 20 a page.
    const plain = await list(ra, {});
    expect(plain.pageSize).toBe(20);
    expect(plain.page).toBe(1);
    expect(idsOf(plain)).toEqual(byDate);

    for (const pageSize of [10, 20, 50]) {
      const pages: string[] = [];
      for (let page = 1; page <= Math.ceil(15 / pageSize); page++) {
        const res = await list(ra, { sort: 'unit-asc', pageSize, page });
        expect(res).toMatchObject({ total: 15, page, pageSize });
        expect(res.items.length).toBe(Math.min(pageSize, 15 - (page - 1) * pageSize));
        pages.push(...idsOf(res));
      }
      expect(pages).toEqual(idsOf(await list(ra, { sort: 'unit-asc', pageSize: 50 })));
    }
    const beyond = await list(ra, { pageSize: 10, page: 3 });
    expect(beyond).toMatchObject({ total: 15, items: [] });

    for (const bad of [
      'pageSize=7',
      'page=0',
      'sort=sideways',
      'status=lost',
      'from=2025-13-01',
      'inspector=x',
      'what=1',
    ]) {
      const res = await call(ra, 'GET', `/api/inspections?${bad}`);
      expect(res.status, bad).toBe(400);
      expect(((await res.json()) as SyncError).error).toBe('malformed');
    }
  });

  it('shows an inspector only the inspections they take part in', async () => {
    expect(idsOf(await list(a2, { pageSize: 50 })).sort()).toEqual([...where((m) => m.by === 'a2'), sharedId].sort());
    expect((await list(a1, { pageSize: 50 })).total).toBe(12);
    expect((await list(a3, {})).total).toBe(0);
    // Asking for a colleague's does not widen it.
    expect(idsOf(await list(a3, { inspector: ids.a1! }))).toEqual([]);
    expect(idsOf(await list(a2, { inspector: ids.a1!, pageSize: 50 }))).toEqual([sharedId]);
    expect((await list(b1, { pageSize: 50 })).total).toBe(0);
    expect((await list(aa, { pageSize: 50 })).total).toBe(15);
  });

  it('opens one inspection for a reviewer (records and participants), and 404 for a non-member', async () => {
    const res = await snapshot(ra, sharedId);
    expect(res.status).toBe(200);
    const opened = (await res.json()) as InspectionSnapshot;
    expect(opened.inspectionId).toBe(sharedId);
    expect(opened.changes.map((c) => [c.kind, c.record.id, c.by])).toEqual([['inspection', sharedId, 'a1']]);
    expect(opened.participants.map((p) => [p.name, p.creator])).toEqual([
      ['a1', true],
      ['a2', false],
    ]);
    const signed = (await (await snapshot(ra, signedId)).json()) as InspectionSnapshot;
    expect(signed.changes.map((c) => c.kind)).toEqual(['inspection', 'room', 'signature']);

    expect((await snapshot(a2, sharedId)).status).toBe(200);
    expect((await snapshot(aa, sharedId)).status).toBe(200);
    for (const [device, id] of [
      [a3, sharedId],
      [a2, signedId],
      [b1, sharedId],
      [ra, 'no-such-inspection'],
    ] as const) {
      const refused = await snapshot(device, id);
      expect(refused.status).toBe(404);
      expect(((await refused.json()) as SyncError).error).toBe('not-found');
    }
  });
});

describe('cursors', SLOW, () => {
  it('refuses a cursor this server never handed out as malformed', async () => {
    for (const cursor of ['garbage', '', 0, 42, 'x'.repeat(201), 'abc.1.2.3', 'ABC.1.2.3.dev', '0.1.2.x.dev']) {
      const res = await pullRaw(a1, cursor);
      expect(res.status, JSON.stringify(cursor)).toBe(400);
      expect(((await res.json()) as SyncError).error).toBe('malformed');
    }
  });

  it('starts the scope over, and says so, for a well-formed cursor naming a change it does not hold', async () => {
    await pushInspection(a3, 2);
    const whole = await pullFrom(a3, null);
    expect(whole.pages.every((page) => !page.restarted)).toBe(true);
    const real = whole.cursor!;
    const [epoch, place, changeId, seq, at, ...device] = real.split('.');
    const deviceId = device.join('.');
    // The server's own cursor still works.
    const same = await pullPage(a3, real);
    expect(same).toMatchObject({ restarted: false, changes: [], cursor: real });

    const forged = [
      // A change id this data set never gave out (a server restored from an older backup).
      [epoch, Number(place) + 1000, Number(changeId) + 1000, seq, at, deviceId],
      // The same change id, but written by another outbox entry.
      [epoch, place, changeId, Number(seq) + 1, at, deviceId],
      [epoch, place, changeId, seq, at, 'another-device'],
      // The same entry, sent again at another time (a repair after a restore).
      [epoch, place, changeId, seq, Number(at) + 1, deviceId],
      // Another data set's epoch.
      ['0123abcd-0000-0000-0000-000000000000', place, changeId, seq, at, deviceId],
    ].map((parts) => parts.join('.'));
    for (const cursor of forged) {
      const res = await pullFrom(a3, cursor);
      expect(res.pages[0]!.restarted, cursor).toBe(true);
      expect(res.changes.map((c) => [key(c), c.changeId])).toEqual(whole.changes.map((c) => [key(c), c.changeId]));
      expect(res.cursor).toBe(real);
      // The next pull, from the cursor it handed out, goes on normally.
      expect((await pullPage(a3, res.cursor)).restarted).toBe(false);
    }

    // A user whose scope is empty: restarted, with nothing, and no cursor yet.
    const empty = await pullPage(ra, forged[0]!);
    expect(empty).toMatchObject({ restarted: true, changes: [], cursor: null, more: false });
    // Another organisation's cursor names no change of b1's.
    expect((await pullPage(b1, real)).restarted).toBe(true);
  });
});
