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

const version = (n: number) => ({
  org_id: 1,
  inspection_id: 'inspection',
  kind: 'answer' as const,
  record_id: `record-${n}`,
  body: '{}',
  change_id: n,
  device_id: `device-${n % 3}`,
  seq: n,
  at: 1_790_000_000_000 + n,
  superseded_by: 1000 + n,
});

describe('insertRows', () => {
  it('writes every row with its own values, in statements of whatever sizes the count needs', async () => {
    for (const count of [1, 3, 700, 3]) {
      const rows = Array.from({ length: count }, (_, n) => version(n));
      const returned = await storage.db
        .transaction()
        .execute((trx) =>
          insertRows(trx, 'test-history', rows, {}, (t, batch) =>
            t
              .insertInto('record_history')
              .values(batch)
              .returning(['id', 'seq', 'device_id', 'record_id', 'superseded_by']),
          ),
        );
      expect(
        returned.map(({ seq, device_id, record_id, superseded_by }) => ({ seq, device_id, record_id, superseded_by })),
      ).toEqual(
        rows.map(({ seq, device_id, record_id, superseded_by }) => ({ seq, device_id, record_id, superseded_by })),
      );
    }
    expect(
      Number(
        (
          await storage.db
            .selectFrom('record_history')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(707);
  });

  it('passes the extra values to every statement', async () => {
    const rows = [version(1), version(2)];
    const returned = await insertRows(storage.db, 'test-extra', rows, { by: 5 }, (t, batch, extra) =>
      t
        .insertInto('record_history')
        .values(batch.map((row) => ({ ...row, superseded_by: extra.by })))
        .returning('superseded_by'),
    );
    expect(returned).toEqual([{ superseded_by: 5 }, { superseded_by: 5 }]);
    const again = await insertRows(storage.db, 'test-extra', rows, { by: 6 }, (t, batch, extra) =>
      t
        .insertInto('record_history')
        .values(batch.map((row) => ({ ...row, superseded_by: extra.by })))
        .returning('superseded_by'),
    );
    expect(again).toEqual([{ superseded_by: 6 }, { superseded_by: 6 }]);
  });

  it('refuses a statement with a value of its own, which every later call would repeat', async () => {
    await expect(
      insertRows(storage.db, 'test-constant', [version(1)], {}, (t, batch) =>
        t.insertInto('record_history').values(batch.map((row) => ({ ...row, superseded_by: 7 }))),
      ),
    ).rejects.toThrow(/not one of the row or extra values/);
  });
});
