import { describe, expect, it } from 'vitest';
import { itemKey, type Answer, type Computer, type Finding, type RoomVisit } from '../../src/shared/inspection';
import { chineseNumeral } from '../../src/shared/numerals';
import {
  computerNumber,
  countResults,
  inspectionWalk,
  itemStatus,
  nextIncomplete,
  numberedFindings,
  progressOf,
  roomWalk,
} from '../../src/shared/progress';
import { smallTemplate } from '../helpers/template';

const tpl = smallTemplate();
const room = (id: string, kind: RoomVisit['kind'], order: number, removedAt?: number): RoomVisit => ({
  id,
  inspectionId: 'i1',
  kind,
  name: id,
  order,
  ...(removedAt ? { removedAt } : {}),
});
const pc = (id: string, order: number, removedAt?: number): Computer => ({
  id,
  inspectionId: 'i1',
  roomId: 'office',
  assetTag: id,
  user: '',
  location: '',
  classified: false,
  order,
  ...(removedAt ? { removedAt } : {}),
});
const answer = (key: string, patch: Partial<Answer>): Answer => {
  const [roomId, computerId, itemId] = key.split('/') as [string, string, string];
  return {
    id: key,
    inspectionId: 'i1',
    roomId,
    itemId,
    ...(computerId !== '-' ? { computerId } : {}),
    updatedAt: 1,
    ...patch,
  };
};
const finding = (key: string, fields: Partial<Finding['rectification']> & { problem?: string }): Finding => ({
  ...answer(key, {}),
  problem: fields.problem ?? '',
  rectification: { measure: fields.measure ?? '', owner: fields.owner ?? '', deadline: fields.deadline ?? '' },
});
const maps = (answers: Answer[], findings: Finding[] = [], photoCounts = new Map<string, number>()) => ({
  answers: new Map(answers.map((a) => [a.id, a])),
  findings: new Map(findings.map((f) => [f.id, f])),
  photoCounts,
});
const plain = { photoOnFailure: false };

describe('room walk', () => {
  it('repeats the PC checklist once per live computer, in order, after the office items', () => {
    const computers = [pc('pc2', 2), pc('pc1', 1), pc('gone', 3, 99)];
    const walk = roomWalk(tpl, room('office', 'office', 1), computers);
    expect(walk.map((w) => w.key)).toEqual([
      'office/-/of-a',
      'office/pc1/pc-a',
      'office/pc1/pc-b',
      'office/pc2/pc-a',
      'office/pc2/pc-b',
    ]);
  });

  it('skips removed rooms and keeps room order for the whole visit', () => {
    const rooms = [room('b', 'organisation', 2), room('a', 'machine-room', 1), room('x', 'machine-room', 3, 5)];
    expect(inspectionWalk(tpl, rooms, []).map((w) => w.place.roomId)).toEqual(['a', 'a', 'b']);
  });

  it('uses the same key as itemKey', () => {
    const w = roomWalk(tpl, room('office', 'office', 1), [pc('pc1', 1)])[1]!;
    expect(w.key).toBe(itemKey({ roomId: 'office', computerId: 'pc1', itemId: 'pc-a' }));
  });
});

describe('computer numbers', () => {
  it('numbers the live PCs of each office from 1, the same whatever order they are listed in', () => {
    const other = (id: string, order: number): Computer => ({ ...pc(id, order), roomId: 'office2' });
    // b and c got the same order on two phones offline; d was removed.
    const pcs = [pc('c', 2), other('x', 1), pc('a', 1), pc('d', 2, 5), pc('b', 2), other('y', 2)];
    const numbers = (list: Computer[]) => list.map((c) => `${c.id}=${computerNumber(list, c)}`).sort();
    expect(numbers(pcs)).toEqual(['a=1', 'b=2', 'c=3', 'd=0', 'x=1', 'y=2']);
    expect(numbers([...pcs].reverse())).toEqual(numbers(pcs));
  });
});

