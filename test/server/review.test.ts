// The office's verdict: only reviewers (and admins) write reviews, and they write nothing else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Review } from '../../src/shared/inspection';
import type { RunningServer } from '../helpers/server';
import {
  answer,
  Device,
  inspection,
  review,
  room,
  selectRows,
  seedDataDir,
  signature,
  startSyncServer,
} from '../helpers/sync-harness';

let dataDir: string;
let server: RunningServer;
let a1: Device;
let ra: Device;
beforeAll(async () => {
  dataDir = await seedDataDir();
  server = await startSyncServer(dataDir);
  [a1, ra] = [await Device.login(server.url, 'a1'), await Device.login(server.url, 'ra')];
});
afterAll(() => server?.stop());

/** An inspection a1 has pushed, with one room and one answer, signed when asked. */
async function pushedInspection({ signed = false } = {}) {
  const i = inspection();
  const r = room(i.id);
  const a = answer(i.id, r.id, 'item-1');
  const entries = a1.entries(
    { kind: 'inspection', record: i },
    { kind: 'room', record: r },
    { kind: 'answer', record: a },
  );
  if (signed)
    entries.push(
      ...a1.entries({ kind: 'signature', record: await signature({ inspection: i, rooms: [r], answers: [a] }) }),
    );
  expect((await a1.push(entries)).failed).toEqual([]);
  return { i, r };
}

async function currentReview(device: Device, inspectionId: string): Promise<Review | undefined> {
  const change = (await device.pull()).changes.find((c) => c.kind === 'review' && c.record.id === inspectionId);
  return change?.record as Review | undefined;
}

describe('reviews', () => {
  it('refuses an inspector’s review, and the entries after it still apply', async () => {
    const { i, r } = await pushedInspection();
    const result = await a1.push(
      a1.entries({ kind: 'review', record: review(i.id) }, { kind: 'answer', record: answer(i.id, r.id, 'item-2') }),
    );
    expect(result.failed.map((f) => f.code)).toEqual(['forbidden-kind']);
    expect(await currentReview(a1, i.id)).toBeUndefined();
  });

  it('refuses a reviewer’s answer, while the review in the same push applies', async () => {
    const { i, r } = await pushedInspection();
    const verdict = review(i.id, { status: 'returned', comment: '机房照片不清楚' });
    const entries = ra.entries(
      { kind: 'answer', record: answer(i.id, r.id, 'item-1', { result: 'fail' }) },
      { kind: 'review', record: verdict },
      { kind: 'inspection', record: { ...i, unit: '改过的单位' } },
    );
    const result = await ra.push(entries);
    expect(result.appliedThroughSeq).toBe(entries.at(-1)!.seq);
    expect(result.failed.map((f) => [f.seq, f.code])).toEqual([
      [entries[0]!.seq, 'forbidden-kind'],
      [entries[2]!.seq, 'forbidden-kind'],
    ]);
    const { changes } = await a1.pull();
    expect(changes.find((c) => c.kind === 'review' && c.record.id === i.id)).toMatchObject({
      // Who reviewed is the signed-in reviewer, whatever name the client wrote ('赵六').
      record: { ...verdict, by: 'ra' },
      by: 'ra',
      deviceId: ra.session.deviceId,
    });
    expect(changes.find((c) => c.kind === 'answer' && c.record.inspectionId === i.id)?.record).toMatchObject({
      result: 'pass',
    });
    expect(changes.find((c) => c.kind === 'inspection' && c.record.id === i.id)?.record).toMatchObject({
      unit: i.unit,
    });
  });

  it('applies a review on a signed inspection', async () => {
    const { i } = await pushedInspection({ signed: true });
    const verdict = review(i.id);
    expect((await ra.push(ra.entries({ kind: 'review', record: verdict }))).failed).toEqual([]);
    expect(await currentReview(a1, i.id)).toEqual({ ...verdict, by: 'ra' });
  });

  it('keeps the earlier verdicts when a review replaces another', async () => {
    const { i } = await pushedInspection();
    const returned = review(i.id, { status: 'returned', comment: '缺少整改期限', at: 30 });
    const accepted = review(i.id, { status: 'reviewed', comment: '', at: 40 });
    await ra.push(ra.entries({ kind: 'review', record: returned }));
    await ra.push(ra.entries({ kind: 'review', record: accepted }));
    expect(await currentReview(a1, i.id)).toEqual({ ...accepted, by: 'ra' });
    const history = await selectRows(
      dataDir,
      `select kind, body from record_history where record_id = ? order by id`,
      i.id,
    );
    expect(history.map((h) => [h.kind, JSON.parse(h.body as string)])).toEqual([['review', { ...returned, by: 'ra' }]]);
  });

  it('refuses a review under another id, or of an inspection the organisation does not have', async () => {
    const { i } = await pushedInspection();
    const result = await ra.push(
      ra.entries(
        { kind: 'review', record: { ...review(i.id), id: 'another-id' } },
        { kind: 'review', record: review('no-such-inspection') },
      ),
    );
    expect(result.failed.map((f) => f.code)).toEqual(['invalid-mutation', 'unknown-inspection']);
  });

  it('lets an admin write both a review and the record', async () => {
    const admin = await Device.login(server.url, 'aa');
    const { i, r } = await pushedInspection();
    const result = await admin.push(
      admin.entries({ kind: 'answer', record: answer(i.id, r.id, 'item-3') }, { kind: 'review', record: review(i.id) }),
    );
    expect(result.failed).toEqual([]);
  });
});
