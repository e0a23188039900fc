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
    const {
      '0003-change-counter': counter,
      '0004-scope': _scope,
      '0005-security': _security,
      '0006-device-recovery': _recovery,
      ...released
    } = MIGRATIONS;
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

    expect(await migrateToLatest(storage.db, { ...released, '0003-change-counter': counter! })).toEqual([
      '0003-change-counter',
    ]);
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

  it('0004 makes members of the users whose devices wrote an inspection (not reviewers), and notes its blobs and status', async () => {
    const storage = await fresh();
    const {
      '0004-scope': scope,
      '0005-security': _security,
      '0006-device-recovery': _recovery,
      ...released
    } = MIGRATIONS;
    await migrateToLatest(storage.db, released);
    const run = (query: ReturnType<typeof sql>) => query.execute(storage.db);
    await run(sql`insert into organisations (name, created_at) values ('org', 0)`);
    await run(sql`
      insert into users (org_id, name, role, password_hash, created_at)
      values (1, 'i1', 'inspector', 'x', 0), (1, 'i2', 'inspector', 'x', 0), (1, 'rv', 'reviewer', 'x', 0),
             (1, 'i3', 'inspector', 'x', 0)
    `);
    await run(sql`
      insert into devices (id, user_id, org_id, token_hash, label, created_at, last_seen_at)
      values ('d1', 1, 1, 't1', '', 0, 0), ('d2', 2, 1, 't2', '', 0, 0), ('dr', 3, 1, 't3', '', 0, 0),
             ('d3', 4, 1, 't4', '', 0, 0)
    `);
    await run(sql`
      insert into inspections (id, org_id, unit, date, created_at)
      values ('i', 1, 'unit', '2025-06-01', 0), ('j', 1, 'other', '2025-06-02', 0)
    `);
    const body = (value: unknown) => JSON.stringify(value);
    await run(sql`
      insert into records (org_id, inspection_id, kind, id, body, change_id, device_id, seq, at)
      values (1, 'i', 'inspection', 'i', ${body({ id: 'i' })}, 1, 'd1', 1, 100),
             (1, 'i', 'answer', 'a', '{}', 3, 'd2', 1, 300),
             (1, 'i', 'photo', 'p', ${body({ id: 'p', sha256: 'c'.repeat(64) })}, 4, 'd1', 2, 400),
             (1, 'i', 'signature', 's', ${body({ id: 's', pngSha256: 'd'.repeat(64) })}, 5, 'd1', 3, 500),
             (1, 'i', 'review', 'i', ${body({ id: 'i', status: 'reviewed' })}, 6, 'dr', 1, 600),
             (1, 'j', 'inspection', 'j', ${body({ id: 'j' })}, 7, 'd1', 4, 700)
    `);
    // i3 only wrote a version that was replaced since: still someone who worked on it.
    await run(sql`
      insert into record_history (org_id, inspection_id, kind, record_id, body, change_id, device_id, superseded_by, seq, at)
      values (1, 'i', 'answer', 'a', '{}', 2, 'd3', 3, 1, 200)
    `);
    // j was created by i2, whose first version i1 replaced: its creator is i2.
    await run(sql`
      insert into record_history (org_id, inspection_id, kind, record_id, body, change_id, device_id, superseded_by, seq, at)
      values (1, 'j', 'inspection', 'j', '{}', 2, 'd2', 7, 2, 200)
    `);

    expect(await migrateToLatest(storage.db, { ...released, '0004-scope': scope! })).toEqual(['0004-scope']);
    const rows = async (query: ReturnType<typeof sql>) =>
      ((await query.execute(storage.db)).rows as Record<string, unknown>[]).map((row) =>
        Object.fromEntries(
          Object.entries(row).map(([k, v]) => [k, typeof v === 'string' || v === null ? v : Number(v)]),
        ),
      );
    expect(
      await rows(
        sql`select inspection_id, user_id, change_id, removed_at from inspection_members order by inspection_id, user_id`,
      ),
    ).toEqual([
      { inspection_id: 'i', user_id: 1, change_id: 0, removed_at: null },
      { inspection_id: 'i', user_id: 2, change_id: 0, removed_at: null },
      { inspection_id: 'i', user_id: 4, change_id: 0, removed_at: null },
      { inspection_id: 'j', user_id: 1, change_id: 0, removed_at: null },
      { inspection_id: 'j', user_id: 2, change_id: 0, removed_at: null },
    ]);
    expect(await rows(sql`select inspection_id, sha256 from blob_refs order by sha256`)).toEqual([
      { inspection_id: 'i', sha256: 'c'.repeat(64) },
      { inspection_id: 'i', sha256: 'd'.repeat(64) },
    ]);
    expect(await rows(sql`select id, status, updated_at, created_by from inspections order by id`)).toEqual([
      { id: 'i', status: 'reviewed', updated_at: 600, created_by: 1 },
      { id: 'j', status: 'open', updated_at: 700, created_by: 2 },
    ]);
    const [state] = await rows(sql`select epoch from server_state`);
    expect(state?.epoch).toMatch(/^[0-9a-f-]{36}$/);
    await storage.close();
  });

  it('0005 notes the image of every signature kept, so none of them can sign again', async () => {
    const storage = await fresh();
    const { '0005-security': security, '0006-device-recovery': _recovery, ...released } = MIGRATIONS;
    await migrateToLatest(storage.db, released);
    const run = (query: ReturnType<typeof sql>) => query.execute(storage.db);
    await run(sql`insert into organisations (name, created_at) values ('org', 0)`);
    await run(sql`insert into inspections (id, org_id, unit, date, created_at) values ('i', 1, 'unit', 'date', 0)`);
    const body = (value: unknown) => JSON.stringify(value);
    await run(sql`
      insert into records (org_id, inspection_id, kind, id, body, change_id, device_id, seq, at)
      values (1, 'i', 'signature', 's1', ${body({ id: 's1', pngSha256: 'a'.repeat(64), voidedAt: 5 })}, 1, 'd', 1, 1),
             (1, 'i', 'signature', 's2', ${body({ id: 's2', pngSha256: 'b'.repeat(64) })}, 2, 'd', 2, 2),
             (1, 'i', 'photo', 'p', ${body({ id: 'p', sha256: 'c'.repeat(64) })}, 3, 'd', 3, 3)
    `);
    expect(await migrateToLatest(storage.db, { ...released, '0005-security': security! })).toEqual(['0005-security']);
    const images = await sql<{ sha256: string; signature_id: string }>`
      select sha256, signature_id from signature_images order by sha256`.execute(storage.db);
    expect(images.rows).toEqual([
      { sha256: 'a'.repeat(64), signature_id: 's1' },
      { sha256: 'b'.repeat(64), signature_id: 's2' },
    ]);
    await storage.close();
  });

  it('0006 keeps the devices signed in before it, with no recovery secret until one is asked for', async () => {
    const storage = await fresh();
    const { '0006-device-recovery': recovery, ...released } = MIGRATIONS;
    await migrateToLatest(storage.db, released);
    const run = (query: ReturnType<typeof sql>) => query.execute(storage.db);
    await run(sql`insert into organisations (name, created_at) values ('org', 0)`);
    await run(
      sql`insert into users (org_id, name, role, password_hash, created_at) values (1, 'u', 'inspector', 'x', 0)`,
    );
    await run(sql`
      insert into devices (id, user_id, org_id, token_hash, label, created_at, last_seen_at, revoked_at)
      values ('d', 1, 1, 'h', 'phone', 0, 0, null)`);
    expect(await migrateToLatest(storage.db, { ...released, '0006-device-recovery': recovery! })).toEqual([
      '0006-device-recovery',
    ]);
    const devices = await sql<{ id: string; recovery_key: string | null }>`
      select id, recovery_key from devices`.execute(storage.db);
    expect(devices.rows).toEqual([{ id: 'd', recovery_key: null }]);
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
