import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  addComputer,
  addRoom,
  confirmPushed,
  InspectionLockedError,
  markRestCompliant,
  saveAnswer,
  saveFinding,
  storeTemplates,
  takeBatch,
  undoAnswers,
  type XunjianDB,
} from '../../src/db';
import { roomWalk } from '../../src/shared/progress';
import { createSmallInspection, freshDatabase, signNow } from '../helpers/db';
import { officeTemplate } from '../helpers/office-template';

const tpl = officeTemplate();
let db: XunjianDB;
beforeEach(async () => {
  db = freshDatabase().db;
  await storeTemplates([tpl]);
});

/** An office with two PCs; PC 1 has a 不符合 with its finding, a value, and a note without a result. */
async function office() {
  const i = await createSmallInspection();
  const room = await addRoom(i.id, 'office', '办公室');
  const pc1 = await addComputer(room, { assetTag: 'PC-1', user: '赵一', location: '', classified: false });
  const pc2 = await addComputer(room, { assetTag: 'PC-2', user: '钱二', location: '', classified: false });
  const at = (itemId: string) => ({ roomId: room.id, computerId: pc1.id, itemId });
  await saveAnswer(i.id, at('pc-a'), { result: 'fail' });
  await saveFinding(i.id, at('pc-a'), { problem: '开机密码为空' });
  await saveAnswer(i.id, at('pc-date'), { value: '2026-10-15' });
  await saveAnswer(i.id, at('pc-online'), { note: '使用人不在' });
  const walk = roomWalk(tpl, room, [pc1, pc2]);
  const block = walk.filter((w) => w.computer?.id === pc1.id);
  return { i, room, pc1, pc2, walk, block, key: (itemId: string) => block.find((w) => w.item.id === itemId)!.key };
}

const answerEntries = async () =>
  (await db.outbox.orderBy('id').toArray()).filter((e) => e.mutation.kind === 'answer').map((e) => e.mutation);

describe('其余符合 (rest compliant)', () => {
  it('marks only the unanswered result items of the block 符合, in one transaction', async () => {
    const { i, block, walk, pc2, key } = await office();
    const before = new Map((await db.answers.toArray()).map((a) => [a.id, a]));
    const transaction = vi.spyOn(db, 'transaction');
    const undo = await markRestCompliant(i.id, block);
    expect(transaction).toHaveBeenCalledTimes(1);
    transaction.mockRestore();

    // pc-b had nothing; pc-online had only a note, which it keeps.
    expect(undo.written.map((a) => a.itemId).sort()).toEqual(['pc-b', 'pc-online']);
    expect(await db.answers.get(key('pc-online'))).toMatchObject({ result: 'pass', note: '使用人不在' });
    // The 不符合 and the date are as they were; pc-date without a value would still need one.
    expect(await db.answers.get(key('pc-a'))).toEqual(before.get(key('pc-a')));
    expect(await db.answers.get(key('pc-date'))).toEqual(before.get(key('pc-date')));
    expect((await db.findings.get(key('pc-a')))?.problem).toBe('开机密码为空');
    // The other PC's block is not touched.
    for (const w of walk.filter((w) => w.computer?.id === pc2.id)) expect(await db.answers.get(w.key)).toBeUndefined();
  });

  it('leaves a value item without its value unanswered', async () => {
    const { i, room, pc2, walk } = await office();
    const block = walk.filter((w) => w.computer?.id === pc2.id);
    const undo = await markRestCompliant(i.id, block);
    expect(undo.written.map((a) => a.itemId).sort()).toEqual(['pc-a', 'pc-b', 'pc-online']);
    expect(await db.answers.get(`${room.id}/${pc2.id}/pc-date`)).toBeUndefined();
  });

  it('adds one outbox entry per answer it wrote, with the answer as written', async () => {
    const { i, block } = await office();
    const entries = (await answerEntries()).length;
    const undo = await markRestCompliant(i.id, block);
    const after = await answerEntries();
    // pc-online's pending entry (its note) now carries the 符合; pc-b is new.
    expect(after).toHaveLength(entries + 1);
    for (const record of undo.written) expect(after).toContainEqual({ kind: 'answer', record });
  });

  it('undoes exactly what it wrote: the answers and the outbox as they were', async () => {
    const { i, block, key } = await office();
    const answers = await db.answers.toArray();
    const outbox = await db.outbox.toArray();
    const authored = await db.authored.toArray();
    await undoAnswers(await markRestCompliant(i.id, block));
    expect(await db.answers.toArray()).toEqual(answers);
    expect(await db.outbox.toArray()).toEqual(outbox);
    expect(await db.authored.toArray()).toEqual(authored);
    expect(await db.answers.get(key('pc-b'))).toBeUndefined();
  });

  it('after a push, undo sends the items back unanswered, and leaves an answer changed since', async () => {
    const { i, block, key } = await office();
    const undo = await markRestCompliant(i.id, block);
    const sent = await takeBatch(500);
    await confirmPushed(sent[sent.length - 1]!.seq, []);
    await saveAnswer(i.id, block.find((w) => w.item.id === 'pc-online')!.place, { result: 'partial' });
    await undoAnswers(undo);

    const cleared = await db.answers.get(key('pc-b'));
    expect(cleared).toBeDefined();
    expect(cleared?.result).toBeUndefined();
    expect(await db.answers.get(key('pc-online'))).toMatchObject({ result: 'partial', note: '使用人不在' });
    const pending = (await db.outbox.toArray()).map((e) => e.mutation);
    expect(pending).toContainEqual({ kind: 'answer', record: cleared });
  });

  it('is refused on a signed inspection, and so is its undo', async () => {
    const { i, block } = await office();
    const undo = await markRestCompliant(i.id, block);
    await signNow(i.id);
    const answers = await db.answers.toArray();
    const outbox = await db.outbox.count();
    await expect(markRestCompliant(i.id, block)).rejects.toBeInstanceOf(InspectionLockedError);
    await expect(undoAnswers(undo)).rejects.toBeInstanceOf(InspectionLockedError);
    expect(await db.answers.toArray()).toEqual(answers);
    expect(await db.outbox.count()).toBe(outbox);
  });
});
