import { sql, type Kysely } from 'kysely';

// Never edit once released: add a new numbered migration instead.
// Trust (see SECURITY.md):
// - login_throttle: failed logins per login name and per address, in the database so every
//   server process sees the same counts and a restart forgets none (services/login-throttle.ts).
// - security_events: what an office must keep of who signed in, failed, was locked out,
//   revoked, reopened or administered (services/security-log.ts), pruned after a retention.
// - signature_images: every signature image hash that ever signed, so an image signs once:
//   a voided signature's image (or a copy of anyone's) can never sign again.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('login_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('last_failure_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('security_events')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('org_id', 'integer')
    .addColumn('user_id', 'integer')
    .addColumn('device_id', 'text')
    .addColumn('address', 'text')
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('security_events_at').on('security_events').column('at').execute();

  await db.schema
    .createTable('signature_images')
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('signature_id', 'text', (c) => c.notNull())
    .addColumn('inspection_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('signature_images_pk', ['org_id', 'sha256'])
    .execute();
  const signatures = await sql<{ org_id: number; inspection_id: string; id: string; body: string }>`
    select org_id, inspection_id, id, body from records where kind = 'signature' order by change_id
  `.execute(db);
  for (const row of signatures.rows) {
    const sha = (JSON.parse(row.body) as { pngSha256?: unknown }).pngSha256;
    if (typeof sha === 'string')
      await sql`insert into signature_images (org_id, sha256, signature_id, inspection_id)
                values (${row.org_id}, ${sha}, ${row.id}, ${row.inspection_id}) on conflict do nothing`.execute(db);
  }
}
