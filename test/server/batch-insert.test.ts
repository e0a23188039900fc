import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRows } from '../../src/server/services/batch-insert';
import { migrateToLatest } from '../../src/server/storage/migrate';
import type { Storage } from '../../src/server/storage/storage';
import { freshDatabase, openTestStorage } from '../helpers/test-backend';

let storage: Storage;
beforeAll(async () => {
  storage = openTestStorage((await freshDatabase('xunjian-batch-')).dataDir);
  await migrateToLatest(storage.db);
});
afterAll(() => storage?.close());

const change = (n: number) => ({
  org_id: 1,
  device_id: `device-${n % 3}`,
  seq: n,
  inspection_id: 'inspection',
  kind: 'answer' as const,
  record_id: `record-${n}`,
  at: 1000 + n,
});

describe('insertRows', () => {
  it('writes every row with its own values, in statements of whatever sizes the count needs', async () => {
    for (const count of [1, 3, 700, 3]) {
      const rows = Array.from({ length: count }, (_, n) => change(n));
      const returned = await storage.db
        .transaction()
        .execute((trx) =>
          insertRows(trx, 'test-changes', rows, {}, (t, batch) =>
            t.insertInto('changes').values(batch).returning(['id', 'seq', 'device_id', 'record_id', 'at']),
          ),
        );
      expect(returned.map(({ seq, device_id, record_id, at }) => ({ seq, device_id, record_id, at }))).toEqual(
        rows.map(({ seq, device_id, record_id, at }) => ({ seq, device_id, record_id, at })),
      );
    }
    expect(
      Number(
        (
          await storage.db
            .selectFrom('changes')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(707);
  });

  it('passes the extra values to every statement', async () => {
    const rows = [change(1), change(2)];
    const returned = await insertRows(storage.db, 'test-extra', rows, { at: 5 }, (t, batch, extra) =>
      t
        .insertInto('changes')
        .values(batch.map((row) => ({ ...row, at: extra.at })))
        .returning('at'),
    );
    expect(returned).toEqual([{ at: 5 }, { at: 5 }]);
    const again = await insertRows(storage.db, 'test-extra', rows, { at: 6 }, (t, batch, extra) =>
      t
        .insertInto('changes')
        .values(batch.map((row) => ({ ...row, at: extra.at })))
        .returning('at'),
    );
    expect(again).toEqual([{ at: 6 }, { at: 6 }]);
  });

  it('refuses a statement with a value of its own, which every later call would repeat', async () => {
    await expect(
      insertRows(storage.db, 'test-constant', [change(1)], {}, (t, batch) =>
        t.insertInto('changes').values(batch.map((row) => ({ ...row, at: 7 }))),
      ),
    ).rejects.toThrow(/not one of the row or extra values/);
  });
});
