// A newer server's record reaching an older app: held raw, the cursor moves on, nothing
// is lost; applied once the app (here: the readability rule standing in for a newer
// version's schemas) can read it; superseded by a later version of the same record.
import { beforeEach, describe, expect, it } from 'vitest';
import { applyHeldChanges, applyPulled, heldChangeCount, pullCursor, type XunjianDB } from '../../src/db';
import { Mutation, MutationShape, type Change } from '../../src/shared/sync-protocol';
import { freshDatabase } from '../helpers/db';
import { sampleInspection } from '../helpers/inspection';

let db: XunjianDB;
beforeEach(() => {
  db = freshDatabase().db;
});

/** This version's rule: what the shared schemas accept (a strict object refuses unknown fields). */
const thisVersion = (c: Change) => Mutation.safeParse({ kind: c.kind, record: c.record }).success;
/** A later version that knows the new field. */
const updated = () => true;

const newer = (changeId: number, extra: Record<string, unknown>): Change =>
  ({
    changeId,
    kind: 'inspection',
    record: { ...sampleInspection({ unit: '新版本的单位' }), ...extra },
    deviceId: 'other',
    by: 'a2',
  }) as Change;

describe('changes this app version cannot read', () => {
  it('are held raw while the cursor moves past them, and applied after the update', async () => {
    const change = newer(12, { campaignId: 'c-2026' });
    expect(thisVersion(change)).toBe(false);
    expect(await applyPulled([change], 'c12', 'me', thisVersion)).toBe(0);
    expect(await pullCursor()).toBe('c12');
    expect(await heldChangeCount()).toBe(1);
    expect(await db.inspections.get('i1')).toBeUndefined();

    // Still this version: nothing it can read yet, so it stays held.
    expect(await applyHeldChanges('me', thisVersion)).toBe(0);
    expect(await heldChangeCount()).toBe(1);

    // After the update: applied as the server sent it, unknown field and all.
    expect(await applyHeldChanges('me', updated)).toBe(1);
    expect(await heldChangeCount()).toBe(0);
    expect(await db.inspections.get('i1')).toMatchObject({ unit: '新版本的单位', campaignId: 'c-2026' });
  });

  it('are superseded by a later readable version of the same record, which shows at once', async () => {
    await applyPulled([newer(12, { campaignId: 'c-2026' })], 'c12', 'me', thisVersion);
    const later: Change = {
      changeId: 15,
      kind: 'inspection',
      record: sampleInspection({ unit: '后来的名称' }),
      deviceId: 'other',
      by: 'a2',
    };
    expect(await applyPulled([later], 'c15', 'me', thisVersion)).toBe(1);
    expect(await heldChangeCount()).toBe(0);
    expect(await db.inspections.get('i1')).toMatchObject({ unit: '后来的名称' });
    // Nothing old comes back after the update.
    expect(await applyHeldChanges('me', updated)).toBe(0);
    expect((await db.inspections.get('i1'))?.unit).toBe('后来的名称');
  });

  it('keep only the newest unreadable version of a record, and the readable one before it meanwhile', async () => {
    const readable: Change = {
      changeId: 20,
      kind: 'inspection',
      record: sampleInspection({ unit: '能读的版本' }),
      deviceId: 'other',
      by: 'a2',
    };
    await applyPulled([readable, newer(21, { a: 1 }), newer(22, { a: 2 })], 'c22', 'me', thisVersion);
    expect(await heldChangeCount()).toBe(1);
    expect((await db.inspections.get('i1'))?.unit).toBe('能读的版本');
    await applyHeldChanges('me', updated);
    expect(await db.inspections.get('i1')).toMatchObject({ a: 2 });
  });

  it('of a kind with no record id are held one by one, and never stop the pull', async () => {
    const unknownKind = { changeId: 30, kind: 'campaign', deviceId: 'x', by: 'a2', campaign: { name: '2027年检查' } };
    const alsoUnknown = { ...unknownKind, changeId: 31 };
    const changes = [unknownKind, alsoUnknown] as unknown as Change[];
    expect(await applyPulled(changes, 'c31', 'me', thisVersion)).toBe(0);
    expect(await pullCursor()).toBe('c31');
    expect((await db.held.toArray()).map((h) => h.key).sort()).toEqual(['campaign#30', 'campaign#31']);
  });

  it('are not what a NUL stored by an older server makes: the phone reads such a record', () => {
    const change = newer(40, {});
    const withNul = { kind: change.kind, record: { ...change.record, unit: '单位\u0000名' } };
    // The server refuses a NUL now; a record it stored before is still readable here.
    expect(Mutation.safeParse(withNul).success).toBe(false);
    expect(MutationShape.safeParse(withNul).success).toBe(true);
  });
});
