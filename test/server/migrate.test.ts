import { sql, type Kysely, type Migration } from 'kysely';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/server/migrations';
import { checkNumbering, migrateToLatest } from '../../src/server/storage/migrate';
import { freshDatabase, openTestStorage } from '../helpers/test-backend';

const table = (name: string): Migration =>
  ({
    up: (db: Kysely<unknown>) => db.schema.createTable(name).addColumn('id', 'integer').execute(),
  }) as Migration;

async function fresh() {
  return openTestStorage((await freshDatabase('xunjian-migrate-')).dataDir);
}

describe('migrations', () => {
  it('applies the shipped migrations once, recording their ids', async () => {
    const storage = await fresh();
    expect(await migrateToLatest(storage.db)).toEqual(Object.keys(MIGRATIONS));
    expect(await migrateToLatest(storage.db)).toEqual([]);
    const applied = await storage.db
      .selectFrom('migrations' as never)
      .select('name' as never)
      .execute();
    expect(applied.map((r) => (r as { name: string }).name)).toEqual(Object.keys(MIGRATIONS));
    await storage.close();
  });

  it('0003 moves server order to a counter and who wrote each version, and when, onto it, dropping changes', async () => {
    const storage = await fresh();
    const { '0003-change-counter': _counter, ...released } = MIGRATIONS;
    await migrateToLatest(storage.db, released);
    const run = (query: ReturnType<typeof sql>) => query.execute(storage.db);
    await run(sql`insert into organisations (name, created_at) values ('org', 0)`);
    await run(sql`insert into inspections (id, org_id, unit, date, created_at) values ('i', 1, 'unit', 'date', 0)`);
    await run(sql`
      insert into changes (org_id, device_id, seq, inspection_id, kind, record_id, at)
      values (1, 'd1', 7, 'i', 'answer', 'a', 1000), (1, 'd2', 3, 'i', 'answer', 'a', 2000)
    `);
    await run(sql`
      insert into records (org_id, inspection_id, kind, id, body, change_id, device_id)
      values (1, 'i', 'answer', 'a', '{}', 2, 'd2')
    `);
    await run(sql`
      insert into record_history (org_id, inspection_id, kind, record_id, body, change_id, device_id, superseded_by)
      values (1, 'i', 'answer', 'a', '{}', 1, 'd1', 2)
    `);

    expect(await migrateToLatest(storage.db)).toEqual(['0003-change-counter']);
    const rows = async (query: ReturnType<typeof sql>) =>
      ((await query.execute(storage.db)).rows as Record<string, unknown>[]).map((row) =>
        Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' ? v : Number(v)])),
      );
    expect(await rows(sql`select org_id, value from change_counter`)).toEqual([{ org_id: 1, value: 2 }]);
    expect(await rows(sql`select device_id, seq, at, change_id from records`)).toEqual([
      { device_id: 'd2', seq: 3, at: 2000, change_id: 2 },
    ]);
    expect(await rows(sql`select device_id, seq, at, change_id from record_history`)).toEqual([
      { device_id: 'd1', seq: 7, at: 1000, change_id: 1 },
    ]);
    await expect(run(sql`select count(*) from changes`)).rejects.toThrow(/changes/);
    await storage.close();
  });

  it('refuses a database that applied a migration this code does not know', async () => {
    const storage = await fresh();
    await migrateToLatest(storage.db, { '0001-a': table('a'), '0002-b': table('b') });
    await expect(migrateToLatest(storage.db, { '0001-a': table('a') })).rejects.toThrow(/0002-b is missing/);
    await storage.close();
  });

  it('refuses a new migration slipped in before an applied one', async () => {
    const storage = await fresh();
    await migrateToLatest(storage.db, { '0001-a': table('a'), '0002-b': table('b') });
    // Someone renumbered: 0002-b, already applied, became 0003-b behind a new 0002-x.
    const renumbered = { '0001-a': table('a'), '0002-x': table('x'), '0003-b': table('b') };
    await expect(migrateToLatest(storage.db, renumbered)).rejects.toThrow(/0002-b is missing/);
    const inserted = { '0001-a': table('a'), '0002-b': table('b'), '0003-c': table('c') };
    expect(await migrateToLatest(storage.db, inserted)).toEqual(['0003-c']);
    await storage.close();
  });

  it('requires consecutive NNNN-name ids', () => {
    expect(() => checkNumbering(['0001-a', '0002-b'])).not.toThrow();
    expect(() => checkNumbering(['0001-a', '0003-c'])).toThrow(/should be number 2/);
    expect(() => checkNumbering(['1-a'])).toThrow(/NNNN-name/);
  });

  it('rolls back a failing migration as a whole', async () => {
    const storage = await fresh();
    const failing = { up: () => Promise.reject(new Error('boom')) } as Migration;
    await expect(migrateToLatest(storage.db, { '0001-a': table('a'), '0002-b': failing })).rejects.toThrow('boom');
    expect(await migrateToLatest(storage.db, { '0001-a': table('a') })).toEqual(['0001-a']);
    await storage.close();
  });
});
