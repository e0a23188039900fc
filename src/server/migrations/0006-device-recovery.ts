import type { Kysely } from 'kysely';

// Never edit once released: add a new numbered migration instead.
// The app lock (SECURITY.md): each device gets a recovery secret, kept here and given to
// the phone at sign-in. The phone wraps its data key with it and forgets it; after too
// many wrong PINs, its user signs in online again and the server hands the same secret
// back, to that user only. Devices from before this migration get theirs when they ask.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('devices').addColumn('recovery_key', 'text').execute();
}
