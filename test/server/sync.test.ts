// The sync promises of issue 5, against the real server and a real SQLite file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer, Computer, Inspection } from '../../src/shared/inspection';
import type { Signature } from '../../src/shared/evidence';
import type { RunningServer } from '../helpers/server';
import {
  answer,
  countChanges,
  countRows,
  Device,
  inspection,
  room,
  selectRows,
  seedDataDir,
  share,
  signature,
  startSyncServer,
} from '../helpers/sync-harness';
import { SYNC_FORMAT_VERSION } from '../../src/shared/sync-protocol';

let dataDir: string;
let server: RunningServer;
beforeAll(async () => {
  dataDir = await seedDataDir();
  server = await startSyncServer(dataDir);
});
afterAll(() => server?.stop());

describe('push', () => {
  it('applies entries once: a replayed push changes nothing', async () => {
    const device = await Device.login(server.url, 'a1');
    const i = inspection();
    const r = room(i.id);
    const entries = device.entries(
      { kind: 'inspection', record: i },
      { kind: 'room', record: r },
      { kind: 'answer', record: answer(i.id, r.id, 'item-1') },
    );
    expect(await device.push(entries)).toEqual({ format: SYNC_FORMAT_VERSION, appliedThroughSeq: 3, failed: [] });
    const changes = await countChanges(dataDir);
    const pulled = await device.pull();

    expect(await device.push(entries)).toEqual({ format: SYNC_FORMAT_VERSION, appliedThroughSeq: 3, failed: [] });
    expect(await countChanges(dataDir)).toBe(changes);
    expect(await device.pull()).toEqual(pulled);
  });

  it('refuses a gap and applies nothing of that push', async () => {
    const device = await Device.login(server.url, 'a1');
    const i = inspection();
    await device.push(device.entries({ kind: 'inspection', record: i }));
    // Entry 2 never reaches the server.
    const [, after] = device.entries({ kind: 'room', record: room(i.id) }, { kind: 'room', record: room(i.id) });
    const changes = await countChanges(dataDir);
    const res = await device.pushRaw([after]);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: 'seq-gap', expectedSeq: 2 });
    expect(await countChanges(dataDir)).toBe(changes);
  });

  it('records an entry that can never apply as failed, and applies the ones after it', async () => {
    const device = await Device.login(server.url, 'a1');
    const i = inspection();
    const r = room(i.id);
    await device.push(device.entries({ kind: 'inspection', record: i }, { kind: 'room', record: r }));
    const good = answer(i.id, r.id, 'item-2', { result: 'fail' });
    const entries = [
      ...device.entries({ kind: 'answer', record: answer('no-such-inspection', r.id, 'item-1') }),
      // Valid JSON, not a valid answer: fails alone instead of blocking the outbox.
      device.rawEntry({ kind: 'answer', record: { id: 'x', result: 'maybe' } }),
      device.rawEntry({ kind: 'teleport' }),
      ...device.entries({ kind: 'answer', record: good }),
    ];
    expect(entries.map((e) => e.seq)).toEqual([3, 4, 5, 6]);
    const res = await device.pushRaw(entries);
    expect(res.status).toBe(200);
    const result = (await res.json()) as { appliedThroughSeq: number; failed: { seq: number; code: string }[] };
    expect(result.appliedThroughSeq).toBe(6);
    expect(result.failed.map((f) => [f.seq, f.code])).toEqual([
      [3, 'unknown-inspection'],
      [4, 'invalid-mutation'],
      [5, 'invalid-mutation'],
    ]);
    const { changes } = await device.pull();
    expect(changes.find((c) => c.kind === 'answer' && c.record.id === good.id)?.record).toEqual(good);

    // The reply was lost: the replay reports the same failures, and applies nothing twice.
    const again = (await (await device.pushRaw(entries)).json()) as typeof result;
    expect(again).toEqual(result);
    expect(await countRows(dataDir, 'failed_entries')).toBeGreaterThanOrEqual(3);
  });

  it('keeps the work of two devices on different items of one inspection', async () => {
    const [a1, a2] = [await Device.login(server.url, 'a1'), await Device.login(server.url, 'a2')];
    const i = inspection();
    const machineRoom = room(i.id, { name: '机房' });
    const office = room(i.id, { name: '办公室', kind: 'office' });
    await a1.push(a1.entries({ kind: 'inspection', record: i }, { kind: 'room', record: machineRoom }));
    await share(a1, i.id, 'a2');
    await a2.push(a2.entries({ kind: 'room', record: office }));
    await a1.push(a1.entries({ kind: 'answer', record: answer(i.id, machineRoom.id, 'item-1') }));
    await a2.push(a2.entries({ kind: 'answer', record: answer(i.id, office.id, 'item-1', { result: 'fail' }) }));

    const answers = (await a1.pull()).changes.flatMap((c) =>
      c.kind === 'answer' && c.record.inspectionId === i.id ? [c.record] : [],
    );
    expect(answers.map((a) => a.roomId).sort()).toEqual([machineRoom.id, office.id].sort());
  });

  it('makes the later answer in server order current and keeps the other in history, whatever the clocks say', async () => {
    const [a1, a2] = [await Device.login(server.url, 'a1'), await Device.login(server.url, 'a2')];
    const i = inspection();
    const r = room(i.id);
    await a1.push(a1.entries({ kind: 'inspection', record: i }, { kind: 'room', record: r }));
    await share(a1, i.id, 'a2');
    const now = Date.now();
    const first = answer(i.id, r.id, 'item-1', { result: 'pass', updatedAt: now });
    // a2's clock is a day behind: it still arrives second, so it wins.
    const second = answer(i.id, r.id, 'item-1', { result: 'fail', updatedAt: now - 86_400_000 });
    await a1.push(a1.entries({ kind: 'answer', record: first }));
    await a2.push(a2.entries({ kind: 'answer', record: second }));

    const { changes } = await a1.pull();
    const current = changes.filter((c) => c.kind === 'answer' && c.record.id === first.id);
    expect(current).toHaveLength(1);
    expect(current[0]!.record).toEqual(second);
    // The change names a2's device, so a1's app can say another device changed the item.
    expect(current[0]!.deviceId).toBe(a2.session.deviceId);
    expect(await historyOf(first.id)).toEqual([{ body: first, device_id: a1.session.deviceId }]);
  });

  it('keeps the replaced version of every kind in history, not only answers', async () => {
    const [a1, a2] = [await Device.login(server.url, 'a1'), await Device.login(server.url, 'a2')];
    const i = inspection();
    const r = room(i.id, { name: '机房' });
    const pc: Computer = {
      id: `${r.id}-pc`,
      inspectionId: i.id,
      roomId: r.id,
      assetTag: 'A-001',
      user: '张三',
      location: '东侧',
      classified: false,
      order: 1,
    };
    await a1.push(
      a1.entries({ kind: 'inspection', record: i }, { kind: 'room', record: r }, { kind: 'computer', record: pc }),
    );
    await share(a1, i.id, 'a2');
    const [renamed, retagged, moved] = [
      { ...r, name: '主机房' },
      { ...pc, assetTag: 'A-002' },
      { ...i, address: '人民路 2 号', updatedAt: 2 },
    ];
    const result = await a2.push(
      a2.entries(
        { kind: 'room', record: renamed },
        { kind: 'computer', record: retagged },
        { kind: 'inspection', record: moved },
      ),
    );
    expect(result.failed).toEqual([]);
    const by = { device_id: a1.session.deviceId };
    expect(await historyOf(r.id)).toEqual([{ body: r, ...by }]);
    expect(await historyOf(pc.id)).toEqual([{ body: pc, ...by }]);
    expect(await historyOf(i.id)).toEqual([{ body: i, ...by }]);
  });

  it('applies the entries of one push in order, each seeing what the ones before it wrote', async () => {
    const device = await Device.login(server.url, 'a1');
    const i = inspection();
    const r = room(i.id);
    const first = answer(i.id, r.id, 'item-1');
    const second = answer(i.id, r.id, 'item-1', { result: 'fail', updatedAt: 2 });
    const signed = await signature({ inspection: i, rooms: [r], answers: [second] });
    const entries = device.entries(
      { kind: 'inspection', record: i },
      { kind: 'room', record: r },
      { kind: 'answer', record: first },
      { kind: 'answer', record: second },
      { kind: 'signature', record: signed },
      { kind: 'answer', record: answer(i.id, r.id, 'item-2') },
      { kind: 'reopen', inspectionId: i.id, reopening: { by: '张三', reason: '补充', at: 10 } },
      { kind: 'answer', record: answer(i.id, r.id, 'item-3') },
    );
    const result = await device.push(entries);
    expect(result.failed.map((f) => [f.seq, f.code])).toEqual([[entries[5]!.seq, 'inspection-signed']]);
    expect(await historyOf(first.id)).toEqual([{ body: first, device_id: device.session.deviceId }]);
    const mine = (await device.pull()).changes.filter(
      (c) => c.record.id === signed.id || c.record.id.endsWith('item-3'),
    );
    expect(mine.map((c) => c.kind).sort()).toEqual(['answer', 'signature']);
    expect((mine.find((c) => c.kind === 'signature')!.record as Signature).voidedAt).toBe(10);
  });

  it('keeps a signed inspection as signed until an explicit reopen', async () => {
    const device = await Device.login(server.url, 'a1');
    const i = inspection();
    const r = room(i.id);
    const first = answer(i.id, r.id, 'item-1');
    const signed = await signature({ inspection: i, rooms: [r], answers: [first] });
    const pushed = await device.push(
      device.entries(
        { kind: 'inspection', record: i },
        { kind: 'room', record: r },
        { kind: 'answer', record: first },
        { kind: 'signature', record: signed },
      ),
    );
    expect(pushed.failed).toEqual([]);
    const late = answer(i.id, r.id, 'item-1', { result: 'fail' });
    const refused = await device.push(
      device.entries(
        { kind: 'answer', record: late },
        { kind: 'inspection', record: { ...i, unit: '别的单位' } },
        // What a signature does not cover may still change.
        { kind: 'inspection', record: { ...i, position: { roomId: r.id }, updatedAt: 5 } },
      ),
    );
    expect(refused.failed.map((f) => [f.seq, f.code])).toEqual([
      [5, 'inspection-signed'],
      [6, 'inspection-signed'],
    ]);

    const reopened = await device.push(
      device.entries(
        { kind: 'reopen', inspectionId: i.id, reopening: { by: '张三', reason: '补充照片', at: 10 } },
        { kind: 'answer', record: late },
      ),
    );
    expect(reopened.failed).toEqual([]);
    const { changes } = await device.pull();
    const mine = changes.filter((c) => c.record.id === signed.id || c.record.id === i.id || c.record.id === late.id);
    const sig = mine.find((c) => c.kind === 'signature')!.record as Signature;
    const insp = mine.find((c) => c.kind === 'inspection')!.record as Inspection;
    expect(sig.voidedAt).toBe(10);
    // Who reopened is the signed-in user (a1), not the name the client sent ('张三').
    expect(insp.reopenings).toEqual([
      { by: 'a1', reason: '补充照片', at: 10, receivedAt: expect.any(Number), voidedSignatureIds: [signed.id] },
    ]);
    expect(insp.position).toEqual({ roomId: r.id });
    expect((mine.find((c) => c.kind === 'answer')!.record as Answer).result).toBe('fail');
  });
});

