import { beforeEach, describe, expect, it } from 'vitest';
import { applyPulled, pullCursor, type XunjianDB } from '../../src/db';
import type { Change } from '../../src/shared/sync-protocol';
import { freshDatabase } from '../helpers/db';
import { sampleInspection } from '../helpers/inspection';

let db: XunjianDB;
beforeEach(() => {
  db = freshDatabase().db;
});

const reopening = { by: '王堃', reason: '补拍照片', at: 5, voidedSignatureIds: ['s1'] };

describe('changes pulled from the server', () => {
  it('keep this device’s resume position and the reopenings recorded here before sync', async () => {
    await db.inspections.put(sampleInspection({ position: { roomId: 'r1' }, reopenings: [reopening] }));
    const fromServer: Change = {
      changeId: 7,
      kind: 'inspection',
      record: sampleInspection({ address: '新地址' }),
      deviceId: 'other',
      by: 'a2',
    };
    expect(await applyPulled([fromServer], 'c7', 'me')).toBe(1);
    expect(await db.inspections.get('i1')).toMatchObject({
      address: '新地址',
      position: { roomId: 'r1' },
      reopenings: [reopening],
    });
    expect(await pullCursor()).toBe('c7');
  });

  it('leave a record alone while this device has an unconfirmed change of it, but move the cursor', async () => {
    await db.inspections.put(sampleInspection({ unit: '本机的名称' }));
    await db.outbox.add({
      key: 'inspection:i1',
      inspectionId: 'i1',
      mutation: { kind: 'inspection', record: sampleInspection({ unit: '本机的名称' }) },
    } as never);
    const fromServer: Change = { changeId: 9, kind: 'inspection', record: sampleInspection(), deviceId: 'x', by: 'a2' };
    expect(await applyPulled([fromServer], 'c9', 'me')).toBe(0);
    expect((await db.inspections.get('i1'))?.unit).toBe('本机的名称');
    expect(await pullCursor()).toBe('c9');
  });
});
