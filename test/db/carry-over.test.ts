import { beforeEach, describe, expect, it } from 'vitest';
import {
  addComputer,
  addRoom,
  removeComputer,
  saveAnswer,
  saveFinding,
  storeTemplates,
  type XunjianDB,
} from '../../src/db';
import { carrySource } from '../../src/shared/carry-over';
import type { Computer, RoomVisit } from '../../src/shared/inspection';
import { itemStatus, roomWalk } from '../../src/shared/progress';
import { createSmallInspection, freshDatabase } from '../helpers/db';
import { officeTemplate } from '../helpers/office-template';

const tpl = officeTemplate();
let db: XunjianDB;
beforeEach(async () => {
  db = freshDatabase().db;
  await storeTemplates([tpl]);
});

const fields = (assetTag: string, classified = false) => ({ assetTag, user: '', location: '', classified });

/** An office whose first PC is answered: a 不符合 with its finding, a date, a 符合 with a note, and its own item. */
async function answeredOffice(classified = false) {
  const i = await createSmallInspection();
  const room = await addRoom(i.id, 'office', '办公室');
  const pc1 = await addComputer(room, fields('PC-1', classified));
  const at = (itemId: string) => ({ roomId: room.id, computerId: pc1.id, itemId });
  await saveAnswer(i.id, at('pc-a'), { result: 'fail' });
  await saveFinding(i.id, at('pc-a'), {
    problem: '开机密码为空',
    rectification: { measure: '设置密码', owner: '赵一' },
  });
  await saveAnswer(i.id, at('pc-b'), { result: 'pass', note: '已核对' });
  await saveAnswer(i.id, at('pc-date'), { value: '2026-10-15' });
  await saveAnswer(i.id, at(classified ? 'pc-secret' : 'pc-online'), { result: 'pass' });
  return { i, room, pc1 };
}

const answersOf = async (room: RoomVisit, pc: Computer) =>
  (await db.answers.toArray()).filter((a) => a.roomId === room.id && a.computerId === pc.id);

describe('同上一台 (same as the previous PC)', () => {
  it('copies results, values and notes, each recording its source, with their outbox entries', async () => {
    const { room, pc1 } = await answeredOffice();
    const pc2 = await addComputer(room, fields('PC-2'), { computer: pc1, template: tpl });
    const carried = await answersOf(room, pc2);
    expect(
      carried.map(({ itemId, result, value, note, carriedFrom }) => ({ itemId, result, value, note, carriedFrom })),
    ).toEqual([
      { itemId: 'pc-a', result: 'fail', value: undefined, note: undefined, carriedFrom: pc1.id },
      { itemId: 'pc-b', result: 'pass', value: undefined, note: '已核对', carriedFrom: pc1.id },
      { itemId: 'pc-date', result: undefined, value: '2026-10-15', note: undefined, carriedFrom: pc1.id },
      { itemId: 'pc-online', result: 'pass', value: undefined, note: undefined, carriedFrom: pc1.id },
    ]);
    const entries = (await db.outbox.orderBy('id').toArray()).map((e) => e.mutation).slice(-5);
    expect(entries[0]).toEqual({ kind: 'computer', record: pc2 });
    for (const record of carried) expect(entries).toContainEqual({ kind: 'answer', record });
  });

  it('does not copy the finding: a carried 不符合 waits for its own', async () => {
    const { room, pc1 } = await answeredOffice();
    const pc2 = await addComputer(room, fields('PC-2'), { computer: pc1, template: tpl });
    const key = `${room.id}/${pc2.id}/pc-a`;
    expect(await db.findings.get(key)).toBeUndefined();
    const item = tpl.sections.find((s) => s.room === 'computer')!.items[0]!;
    expect(itemStatus(item, await db.answers.get(key), undefined)).toBe('finding-incomplete');
  });

  it('skips the items that do not apply to the new PC, both ways', async () => {
    const ordinary = await answeredOffice(false);
    const secret = await addComputer(ordinary.room, fields('PC-S', true), { computer: ordinary.pc1, template: tpl });
    expect((await answersOf(ordinary.room, secret)).map((a) => a.itemId)).toEqual(['pc-a', 'pc-b', 'pc-date']);

    const classified = await answeredOffice(true);
    const plain = await addComputer(classified.room, fields('PC-O'), { computer: classified.pc1, template: tpl });
    expect((await answersOf(classified.room, plain)).map((a) => a.itemId)).toEqual(['pc-a', 'pc-b', 'pc-date']);
  });

  it('is a copy only until touched: answering the item again clears where it came from', async () => {
    const { i, room, pc1 } = await answeredOffice();
    const pc2 = await addComputer(room, fields('PC-2'), { computer: pc1, template: tpl });
    const at = (itemId: string) => ({ roomId: room.id, computerId: pc2.id, itemId });
    const confirmed = await saveAnswer(i.id, at('pc-b'), { result: 'pass' });
    expect(confirmed).toMatchObject({ result: 'pass', note: '已核对' });
    expect('carriedFrom' in confirmed).toBe(false);
    const changed = await saveAnswer(i.id, at('pc-a'), { result: 'na' });
    expect('carriedFrom' in changed).toBe(false);
    expect((await db.answers.get(`${room.id}/${pc2.id}/pc-date`))?.carriedFrom).toBe(pc1.id);
  });

  it('offers the last PC with answers, and copies nothing from a PC removed meanwhile', async () => {
    const { room, pc1 } = await answeredOffice();
    const pc2 = await addComputer(room, fields('PC-2'));
    const answers = new Map((await db.answers.toArray()).map((a) => [a.id, a]));
    const computers = await db.computers.toArray();
    expect(carrySource(tpl, room, computers, answers)?.id).toBe(pc1.id);
    expect(roomWalk(tpl, room, computers).filter((w) => answers.has(w.key))).toHaveLength(4);

    await removeComputer(pc1);
    expect(carrySource(tpl, room, await db.computers.toArray(), answers)).toBeUndefined();
    const pc3 = await addComputer(room, fields('PC-3'), { computer: pc1, template: tpl });
    expect(await answersOf(room, pc3)).toEqual([]);
    expect(await answersOf(room, pc2)).toEqual([]);
  });
});
