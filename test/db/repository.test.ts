import { beforeEach, describe, expect, it } from 'vitest';
import {
  addComputer,
  addRoom,
  createInspection,
  deleteInspection,
  getTemplate,
  latestTemplates,
  loadBundle,
  moveRoom,
  removeRoom,
  restoreRoom,
  saveAnswer,
  saveFinding,
  storeTemplates,
  type NewInspection,
  type XunjianDB,
} from '../../src/db';
import { inspectionWalk, progressOf } from '../../src/shared/progress';
import { freshDatabase } from '../helpers/db';
import { smallTemplate } from '../helpers/template';

const input: NewInspection = {
  unit: '某镇人民政府',
  address: '人民路1号',
  date: '2026-11-24',
  basis: '县网信办〔2026〕5号',
  inspectors: ['王堃', '陈镕'],
  representative: { name: '李喆', title: '党政办主任' },
  template: { id: 'small', version: 1 },
};

let db: XunjianDB;
beforeEach(async () => {
  db = freshDatabase().db;
  await storeTemplates([smallTemplate(1)]);
});

describe('inspections', () => {
  it('start with the unit-wide sections laid out', async () => {
    const i = await createInspection(input, [{ kind: 'organisation', name: '组织领导' }]);
    const b = await loadBundle(i.id);
    expect(b?.inspection.unit).toBe('某镇人民政府');
    expect(b?.rooms.map((r) => [r.kind, r.name, r.order])).toEqual([['organisation', '组织领导', 1]]);
    expect(b?.template?.id).toBe('small');
  });

  it('merge answers tap by tap and remember the position', async () => {
    const i = await createInspection(input, []);
    const room = await addRoom(i.id, 'machine-room', '机房');
    const place = { roomId: room.id, itemId: 'mr-a' };
    await saveAnswer(i.id, place, { result: 'fail' });
    await saveAnswer(i.id, place, { note: '未配备UPS' });
    const a = await saveAnswer(i.id, place, { result: 'partial' });
    expect(a).toMatchObject({ result: 'partial', note: '未配备UPS' });
    const cleared = await saveAnswer(i.id, place, { note: undefined });
    expect('note' in cleared).toBe(false);
    const stored = await db.inspections.get(i.id);
    expect(stored?.position).toEqual({ roomId: room.id, itemKey: a.id });
    expect(stored?.updatedAt).toBeGreaterThanOrEqual(i.updatedAt);
  });

  it('keep a finding when the answer turns compliant, so switching back restores it', async () => {
    const i = await createInspection(input, []);
    const room = await addRoom(i.id, 'machine-room', '机房');
    const place = { roomId: room.id, itemId: 'mr-a' };
    await saveAnswer(i.id, place, { result: 'fail' });
    await saveFinding(i.id, place, { problem: '机房无UPS' });
    await saveFinding(i.id, place, { rectification: { measure: '购置6kVA UPS', owner: '张三' } });
    const f = await saveFinding(i.id, place, { rectification: { deadline: '2026-12-30' } });
    expect(f).toMatchObject({
      problem: '机房无UPS',
      rectification: { measure: '购置6kVA UPS', owner: '张三', deadline: '2026-12-30' },
    });
    await saveAnswer(i.id, place, { result: 'pass' });
    await saveAnswer(i.id, place, { result: 'fail' });
    expect((await loadBundle(i.id))?.findings.get(f.id)?.problem).toBe('机房无UPS');
  });

  it('repeat the PC checklist for each computer added to an office', async () => {
    const i = await createInspection(input, []);
    const office = await addRoom(i.id, 'office', '办公室');
    for (const tag of ['PC-1', 'PC-2', 'PC-3'])
      await addComputer(office, { assetTag: tag, user: '', location: '', classified: false });
    const b = (await loadBundle(i.id))!;
    const p = progressOf(inspectionWalk(b.template!, b.rooms, b.computers), b);
    expect(p.total).toBe(1 + 3 * 2);
  });

  it('remove rooms softly (undo restores answers) and reorder them', async () => {
    const i = await createInspection(input, []);
    const a = await addRoom(i.id, 'machine-room', 'A');
    const b = await addRoom(i.id, 'archive-room', 'B');
    await saveAnswer(i.id, { roomId: a.id, itemId: 'mr-a' }, { result: 'pass' });
    await moveRoom(b, -1);
    let rooms = (await loadBundle(i.id))!.rooms.sort((x, y) => x.order - y.order);
    expect(rooms.map((r) => r.name)).toEqual(['B', 'A']);
    await removeRoom(a);
    rooms = (await loadBundle(i.id))!.rooms;
    expect(rooms.find((r) => r.id === a.id)?.removedAt).toBeTypeOf('number');
    await restoreRoom(a);
    const after = (await loadBundle(i.id))!;
    expect(after.rooms.find((r) => r.id === a.id)?.removedAt).toBeUndefined();
    expect(after.answers.size).toBe(1);
  });

  it('delete everything recorded when an inspection is deleted', async () => {
    const i = await createInspection(input, [{ kind: 'policies', name: '制度' }]);
    const room = await addRoom(i.id, 'machine-room', '机房');
    await saveAnswer(i.id, { roomId: room.id, itemId: 'mr-a' }, { result: 'fail' });
    await saveFinding(i.id, { roomId: room.id, itemId: 'mr-a' }, { problem: 'x' });
    await deleteInspection(i.id);
    expect(await loadBundle(i.id)).toBeUndefined();
    expect(await db.rooms.count()).toBe(0);
    expect(await db.answers.count()).toBe(0);
    expect(await db.findings.count()).toBe(0);
  });
});

describe('templates', () => {
  it('keep the version an inspection started with when a newer one arrives', async () => {
    const i = await createInspection(input, []);
    const v2 = smallTemplate(2);
    v2.sections[0]!.items.push({ ...v2.sections[0]!.items[0]!, id: 'mr-new' });
    await storeTemplates([smallTemplate(1), v2]);
    expect((await latestTemplates()).map((t) => t.version)).toEqual([2]);
    const b = await loadBundle(i.id);
    expect(b?.template?.version).toBe(1);
    expect(b?.template?.sections[0]?.items.map((x) => x.id)).toEqual(['mr-a', 'mr-temp']);
    expect((await getTemplate('small', 2))?.sections[0]?.items).toHaveLength(3);
  });

  it('never overwrite a stored version (a snapshot is what the inspection saw)', async () => {
    const changed = smallTemplate(1);
    changed.title.zh = '被改过的标题';
    await storeTemplates([changed]);
    expect((await getTemplate('small', 1))?.title.zh).toBe('小模板');
  });
});

describe('draft edits', () => {
  it('keep the inspector’s text per section until reset', async () => {
    const { getDraftEdits, saveDraftEdit, resetDraft } = await import('../../src/db');
    await saveDraftEdit('i1', 'basic', '改写的基本情况');
    await saveDraftEdit('i1', 'checks', '改写的检查情况');
    await saveDraftEdit('i1', 'checks', undefined);
    expect(await getDraftEdits('i1')).toEqual({ basic: '改写的基本情况' });
    await resetDraft('i1');
    expect(await getDraftEdits('i1')).toEqual({});
  });
});
