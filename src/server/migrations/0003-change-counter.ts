import { sql, type Kysely } from 'kysely';

// Never edit once released: add a new numbered migration instead.
// Server order without a row per write: a push takes its block of change ids from its
// organisation's counter, and who wrote a version and when (device, outbox seq, server
// time) is kept on the version itself, in `records` and `record_history`. `changes`
// repeated all of that.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('change_counter')
    .addColumn('org_id', 'integer', (c) => c.primaryKey().references('organisations.id'))
    // The last change id handed out to the organisation.
    .addColumn('value', 'integer', (c) => c.notNull())
    .execute();
  // Every organisation goes on above every id already given, so no cursor ever goes back.
  await sql`
    insert into change_counter (org_id, value)
    select id, (select coalesce(max(id), 0) from changes) from organisations
  `.execute(db);

  for (const table of ['records', 'record_history']) {
    await db.schema
      .alterTable(table)
      .addColumn('seq', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .alterTable(table)
      .addColumn('at', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
  }
  await sql`
    update records
    set seq = coalesce((select seq from changes where changes.id = records.change_id), 0),
        at = coalesce((select at from changes where changes.id = records.change_id), 0)
  `.execute(db);
  await sql`
    update record_history
    set seq = coalesce((select seq from changes where changes.id = record_history.change_id), 0),
        at = coalesce((select at from changes where changes.id = record_history.change_id), 0)
  `.execute(db);

  await db.schema.dropTable('changes').execute();
}
