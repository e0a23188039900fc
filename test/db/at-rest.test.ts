import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addPhoto,
  addRoom,
  createDatabase,
  loadBundle,
  saveAnswer,
  saveFinding,
  storeTemplates,
  takeBatch,
  type XunjianDB,
} from '../../src/db';
import {
  lock,
  lockStatus,
  MAX_PIN_TRIES,
  rememberServer,
  removeLock,
  resetPin,
  setUpLock,
  startLock,
  unlockWithPin,
  unlockWithRecovery,
} from '../../src/db/at-rest/lock';
import { LockedError, SEALED } from '../../src/db/at-rest/codec';
import { readVault, updateVault } from '../../src/db/at-rest/vault';
import { PBKDF2_ITERATIONS } from '../../src/db/at-rest/keys';
import { createSmallInspection, freshDatabase } from '../helpers/db';
import { smallTemplate } from '../helpers/template';
import { sampleInspection } from '../helpers/inspection';

// Few iterations here: each derivation at the real count costs a third of a second.
const FAST = 1000;
const PIN = '246810';
const PROBLEM = '机房门未上锁，𠮷字样的标签丢失';
const JPEG = new Uint8Array([
  0xff,
  0xd8,
  0xff,
  0xe0,
  ...new TextEncoder().encode('JFIF-secret-photo-bytes'),
  0xff,
  0xd9,
]);
const OWNER = { userId: 1, organisationId: 1, user: '王堃', organisation: '某县网信办' };
const secret = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');

let db: XunjianDB;
let name: string;
beforeEach(async () => {
  await removeLock();
  ({ db, name } = freshDatabase());
  await storeTemplates([smallTemplate()]);
});
afterEach(async () => {
  await removeLock();
});

async function someWork() {
  const i = await createSmallInspection();
  const room = await addRoom(i.id, 'machine-room', '机房');
  const place = { roomId: room.id, itemId: 'mr-a' };
  await saveAnswer(i.id, place, { result: 'fail', note: '门禁记录缺失' });
  await saveFinding(i.id, place, { problem: PROBLEM });
  await addPhoto(i.id, place, 'item', {
    sha256: 'a'.repeat(64),
    data: JPEG.slice().buffer,
    width: 10,
    height: 10,
    capturedAt: 1,
  });
  return { i, place };
}

/** Every row of every table as IndexedDB holds it, read without the app's middleware. */
async function rawRows(of = name): Promise<Map<string, unknown[]>> {
  const raw = new Dexie(of);
  await raw.open();
  const out = new Map<string, unknown[]>();
  for (const table of raw.tables) out.set(table.name, await table.toArray());
  raw.close();
  return out;
}

