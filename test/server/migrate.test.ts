import type { Kysely, Migration } from 'kysely';
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