describe('signatures', () => {
  it('refuses a signature over content the server does not hold, and applies one over what it holds', async () => {
    const [a1, a2] = [await Device.login(server.url, 'a1'), await Device.login(server.url, 'a2')];
    const i = inspection();
    const r = room(i.id);
    const seen = answer(i.id, r.id, 'item-1');
    await a1.push(
      a1.entries({ kind: 'inspection', record: i }, { kind: 'room', record: r }, { kind: 'answer', record: seen }),
    );
    await share(a1, i.id, 'a2');
    // a1's signer saw "pass"; a2 changed the answer before a1's signature arrived.
    const stale = await signature({ inspection: i, rooms: [r], answers: [seen] });
    const changed = answer(i.id, r.id, 'item-1', { result: 'fail' });
    await a2.push(a2.entries({ kind: 'answer', record: changed }));
    const refused = await a1.push(a1.entries({ kind: 'signature', record: stale }));
    expect(refused.failed).toEqual([{ seq: 4, code: 'digest-mismatch', message: expect.stringContaining('differs') }]);
    // Only that the content differs: not the digest the server holds (nor any other).
    expect(refused.failed[0]!.message).not.toMatch(/[0-9a-f]{64}/);
    expect((await a1.pull()).changes.some((c) => c.record.id === stale.id)).toBe(false);

    const fresh = await signature({ inspection: i, rooms: [r], answers: [changed] });
    const entries = a1.entries({ kind: 'signature', record: fresh });
    expect((await a1.push(entries)).failed).toEqual([]);
    // The server notes who captured it (the signed-in user and device) and when it arrived.
    const before = Date.now();
    expect((await a1.pull()).changes.find((c) => c.record.id === fresh.id)?.record).toEqual({
      ...fresh,
      captured: { by: 'a1', deviceId: a1.session.deviceId, receivedAt: expect.any(Number) },
    });
    expect(before - 60_000).toBeLessThan(
      ((await a1.pull()).changes.find((c) => c.record.id === fresh.id)?.record as Signature).captured!.receivedAt,
    );
    // The same signature again changes nothing, whether replayed or sent anew.
    const changes = await countChanges(dataDir);
    expect((await a1.push(entries)).failed).toEqual([]);
    expect((await a1.push(a1.entries({ kind: 'signature', record: fresh }))).failed).toEqual([]);
    expect(await countChanges(dataDir)).toBe(changes);
  });
});