describe('completion rules', () => {
  const walk = roomWalk(tpl, room('mr', 'machine-room', 1), []);

  it('counts an item answered by result or by value, not by a note alone', () => {
    expect(itemStatus(plain, answer('mr/-/mr-a', { note: 'x' }), undefined)).toBe('unanswered');
    expect(itemStatus(plain, answer('mr/-/mr-a', { result: 'pass' }), undefined)).toBe('done');
    expect(itemStatus(plain, answer('mr/-/mr-temp', { value: 23 }), undefined)).toBe('done');
    expect(itemStatus(plain, answer('mr/-/mr-temp', { value: '  ' }), undefined)).toBe('unanswered');
  });

  it('keeps a room incomplete until every finding has problem, measure, owner and deadline', () => {
    const a = [answer('mr/-/mr-a', { result: 'fail' }), answer('mr/-/mr-temp', { value: 30 })];
    const partial = finding('mr/-/mr-a', { problem: '无UPS', measure: '购置UPS', owner: '张三' });
    let p = progressOf(walk, maps(a, [partial]));
    expect(p).toEqual({ total: 2, answered: 2, findingsIncomplete: 1, complete: false });
    p = progressOf(
      walk,
      maps(a, [{ ...partial, rectification: { ...partial.rectification, deadline: '2026-12-30' } }]),
    );
    expect(p.complete).toBe(true);
  });

  it('needs a photo for a failed item the template marks photoOnFailure', () => {
    const key = 'mr/-/mr-a';
    const failed = answer(key, { result: 'fail' });
    const done = finding(key, { problem: 'p', measure: 'm', owner: 'o', deadline: '2026-12-30' });
    const photoItem = { photoOnFailure: true };
    expect(itemStatus(photoItem, failed, done, 0)).toBe('photo-missing');
    expect(itemStatus(photoItem, failed, done, 1)).toBe('done');
    expect(itemStatus(photoItem, answer(key, { result: 'pass' }), undefined, 0)).toBe('done');
    const t = smallTemplate();
    t.sections[0]!.items[0]!.photoOnFailure = true;
    const w = roomWalk(t, room('mr', 'machine-room', 1), []);
    const rec = maps([failed, answer('mr/-/mr-temp', { value: 1 })], [done]);
    expect(progressOf(w, rec)).toMatchObject({ findingsIncomplete: 1, complete: false });
    expect(progressOf(w, { ...rec, photoCounts: new Map([[key, 2]]) }).complete).toBe(true);
  });

  it('treats 部分符合 like 不符合 for findings, and 不适用 as done', () => {
    expect(itemStatus(plain, answer('k', { result: 'partial' }), undefined)).toBe('finding-incomplete');
    expect(itemStatus(plain, answer('k', { result: 'na' }), undefined)).toBe('done');
  });

  it('an empty room is complete; a room with nothing answered is not', () => {
    expect(progressOf([], maps([])).complete).toBe(true);
    expect(progressOf(walk, maps([]))).toMatchObject({ answered: 0, complete: false });
  });
});

describe('next unanswered', () => {
  const walk = roomWalk(tpl, room('office', 'office', 1), [pc('pc1', 1), pc('pc2', 2)]);
  it('jumps forward from the current item and wraps round', () => {
    const records = maps([
      answer('office/pc1/pc-a', { result: 'pass' }),
      answer('office/pc2/pc-a', { result: 'fail' }),
    ]);
    expect(nextIncomplete(walk, records)?.key).toBe('office/-/of-a');
    expect(nextIncomplete(walk, records, 'office/-/of-a')?.key).toBe('office/pc1/pc-b');
    // a failed item with an incomplete finding is not done either
    expect(nextIncomplete(walk, records, 'office/pc1/pc-b')?.key).toBe('office/pc2/pc-a');
    expect(nextIncomplete(walk, records, 'office/pc2/pc-b')?.key).toBe('office/-/of-a');
  });
  it('returns nothing when all is done', () => {
    const all = walk.map((w) => answer(w.key, { result: 'na' }));
    expect(nextIncomplete(walk, maps(all))).toBeUndefined();
  });
});

describe('summary', () => {
  it('counts by result, with recorded values apart', () => {
    const walk = roomWalk(tpl, room('mr', 'machine-room', 1), []);
    const counts = countResults(walk, maps([answer('mr/-/mr-temp', { value: 22 })]).answers);
    expect(counts).toEqual({ pass: 0, fail: 0, partial: 0, na: 0, value: 1, unanswered: 1 });
  });

  it('numbers findings in walking order across rooms and PCs', () => {
    const rooms = [room('office', 'office', 2), room('mr', 'machine-room', 1)];
    const computers = [pc('pc1', 1)];
    const a = [
      answer('office/pc1/pc-b', { result: 'partial' }),
      answer('mr/-/mr-a', { result: 'fail' }),
      answer('office/-/of-a', { result: 'pass' }),
    ];
    const list = numberedFindings(tpl, rooms, computers, maps(a));
    expect(list.map((f) => [f.number, f.walk.key])).toEqual([
      [1, 'mr/-/mr-a'],
      [2, 'office/pc1/pc-b'],
    ]);
  });

  it('writes Chinese ordinals as in the seed reports', () => {
    expect([1, 2, 10, 11, 20, 21, 100, 105, 110, 1010].map(chineseNumeral)).toEqual([
      '一',
      '二',
      '十',
      '十一',
      '二十',
      '二十一',
      '一百',
      '一百零五',
      '一百一十',
      '一千零一十',
    ]);
  });
});

describe('classified computers', () => {
  it('walk classified-only items on classified PCs and unclassified-only items on the others', () => {
    const t = smallTemplate();
    const pcSection = t.sections.find((s) => s.room === 'computer')!;
    pcSection.items[0]!.appliesTo = 'classified';
    pcSection.items[1]!.appliesTo = 'unclassified';
    const computers = [pc('secret', 1), pc('plain', 2)];
    computers[0]!.classified = true;
    const keys = roomWalk(t, room('office', 'office', 1), computers).map((w) => w.key);
    expect(keys).toEqual(['office/-/of-a', 'office/secret/pc-a', 'office/plain/pc-b']);
  });
});
