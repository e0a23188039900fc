import { sql, type Kysely } from 'kysely';

// Never edit once released: add a new numbered migration instead.
// Scope: a phone pulls the inspections its user works on, not the organisation.
// - inspection_members: who works on an inspection. `change_id` is the member's place in
//   server order: a participant added later receives the inspection's earlier records
//   at that place (services/pull.ts). The creator's is 0 (nothing earlier to catch up).
//   A removal keeps the row (and its place) so the member's phones learn they left.
// - blob_refs: which inspection names which blob, so reading a photo's bytes needs the
//   inspection in scope, not only a hash of the organisation's.
// - inspections gain what the office list filters and sorts on without opening records.
// - server_state.epoch names the data set; a restore the admin announces gets a new one.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('inspection_members')
    .addColumn('inspection_id', 'text', (c) => c.notNull().references('inspections.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('change_id', 'integer', (c) => c.notNull())
    .addColumn('added_by', 'integer')
    .addColumn('added_at', 'bigint', (c) => c.notNull())
    .addColumn('removed_change_id', 'integer')
    .addColumn('removed_at', 'bigint')
    .addPrimaryKeyConstraint('inspection_members_pk', ['inspection_id', 'user_id'])
    .execute();
  await db.schema.createIndex('inspection_members_user').on('inspection_members').columns(['user_id']).execute();

  await db.schema
    .createTable('blob_refs')
    .addColumn('inspection_id', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('blob_refs_pk', ['sha256', 'inspection_id'])
    .execute();

  // Who proved they hold a blob's bytes (uploaded them, hash checked): only they make it
  // readable through an inspection by naming it in a record (services/records.ts).
  await db.schema
    .createTable('blob_uploads')
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addPrimaryKeyConstraint('blob_uploads_pk', ['sha256', 'user_id'])
    .execute();

  await db.schema
    .createTable('server_state')
    .addColumn('epoch', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into server_state (epoch) values (${randomEpoch()})`.execute(db);

  for (const [column, type] of [
    ['created_by', 'integer'],
    ['status', 'text'],
    ['updated_at', 'bigint'],
  ] as const)
    await db.schema
      .alterTable('inspections')
      .addColumn(column, type, (c) => (column === 'status' ? c.notNull().defaultTo('open') : c))
      .execute();

  // A pull of one inspection after a cursor, and the cursor's check in history.
  await db.schema
    .createIndex('records_inspection_change')
    .on('records')
    .columns(['inspection_id', 'change_id'])
    .execute();
  await db.schema.createIndex('record_history_change').on('record_history').columns(['org_id', 'change_id']).execute();

  // Who worked on what so far: every user whose device wrote a version of it, from the start.
  await sql`
    insert into inspection_members (inspection_id, user_id, org_id, change_id, added_at)
    select distinct v.inspection_id, d.user_id, v.org_id, 0, 0
    from (select inspection_id, org_id, device_id from records
          union select inspection_id, org_id, device_id from record_history) as v
    join devices d on d.id = v.device_id
    join users u on u.id = d.user_id
    where u.role <> 'reviewer'
  `.execute(db);

  // The creator: whoever wrote the earliest version kept of the inspection record itself.
  await sql`
    update inspections set created_by = (
      select d.user_id from (
        select inspection_id, device_id, change_id from records where kind = 'inspection'
        union all
        select inspection_id, device_id, change_id from record_history where kind = 'inspection'
      ) as v
      join devices d on d.id = v.device_id
      join users u on u.id = d.user_id
      where v.inspection_id = inspections.id and u.role <> 'reviewer'
      order by v.change_id
      limit 1
    )
  `.execute(db);

  const rows = await sql<{ inspection_id: string; kind: string; body: string; device_id: string; at: number }>`
    select inspection_id, kind, body, device_id, at from records
    where kind in ('photo', 'signature', 'review', 'inspection')
  `.execute(db);
  const status = new Map<string, { signed: boolean; review?: string; updated: number }>();
  const of = (id: string) => status.get(id) ?? (status.set(id, { signed: false, updated: 0 }).get(id) as never);
  for (const row of rows.rows) {
    const body = JSON.parse(row.body) as Record<string, unknown>;
    const entry = of(row.inspection_id);
    entry.updated = Math.max(entry.updated, Number(row.at));
    const sha = row.kind === 'photo' ? body.sha256 : row.kind === 'signature' ? body.pngSha256 : undefined;
    if (typeof sha === 'string')
      await sql`insert into blob_refs (inspection_id, sha256) values (${row.inspection_id}, ${sha})
                on conflict do nothing`.execute(db);
    if (row.kind === 'signature' && body.voidedAt === undefined) entry.signed = true;
    if (row.kind === 'review' && typeof body.status === 'string') entry.review = body.status;
  }
  for (const [id, s] of status) {
    const value = s.signed ? (s.review ?? 'signed') : s.review === 'returned' ? 'returned' : 'open';
    await sql`update inspections set status = ${value}, updated_at = ${s.updated} where id = ${id}`.execute(db);
  }
}

function randomEpoch(): string {
  return globalThis.crypto.randomUUID();
}