describe('a signed record cannot be re-signed in the signer’s name', () => {
  it('refuses a reopen, an edit and the voided signature’s image over the new content; a new drawing signs', async () => {
    const a1 = await Device.login(server.url, 'a1');
    const i = inspection();
    const r = room(i.id);
    const pass = answer(i.id, r.id, 'item-1');
    const representative = {
      ...(await signature({ inspection: i, rooms: [r], answers: [pass] })),
      role: 'representative' as const,
      name: '李局长',
    };
    await a1.push(
      a1.entries(
        { kind: 'inspection', record: i },
        { kind: 'room', record: r },
        { kind: 'answer', record: pass },
        { kind: 'signature', record: representative },
      ),
    );
    // The attack: reopen under someone else's name, change the result, re-use the image.
    const altered = answer(i.id, r.id, 'item-1', { result: 'fail', note: '改过' });
    const forged = {
      ...(await signature({ inspection: i, rooms: [r], answers: [altered] })),
      role: 'representative' as const,
      name: '李局长',
      pngSha256: representative.pngSha256,
      // Provenance the phone claims is replaced by the server's.
      captured: { by: '李局长', deviceId: 'fake', receivedAt: 1 },
    };
    const result = await a1.push(
      a1.entries(
        { kind: 'reopen', inspectionId: i.id, reopening: { by: '局长王某', reason: '改结果', at: 30 } },
        { kind: 'answer', record: altered },
        { kind: 'signature', record: forged },
      ),
    );
    expect(result.failed.map((f) => f.code)).toEqual(['signature-reused']);
    const changes = (await a1.pull()).changes;
    const insp = changes.find((c) => c.record.id === i.id)!.record as Inspection;
    // The reopen is the server's to attribute: a1 did it, whatever name was sent.
    expect(insp.reopenings).toEqual([
      { by: 'a1', reason: '改结果', at: 30, receivedAt: expect.any(Number), voidedSignatureIds: [representative.id] },
    ]);
    expect(changes.some((c) => c.record.id === forged.id)).toBe(false);
    // The same image under any other inspection of the organisation is refused too.
    const other = inspection();
    const copy = { ...(await signature({ inspection: other })), pngSha256: representative.pngSha256 };
    const elsewhere = await a1.push(
      a1.entries({ kind: 'inspection', record: other }, { kind: 'signature', record: copy }),
    );
    expect(elsewhere.failed.map((f) => f.code)).toEqual(['signature-reused']);
    // An image refused over content that differs is spent too: it may not sign what the server holds.
    const stale = {
      ...(await signature({ inspection: i, rooms: [r], answers: [pass] })),
      role: 'representative' as const,
    };
    const overHeld = {
      ...(await signature({ inspection: i, rooms: [r], answers: [altered] })),
      pngSha256: stale.pngSha256,
    };
    const spent = await a1.push(
      a1.entries({ kind: 'signature', record: stale }, { kind: 'signature', record: overHeld }),
    );
    expect(spent.failed.map((f) => f.code)).toEqual(['digest-mismatch', 'signature-reused']);
    // Drawn again (new bytes), over what the server holds: the representative signs.
    const again = {
      ...(await signature({ inspection: i, rooms: [r], answers: [altered] })),
      role: 'representative' as const,
      name: '李局长',
      captured: { by: '李局长', deviceId: 'fake', receivedAt: 1 },
    };
    expect((await a1.push(a1.entries({ kind: 'signature', record: again }))).failed).toEqual([]);
    const kept = (await a1.pull()).changes.find((c) => c.record.id === again.id)!.record as Signature;
    expect(kept.captured).toEqual({ by: 'a1', deviceId: a1.session.deviceId, receivedAt: expect.any(Number) });
    expect(kept.captured!.receivedAt).toBeGreaterThan(1);
    const events = await selectRows(
      dataDir,
      `select kind, detail from security_events where kind = 'reopen' and detail like ?`,
      `%${i.id}%`,
    );
    expect(events.map((e) => JSON.parse(e.detail as string) as unknown)).toEqual([
      { inspectionId: i.id, reason: '改结果', voidedSignatureIds: [representative.id] },
    ]);
  });
});