function bytesOf(value: unknown): Uint8Array[] {
  if (value instanceof ArrayBuffer) return [new Uint8Array(value)];
  if (value instanceof Uint8Array) return [value];
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(bytesOf);
  return [];
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

function plaintextIn(rows: Map<string, unknown[]>): string[] {
  const found: string[] = [];
  const problem = new TextEncoder().encode('机房门未上锁');
  const photo = new TextEncoder().encode('JFIF-secret-photo-bytes');
  for (const [table, list] of rows)
    for (const row of list) {
      const text = JSON.stringify(row);
      if (text.includes('机房门未上锁') || text.includes('门禁记录缺失')) found.push(`${table}: text`);
      for (const b of bytesOf(row)) {
        if (contains(b, problem)) found.push(`${table}: text bytes`);
        if (contains(b, photo)) found.push(`${table}: photo bytes`);
      }
    }
  return found;
}

describe('encryption at rest', () => {
  it('seals the rows written before the lock, and every row after it; the app still reads them', async () => {
    const { i, place } = await someWork();
    // Before a lock exists, rows are as they were.
    expect(plaintextIn(await rawRows())).not.toEqual([]);

    await setUpLock(PIN, undefined, FAST);
    await saveFinding(i.id, place, { rectification: { measure: '加装门禁' } });

    const rows = await rawRows();
    expect(plaintextIn(rows)).toEqual([]);
    expect(JSON.stringify(rows.get('findings'))).not.toContain('加装门禁');
    for (const table of ['inspections', 'rooms', 'answers', 'findings', 'photos', 'blobs', 'outbox', 'settings'])
      for (const row of rows.get(table) ?? []) expect(row, table).toHaveProperty(SEALED);
    // Templates are the app's, not the user's: left readable.
    for (const row of rows.get('templates') ?? []) expect(row).not.toHaveProperty(SEALED);
    expect((await readVault())?.sealedAll).toBe(true);

    // Indexes still answer: one inspection's findings, one room's answers.
    const findings = await db.findings.where('inspectionId').equals(i.id).toArray();
    expect(findings[0]?.problem).toBe(PROBLEM);
    expect(findings[0]?.rectification.measure).toBe('加装门禁');
    const answers = await db.answers.where('[inspectionId+roomId]').equals([i.id, place.roomId]).toArray();
    expect(answers.map((a) => a.note)).toEqual(['门禁记录缺失']);
    // Cursors too (each), and the bytes come back as they went in.
    const seen: string[] = [];
    await db.findings.each((f) => seen.push(f.problem));
    expect(seen).toEqual([PROBLEM]);
    const blob = await db.blobs.get('a'.repeat(64));
    expect(new Uint8Array(blob!.data)).toEqual(JPEG);
    // The outbox keeps its numbering and its content.
    const batch = await takeBatch(100);
    expect(batch.map((e) => e.seq)).toEqual(batch.map((_, n) => n + 1));
    expect(batch.some((e) => e.mutation.kind === 'finding' && e.mutation.record.problem === PROBLEM)).toBe(true);
    // numbered through update(): the numbers are stored in the clear index, the rest stays sealed
    expect((await rawRows()).get('outbox')?.every((e) => typeof (e as { seq?: number }).seq === 'number')).toBe(true);
    const bundle = await loadBundle(i.id);
    expect(bundle?.findings.size).toBe(1);
  });

  it('reads nothing sealed while locked, and opens with the right PIN only', async () => {
    const { i } = await someWork();
    await setUpLock(PIN, undefined, FAST);
    lock();
    await expect(db.findings.toArray()).rejects.toThrow(LockedError);
    await expect(db.settings.put({ key: 'x', value: 1 })).rejects.toThrow(LockedError);
    expect(await unlockWithPin('000000')).toEqual({ ok: false, reason: 'wrong', triesLeft: MAX_PIN_TRIES - 1 });
    await expect(db.findings.toArray()).rejects.toThrow(LockedError);
    expect(await unlockWithPin(PIN)).toEqual({ ok: true });
    expect((await db.findings.where('inspectionId').equals(i.id).first())?.problem).toBe(PROBLEM);
    expect((await readVault())?.failures).toBe(0);
  });

  it('after too many wrong PINs asks for the server, wipes nothing, and takes a new PIN', async () => {
    await someWork();
    const first = secret();
    await setUpLock(PIN, { ...OWNER, deviceId: 'd1', secret: first }, FAST);
    lock();
    for (let n = 1; n < MAX_PIN_TRIES; n++) expect((await unlockWithPin('111111')).ok).toBe(false);
    expect(await unlockWithPin('111111')).toEqual({ ok: false, reason: 'sign-in-required' });
    // The right PIN no longer opens it: a thief cannot keep guessing.
    expect(await unlockWithPin(PIN)).toEqual({ ok: false, reason: 'sign-in-required' });
    expect(await lockStatus()).toMatchObject({ kind: 'locked', user: '王堃', signInRequired: true });
    expect(await unlockWithRecovery(secret())).toBe(false);
    expect(await unlockWithRecovery(first)).toBe(true);
    expect(await db.findings.count()).toBe(1);
    await resetPin('135792');
    // Tied to the new device the recovery sign-in made.
    const second = secret();
    await rememberServer({ ...OWNER, deviceId: 'd2', secret: second });
    lock();
    expect((await unlockWithPin(PIN)).ok).toBe(false);
    expect(await unlockWithPin('135792')).toEqual({ ok: true });
    expect((await readVault())?.kdf.iterations).toBe(PBKDF2_ITERATIONS);
    lock();
    expect(await unlockWithRecovery(first)).toBe(false);
    expect(await unlockWithRecovery(second)).toBe(true);
  });

  it('without an account, makes wrong PINs past the limit wait instead', async () => {
    await setUpLock(PIN, undefined, FAST);
    lock();
    for (let n = 1; n < MAX_PIN_TRIES; n++) expect(await unlockWithPin('999999')).toMatchObject({ reason: 'wrong' });
    const waited = await unlockWithPin('999999');
    expect(waited).toMatchObject({ ok: false, reason: 'wait' });
    expect(await unlockWithPin(PIN)).toMatchObject({ ok: false, reason: 'wait' });
    // Once the wait is over: a wrong PIN waits longer, the right one opens.
    const firstWait = (waited as { until: number }).until - Date.now();
    await updateVault({ blockedUntil: Date.now() - 1 });
    const longer = await unlockWithPin('999999');
    expect(longer).toMatchObject({ ok: false, reason: 'wait' });
    expect((longer as { until: number }).until - Date.now()).toBeGreaterThan(firstWait + 20_000);
    await updateVault({ blockedUntil: Date.now() - 1 });
    expect(await unlockWithPin(PIN)).toEqual({ ok: true });
    expect(await readVault()).toMatchObject({ failures: 0 });
    expect((await readVault())?.blockedUntil).toBeUndefined();
  });

  it('refuses a sealed row that was altered or moved to another table', async () => {
    await someWork();
    await setUpLock(PIN, undefined, FAST);
    const raw = new Dexie(name);
    await raw.open();
    const finding = (await raw.table('findings').toArray())[0] as Record<string, unknown> & { [SEALED]: Uint8Array };
    const moved = { ...finding, key: 'moved' };
    await raw.table('settings').put(moved);
    const altered = finding[SEALED].slice();
    altered[20] = (altered[20] ?? 0) ^ 1;
    await raw.table('findings').put({ ...finding, [SEALED]: altered });
    raw.close();
    await expect(db.findings.toArray()).rejects.toThrow();
    await expect(db.settings.get('moved')).rejects.toThrow();
  });

  it('runs a schema upgrade over sealed rows: it reads them opened, and what it writes is sealed', async () => {
    const old = freshDatabase(4);
    await setUpLock(PIN, undefined, FAST);
    const i = sampleInspection();
    await old.db.inspections.add(i);
    await old.db.rooms.add({ id: 'r1', inspectionId: i.id, kind: 'machine-room', name: '一楼机房', order: 1 });
    expect(JSON.stringify((await rawRows(old.name)).get('rooms'))).not.toContain('一楼机房');
    old.db.close();
    const next = createDatabase(old.name, 5);
    await next.open();
    const entries = await next.outbox.orderBy('id').toArray();
    expect(entries.map((e) => e.mutation.kind)).toEqual(['inspection', 'room']);
    expect(entries[1]?.mutation).toMatchObject({ record: { name: '一楼机房' } });
    next.close();
    const raw = await rawRows(old.name);
    expect(raw.get('outbox')?.length).toBe(2);
    for (const row of raw.get('outbox') ?? []) expect(row).toHaveProperty(SEALED);
    expect(JSON.stringify(raw.get('outbox'))).not.toContain('一楼机房');
  });

  it('keeps the data key when a lock is set up again while open (another user’s PIN replaced), refuses while locked', async () => {
    await someWork();
    await setUpLock(PIN, undefined, FAST);
    await setUpLock('97531864', undefined, FAST);
    expect(await db.findings.count()).toBe(1);
    lock();
    await expect(setUpLock('11223344', undefined, FAST)).rejects.toThrow(/locked/);
    expect((await unlockWithPin(PIN)).ok).toBe(false);
    expect(await unlockWithPin('97531864')).toEqual({ ok: true });
    expect((await db.findings.toArray())[0]?.problem).toBe(PROBLEM);
  });

  it('counts parallel guesses each (tabs guessing at once get five in all)', async () => {
    await setUpLock(PIN, { ...OWNER, deviceId: 'd1', secret: secret() }, FAST);
    lock();
    const results = await Promise.all(Array.from({ length: 8 }, (_, n) => unlockWithPin(`wrong ${n} pin`)));
    const reasons = results.map((r) => (r.ok ? 'ok' : r.reason)).sort();
    expect(reasons).toEqual([...Array(4).fill('sign-in-required'), ...Array(4).fill('wrong')].sort());
    expect(await unlockWithPin(PIN)).toEqual({ ok: false, reason: 'sign-in-required' });
  });

  it('sets up one lock when two are set up at once (another tab), and the one kept opens', async () => {
    const [a, b] = await Promise.allSettled([
      setUpLock('11112222', undefined, FAST),
      setUpLock('33334444', undefined, FAST),
    ]);
    expect([a.status, b.status].sort()).toEqual(['fulfilled', 'rejected']);
    const kept = a.status === 'fulfilled' ? '11112222' : '33334444';
    lock();
    expect(await unlockWithPin(kept)).toEqual({ ok: true });
  });

  it('refuses to seal what JSON would change silently (a Date), and keeps the row out', async () => {
    await setUpLock(PIN, undefined, FAST);
    await expect(db.settings.put({ key: 'when', value: new Date(0) })).rejects.toThrow(TypeError);
    await expect(db.settings.put({ key: 'pixels', value: new Uint8ClampedArray(2) })).rejects.toThrow(TypeError);
    expect(await db.settings.get('when')).toBeUndefined();
  });

  it('opens even when a row is sealed by a key that is gone, and seals the rest', async () => {
    await someWork();
    const raw = new Dexie(name);
    await raw.open();
    const stray = { key: 'stray', [SEALED]: crypto.getRandomValues(new Uint8Array(64)) };
    await raw.table('settings').put(stray);
    raw.close();
    await setUpLock(PIN, undefined, FAST);
    expect((await readVault())?.sealedAll).toBe(true);
    expect(plaintextIn(await rawRows())).toEqual([]);
    expect((await db.findings.toArray())[0]?.problem).toBe(PROBLEM);
  });

  it('starts locked when a lock exists, and in the clear when none does', async () => {
    expect(await startLock()).toEqual({ kind: 'none' });
    await setUpLock(PIN, undefined, FAST);
    lock();
    expect(await startLock()).toMatchObject({ kind: 'locked', failures: 0, signInRequired: false });
  });
});
