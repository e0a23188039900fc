import { beforeEach, describe, expect, it } from 'vitest';
import {
  addRoom,
  clearLocalData,
  deleteInspection,
  forgetToken,
  getOwner,
  getAccount,
  saveAccount,
  saveDraftEdit,
  storeTemplates,
  takeBatch,
  unsyncedWork,
  type Account,
  type XunjianDB,
} from '../../src/db';
import { createSmallInspection, freshDatabase } from '../helpers/db';
import { smallTemplate } from '../helpers/template';

let db: XunjianDB;
beforeEach(async () => {
  db = freshDatabase().db;
  await storeTemplates([smallTemplate()]);
});

const account = (deviceId: string): Account => ({
  token: `token-${deviceId}`,
  deviceId,
  user: { id: 1, name: '王堃', role: 'inspector' },
  organisation: { id: 1, name: '某县网信办' },
  signedInAt: 1,
});

async function someWork() {
  const i = await createSmallInspection();

  await addRoom(i.id, 'machine-room', '机房');
  return i;
}

describe('the account on this device', () => {
  it('keeps pending work across a new sign-in, numbering it again from 1 for the new device', async () => {
    await saveAccount(account('d1'));
    await someWork();
    expect((await takeBatch(10)).map((e) => e.seq)).toEqual([1, 2]);
    await db.settings.put({ key: 'sync.scopeCursor', value: 'e.42.42.1.d1' });

    await saveAccount(account('d2'));
    expect((await getAccount())?.deviceId).toBe('d2');
    expect((await takeBatch(10)).map((e) => e.seq)).toEqual([1, 2]);
    expect(await db.settings.get('sync.scopeCursor')).toBeUndefined();

    // The same device signing in again keeps its numbers.
    await saveAccount({ ...account('d2'), token: 'fresh' });
    expect((await takeBatch(10)).map((e) => e.seq)).toEqual([1, 2]);
  });

  it('says what signing out would lose, and signing out takes every record but the checklists', async () => {
    await saveAccount(account('d1'));
    const i = await someWork();
    expect(await unsyncedWork()).toEqual({ changes: 2, uploads: 0, localOnly: 0 });
    // A rewritten report section never syncs: it counts as what signing out would lose.
    await saveDraftEdit(i.id, 'basic', '改写的基本情况');
    expect(await unsyncedWork()).toEqual({ changes: 2, uploads: 0, localOnly: 1 });
    await clearLocalData();
    expect(await unsyncedWork()).toEqual({ changes: 0, uploads: 0, localOnly: 0 });
    expect(await getAccount()).toBeUndefined();
    expect(await db.inspections.count()).toBe(0);
    expect(await db.rooms.count()).toBe(0);
    expect(await db.templates.count()).toBe(1);
  });

  it('clears another user’s leftovers from an otherwise empty phone, and refuses their records', async () => {
    await saveAccount(account('d1'));
    const i = await someWork();
    await expect(saveAccount({ ...account('d9'), user: { id: 2, name: '陈镕', role: 'inspector' } })).rejects.toThrow(
      /王堃/,
    );
    await deleteInspection(i.id);
    await db.outbox.clear();
    expect(await db.deleted.count()).toBe(1);
    await saveAccount({ ...account('d9'), user: { id: 2, name: '陈镕', role: 'inspector' } });
    expect(await db.deleted.count()).toBe(0);
    expect((await getOwner())?.user.name).toBe('陈镕');
  });

  it('keeps whose data it is when the token is revoked, even for a phone signed in before owners were kept', async () => {
    await db.settings.put({ key: 'sync.account', value: account('d1') });
    await forgetToken();
    expect(await getAccount()).toBeUndefined();
    expect(await getOwner()).toMatchObject({ deviceId: 'd1', deviceIds: ['d1'], user: { name: '王堃' } });
  });
});