describe('pull', () => {
  it('names the user whose device made each record current', async () => {
    const [a1, a2] = [await Device.login(server.url, 'a1'), await Device.login(server.url, 'a2')];
    const i = inspection();
    const r = room(i.id);
    await a1.push(a1.entries({ kind: 'inspection', record: i }, { kind: 'room', record: r }));
    await share(a1, i.id, 'a2');
    await a2.push(a2.entries({ kind: 'answer', record: answer(i.id, r.id, 'item-1') }));
    const mine = (await a1.pull()).changes.filter(
      (c) => c.record.id === i.id || c.record.id === r.id || (c.kind === 'answer' && c.record.inspectionId === i.id),
    );
    expect(mine.map((c) => [c.kind, c.by, c.deviceId])).toEqual([
      ['inspection', 'a1', a1.session.deviceId],
      ['room', 'a1', a1.session.deviceId],
      ['answer', 'a2', a2.session.deviceId],
    ]);
  });

  it('pages through changes in server order with a cursor', async () => {
    const device = await Device.login(server.url, 'a3');
    const i = inspection();
    const rooms = Array.from({ length: 5 }, (_, n) => room(i.id, { order: n }));
    await device.push(
      device.entries({ kind: 'inspection', record: i }, ...rooms.map((r) => ({ kind: 'room' as const, record: r }))),
    );
    const ids: number[] = [];
    let cursor: string | null = null;
    for (let more = true; more;) {
      const res = await fetch(`${server.url}/api/sync/pull`, {
        method: 'POST',
        headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ format: SYNC_FORMAT_VERSION, cursor, limit: 2 }),
      });
      expect(res.status).toBe(200);
      const page = (await res.json()) as { changes: { changeId: number }[]; cursor: string | null; more: boolean };
      ids.push(...page.changes.map((c) => c.changeId));
      ({ cursor, more } = page);
    }
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual((await device.pull()).changes.map((c) => c.changeId));
  });
});

async function historyOf(recordId: string): Promise<{ body: unknown; device_id: string }[]> {
  return (
    await selectRows(dataDir, `select body, device_id from record_history where record_id = ? order by id`, recordId)
  ).map((r) => ({ body: JSON.parse(r.body as string) as unknown, device_id: r.device_id as string }));
}
